/**
 * The `trailwatch` command line: `patterns`, `match`, `replay` and `redrive`. Bundled into dist/cli.js (scripts/build.ts)
 * and run by bin/trailwatch.js. It never loads cdktf or the AWS provider, so it starts in a fraction of a second.
 *
 * Exit status: 0 done; 1 `replay` skipped a file or record (reported on stderr); 2 usage or configuration
 * error (one line on stderr: `trailwatch: <reason>`).
 */
import { createReadStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Command, CommanderError, Option } from 'commander';
import { DetectionConfigError } from '../catalog/compile';
import { PROFILES } from '../catalog/types';
import { version } from '../package.json';
import { replay } from '../replay/replay';
import { MAX_REPORTED_PROBLEMS, type Problem } from '../replay/report';
import { suggestExclusions } from '../replay/suggest-exclusions';
import { isReplayWorker, runReplayWorker } from '../replay/worker-pool';
import { ConfigError } from '../stacks/config';
import { chooseDetections, type DetectionChoice } from './detections';
import { matchLines, patternMatcher } from './match';
import { patternsJson, patternsTable } from './patterns';
import { ProgressLine } from './progress';
import { registerRedrive } from './redrive';
import { replayText, suggestionLines } from './replay-output';
import { UsageError } from './usage-error';

interface ReplayFlags extends DetectionChoice {
  readonly json?: boolean;
  readonly suggestExclusions?: boolean;
  readonly minShare: number;
  readonly jobs: number;
}

function program(): Command {
  const cli = new Command('trailwatch')
    .description('CloudTrail human-activity detections: show the deployed patterns, test one, replay CloudTrail through them.')
    .version(version)
    .exitOverride()
    // One line per error, like every other error of this command.
    .configureOutput({ outputError: (text, write) => write(`trailwatch: ${text.replace(/^error: /, '').replace(/\n(?=.)/g, ' ')}`) });

  withDetectionChoice(cli.command('patterns').description('print the filter patterns synth deploys, one per detection'))
    .option('--json', 'print { "<name>": "<pattern>" }')
    .action((flags: DetectionChoice & { json?: boolean }) => {
      const { detections } = chooseDetections(flags);
      write(flags.json ? patternsJson(detections) : patternsTable(detections));
    });

  cli
    .command('match')
    .description('print true or false for each line of CloudTrail JSON lines (a file, or stdin): does the pattern match it?')
    .requiredOption('--pattern <pattern>', 'a CloudWatch Logs JSON filter pattern, e.g. \'{$.eventName="ConsoleLogin"}\'')
    .argument('[file]', 'JSON lines; stdin when absent or -')
    .action(async (file: string | undefined, flags: { pattern: string }) => {
      const matcher = patternMatcher(flags.pattern);
      const input = file === undefined || file === '-' ? process.stdin : createReadStream(file);
      try {
        await matchLines(matcher, input, writeRaw);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' ? new UsageError(`cannot read ${file}: ${code}`) : error;
      }
    });

  withDetectionChoice(
    cli
      .command('replay')
      .description(
        'run CloudTrail through the detections and report what would have fired: S3 log files (.json.gz/.json with Records), ' +
          'JSON lines or CloudWatch Logs exports (plain or gzip, told by content); folders are read recursively, - is stdin',
      ),
  )
    .argument('<paths...>', 'files, folders, or - for stdin')
    .option('--json', 'print the report as one JSON document')
    .option('--suggest-exclusions', 'print, as JSON settings to paste into the account, the principals that dominate a detection that would have notified at least twice')
    .addOption(
      new Option('--min-share <percent>', 'with --suggest-exclusions: the share of a detection\'s matches a principal must have')
        .default(50)
        .argParser(parsePercent),
    )
    .addOption(
      new Option('--jobs <threads>', 'threads that parse and match (large inputs only; 1 = this thread only)')
        .default(availableParallelism(), 'one per core')
        .argParser((text) => positiveInteger('--jobs', text)),
    )
    .action(async (paths: string[], flags: ReplayFlags) => {
      process.exitCode = await runReplay(paths, flags);
    });
  registerRedrive(cli);
  return cli;
}

function withDetectionChoice(command: Command): Command {
  return command
    .addOption(new Option('--profile <profile>', 'pattern profile (default: the account\'s, or human)').choices(PROFILES))
    .option('--account <name>', 'an account of --config, or of the example configuration in main.ts')
    .option('--config <file>', 'a JSON file holding an array of accounts, like main.ts\'s configuration');
}

async function runReplay(paths: readonly string[], flags: ReplayFlags): Promise<number> {
  const chosen = chooseDetections(flags);
  const progressLine = process.stderr.isTTY ? new ProgressLine(process.stderr) : undefined;
  const log = (line: string): void => (progressLine ? progressLine.log(line) : void process.stderr.write(`${line}\n`));
  const progress = progressLine?.progress ?? { bytesTotal: 0, bytesRead: 0, inputsTotal: 0, inputsDone: 0, events: 0 };
  let result;
  try {
    result = await replay(paths, chosen.detections, {
      progress,
      onProblem: (problem) => log(`trailwatch: skipped ${where(problem)}: ${problem.reason}`),
      // This bundle is the worker script too: see the end of this file.
      workers: { script: __filename, count: flags.jobs },
    });
  } finally {
    progressLine?.stop();
  }
  const { report } = result;
  if (report.skipped > MAX_REPORTED_PROBLEMS) log(`trailwatch: ${report.skipped - MAX_REPORTED_PROBLEMS} more skipped files or records not listed`);

  const minShare = flags.minShare / 100;
  const suggestions = flags.suggestExclusions ? suggestExclusions(result, minShare) : undefined;
  if (flags.json) {
    write(JSON.stringify(suggestions ? { ...report, suggestedExclusions: suggestions.settings } : report, null, 2));
  } else if (suggestions) {
    for (const line of suggestionLines(suggestions, minShare)) log(line);
    write(JSON.stringify(suggestions.settings, null, 2));
  } else {
    write(replayText(report, { ...chosen, inputs: progress.inputsTotal }));
  }
  return report.skipped > 0 ? 1 : 0;
}

function where({ file, line, record }: Problem): string {
  return `${file}${line !== undefined ? ` line ${line}` : ''}${record !== undefined ? ` record ${record}` : ''}`;
}

function parsePercent(text: string): number {
  const value = Number(text);
  if (!(value > 0 && value <= 100)) throw new UsageError(`--min-share must be a percentage above 0 and at most 100, got "${text}"`);
  return value;
}

function positiveInteger(option: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`${option} must be a whole number of at least 1, got "${text}"`);
  return value;
}

function write(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Writes honouring back-pressure, so piping a large `match` output stays in bounded memory. */
function writeRaw(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once('drain', resolve);
  });
}

/** Runs the command line; resolves to the exit status. */
async function main(argv: readonly string[]): Promise<number> {
  try {
    await program().parseAsync(argv as string[]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2; // commander printed the message
    const usage = error instanceof UsageError || error instanceof ConfigError || error instanceof DetectionConfigError;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(message.split('\n').map((line) => `trailwatch: ${line}\n`).join(''));
    return usage ? 2 : 1;
  }
}

// The bundle's entry point: bin/trailwatch.js requires dist/cli.js; replay's worker threads run it too.
if (isReplayWorker()) {
  runReplayWorker();
} else {
  // `trailwatch match ... | head`: the reader left, so there is nothing more to say.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
  void main(process.argv).then((status) => {
    process.exitCode = status;
  });
}
