import { compileMatcher, type Matcher } from '../pattern/evaluate';
import { parsePattern, PatternSyntaxError } from '../pattern/parse';
import { checkPattern } from '../pattern/validate';
import { forEachLine, LineBlocks, linesText, logEventText } from '../replay/line-blocks';
import { UsageError } from './usage-error';

/**
 * The pattern as a matcher, refused (usage error, exit 2) when CloudWatch would refuse it: a syntax error
 * with its offset, or a quota (length, regexes, wildcard selectors).
 */
export function patternMatcher(pattern: string): Matcher {
  let parsed;
  try {
    parsed = parsePattern(pattern);
  } catch (error) {
    if (!(error instanceof PatternSyntaxError)) throw error;
    throw new UsageError(`invalid pattern at ${error.position}: ${error.message.replace(/ \(at offset \d+\)$/, '')}`);
  }
  const quota = checkPattern(pattern).find((problem) => problem.code !== 'syntax');
  if (quota) throw new UsageError(`invalid pattern: ${quota.message}`);
  return compileMatcher(parsed);
}

/**
 * `trailwatch match`: one output line per input line, `true` or `false`, so the answers line up with the
 * input (`paste events.jsonl <(trailwatch match ...)`). A line that is not JSON — a blank line included —
 * is `false`: CloudWatch matches no JSON pattern on it (only the empty pattern `""` matches every line).
 * A CloudWatch Logs export timestamp before the JSON is skipped, as replay does.
 */
export async function matchLines(matcher: Matcher, input: AsyncIterable<Buffer | string>, write: (text: string) => Promise<void>): Promise<void> {
  let answers: string[] = [];
  const splitter = new LineBlocks({
    block: (bytes, firstLine) => forEachLine(linesText(bytes), firstLine, (line) => answers.push(matches(matcher, logEventText(line)) ? 'true' : 'false')),
    tooLong: () => answers.push('false'),
  });
  const flush = async (): Promise<void> => {
    if (answers.length === 0) return;
    const text = `${answers.join('\n')}\n`;
    answers = [];
    await write(text);
  };
  for await (const chunk of input) {
    splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    await flush();
  }
  splitter.end();
  await flush();
}

function matches(matcher: Matcher, text: string): boolean {
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    event = undefined; // not JSON: the matcher says false for a JSON pattern
  }
  return matcher(event, text);
}
