/**
 * The `trailwatch` command line: `patterns`, `match`, `replay`, `hunt`, `sql` and `redrive`, as a function of its arguments and streams
 * (cli/entry.ts runs it as the program; tests run it in-process). It never loads cdktf or the AWS provider, so
 * it starts in a fraction of a second.
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
import { ConfigError } from '../stacks/config';
import type { CliIo, CommandContext } from './context';
import { chooseDetections, type DetectionChoice } from './detections';
import { registerHuntCommand } from './hunt';
import { matchLines, patternMatcher } from './match';
import { patternsJson, patternsTable } from './patterns';
import { ProgressLine } from './progress';
import { registerRedrive } from './redrive';
import { replayText, suggestionLines } from './replay-output';
import { registerSqlCommand } from './sql';
import { UsageError } from './usage-error';

export type { CliIo } from './context';

interface ReplayFlags extends DetectionChoice {
  readonly json?: boolean;
  readonly suggestExclusions?: boolean;
  readonly minShare: number;
  readonly jobs: number;
}

function program(io: CliIo, run: { status: number }): Command {
  const write = (text: string): void => void io.stdout.write(`${text}\n`);
  // Honours back-pressure, so piping a large `match` output stays in bounded memory.
  const writeRaw = (text: string): Promise<void> =>
    new Promise((resolve) => {
      if (io.stdout.write(text)) resolve();
      else io.stdout.once('drain', resolve);
    });
  const cli = new Command('trailwatch')
    .description('CloudTrail human-activity detections: show the deployed patterns, test one, replay CloudTrail through them.')
    .version(version)
    .exitOverride()
    // One line per error, like every other error of this command.
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      outputError: (text, writeErr) => writeErr(`trailwatch: ${text.replace(/^error: /, '').replace(/\n(?=.)/g, ' ')}`),
    });

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
      const input = file === undefined || file === '-' ? io.stdin : createReadStream(file);
      try {
        await matchLines(matcher, input as AsyncIterable<Buffer | string>, writeRaw);
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
      run.status = await runReplay(paths, flags, io);
    });
  const context: CommandContext = { io, withDetectionChoice, exit: (status) => (run.status = status) };
  registerHuntCommand(cli, context);
  registerSqlCommand(cli, context);
  registerRedrive(cli, context);
  return cli;
}

function withDetectionChoice(command: Command): Command {
  return command
    .addOption(new Option('--profile <profile>', 'pattern profile (default: the account\'s, or human)').choices(PROFILES))
    .option('--account <name>', 'an account of the configuration file')
    .option('--config <file>', 'the accounts file synth reads (default: $TRAILWATCH_CONFIG, else ./trailwatch.config.json)');
}

async function runReplay(paths: readonly string[], flags: ReplayFlags, io: CliIo): Promise<number> {
  const write = (text: string): void => void io.stdout.write(`${text}\n`);
  const chosen = chooseDetections(flags);
  const progressLine = io.stderr.isTTY ? new ProgressLine(io.stderr as NodeJS.WriteStream) : undefined;
  const log = (line: string): void => (progressLine ? progressLine.log(line) : void io.stderr.write(`${line}\n`));
  const progress = progressLine?.progress ?? { bytesTotal: 0, bytesRead: 0, inputsTotal: 0, inputsDone: 0, events: 0 };
  let result;
  try {
    result = await replay(paths, chosen.detections, {
      progress,
      onProblem: (problem) => log(`trailwatch: skipped ${where(problem)}: ${problem.reason}`),
      workers: { count: flags.jobs },
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

/** Runs the command line (`argv` as process.argv: node, script, arguments…); resolves to the exit status. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const run = { status: 0 };
  try {
    await program(io, run).parseAsync(argv as string[]);
    return run.status;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2; // commander printed the message
    const usage = error instanceof UsageError || error instanceof ConfigError || error instanceof DetectionConfigError;
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(message.split('\n').map((line) => `trailwatch: ${line}\n`).join(''));
    return usage ? 2 : 1;
  }
}
