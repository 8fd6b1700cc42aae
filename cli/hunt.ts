/**
 * `trailwatch hunt`: the deployed patterns of an account run by CloudWatch Logs over its log group
 * (FilterLogEvents, hunt/hunt.ts) for a past time range, reported like `replay`.
 */
import type { Command } from 'commander';
import type { FilterLogEvents } from '../hunt/filter-pages';
import { hunt, type HuntProgress } from '../hunt/hunt';
import { monitoredLogGroupName } from '../stacks/config';
import type { CliIo, CommandContext } from './context';
import { chooseDetections, type DetectionChoice } from './detections';
import { replayText } from './replay-output';
import { formatCount } from './table';
import { parseTimeRange } from './time-range';
import { UsageError } from './usage-error';

interface HuntFlags extends DetectionChoice {
  readonly detection?: string[];
  readonly since: string;
  readonly until?: string;
  readonly logGroup?: string;
  readonly json?: boolean;
}

/** Adds `hunt` to the program. */
export function registerHuntCommand(cli: Command, { io, withDetectionChoice, exit }: CommandContext): void {
  withDetectionChoice(cli.command('hunt').description("run the account's deployed patterns over its CloudWatch Logs log group (FilterLogEvents) and report what would have fired"))
    .requiredOption('--since <when>', 'start: a duration back from now (7d, 36h, 90m, 2w) or a date/time (2024-05-01); within the log group retention')
    .option('--until <when>', 'end, exclusive (default: now)')
    .option('--detection <name...>', 'only these detections')
    .option('--log-group <name>', "the log group (default: the account's, as synth monitors it)")
    .option('--json', 'print the report as one JSON document')
    .action(async (flags: HuntFlags) => {
      exit(await runHunt(flags, io));
    });
}

async function runHunt(flags: HuntFlags, io: CliIo): Promise<number> {
  const chosen = chooseDetections(flags);
  const detections = flags.detection ? pick(chosen.detections, flags.detection) : chosen.detections;
  const logGroup = flags.logGroup ?? (chosen.account ? monitoredLogGroupName(chosen.account) : undefined);
  if (logGroup === undefined) throw new UsageError('hunt needs --account (its trail log group) or --log-group');
  const { since, until } = parseTimeRange(flags.since, flags.until, new Date());
  const logs = cloudWatchLogs();
  const progress: HuntProgress = { detection: '', detectionIndex: 0, detectionsTotal: 0, pages: 0, matches: 0, throttled: 0 };
  const { stderr } = io;
  const line = stderr.isTTY ? setInterval(() => stderr.write(`\r\x1b[K${progressText(progress).slice(0, (stderr.columns || 80) - 1)}`), 250) : undefined;
  let report;
  try {
    report = await hunt(logs.filterLogEvents, logGroup, detections, since, until, {
      progress,
      onProblem: (problem) => void stderr.write(`${stderr.isTTY ? '\r\x1b[K' : ''}trailwatch: skipped ${problem.file}: ${problem.reason}\n`),
    });
  } finally {
    if (line) {
      clearInterval(line);
      stderr.write('\r\x1b[K');
    }
    logs.close();
  }
  // replay's report counts files: here the one input is the log group, and `events` are the matching ones.
  const searched = `${logGroup} from ${since.toISOString()} to ${until.toISOString()}: ${formatCount(progress.pages)} FilterLogEvents pages${progress.throttled ? `, ${formatCount(progress.throttled)} throttled calls retried` : ''}.`;
  const output = flags.json ? JSON.stringify(report, null, 2) : `${searched}\n${replayText(report, { ...chosen, detections, inputs: 1 })}`;
  io.stdout.write(`${output}\n`);
  return report.skipped > 0 ? 1 : 0;
}

/**
 * The SDK is required when hunt runs, by a name esbuild does not follow: bundled, it would more than double
 * dist/cli.js (1.0 → 2.3 MB) and the start of every command (0.31 → 0.55 s). It is a dependency, so it
 * resolves from node_modules. Credentials and region come from the environment (AWS_PROFILE, AWS_REGION, …).
 * The SDK's own retries are off: hunt/filter-pages.ts backs off on throttling itself, and counts it.
 */
const CLOUDWATCH_LOGS_SDK = '@aws-sdk/client-cloudwatch-logs';

function cloudWatchLogs(): { readonly filterLogEvents: FilterLogEvents; close(): void } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require(CLOUDWATCH_LOGS_SDK) as typeof import('@aws-sdk/client-cloudwatch-logs');
  const client = new sdk.CloudWatchLogsClient({ maxAttempts: 1 });
  return { filterLogEvents: (input) => client.send(new sdk.FilterLogEventsCommand(input)), close: () => client.destroy() };
}

function pick<T extends { readonly name: string }>(detections: readonly T[], names: readonly string[]): T[] {
  for (const name of names) {
    if (!detections.some((detection) => detection.name === name)) {
      throw new UsageError(`no detection "${name}" (detections: ${detections.map((detection) => detection.name).join(', ')})`);
    }
  }
  return detections.filter((detection) => names.includes(detection.name));
}

function progressText({ detection, detectionIndex, detectionsTotal, pages, matches, throttled }: HuntProgress): string {
  return `hunt  detection ${detectionIndex}/${detectionsTotal} ${detection}  ${formatCount(pages)} pages  ${formatCount(matches)} matches${throttled ? `  throttled ${formatCount(throttled)}×` : ''}`;
}
