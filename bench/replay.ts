/**
 * Replay bench: how fast `trailwatch replay` runs CloudTrail through every detection of an account, beside
 * the limit of the machine on the same files, and jq evaluating one of the detections; and whether its memory
 * stays flat as the input grows.
 * - Data: two generated, deterministic CloudTrail streams (bench/replay-data.ts): `routine` traffic (under 1 %
 *   of the records match a detection) and a `detection-heavy` mix (about a third do); each as JSON lines and as
 *   S3-delivery `.json.gz` files, written to a temporary folder that is removed at the end.
 * - Every figure is a fresh process, as a user runs it (replay through bin/trailwatch.js), timed wall clock from
 *   spawn to exit, over {@link COPIES} copies of the data: events / seconds. Each figure is the median of
 *   {@link RUNS} runs, with min–max; the references
 *   are measured in the same invocation, their runs alternating with replay's, so that load from elsewhere
 *   on the machine falls on all of them alike.
 * - The limit (replay-floor.ts), with as many threads as replay: reading the bytes and splitting lines (or
 *   gunzipping), then the same plus `JSON.parse` of every record. Replay's ratio to both is printed.
 * - jq (if installed) runs the UnauthorizedAPICall condition as `select(...)` on the same JSON lines; its match
 *   count must equal replay's, so the two did the same work.
 * - Peak RSS (the process's maxRSS, every thread) at 4x the input may be at most {@link FLAT_MEMORY_FACTOR}x that at 1x.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ReplayReport } from '../replay/report';
import { buildFloorScript, type FloorStage } from './replay-floor';
import { generateCloudTrail, type Mix } from './replay-data';
import type { BenchRow, BenchSection } from './types';

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'bin', 'trailwatch.js');
/** Records per mix: ~260 MB of JSON lines. TRAILWATCH_BENCH_RECORDS changes it (a quick trial of the bench itself). */
const RECORDS = Number(process.env.TRAILWATCH_BENCH_RECORDS ?? 200_000);
/**
 * Each throughput run reads the data this many times (the same file or folder named again: ~1 GB, 800,000
 * records), so that starting the process and its threads (~0.3 s) weighs little, as in a month of CloudTrail;
 * its peak RSS is the 4x figure of the memory rows.
 */
const COPIES = 4;
const SEED = 20240501;
/** Records per `.json.gz` file: a busy account's 5-minute delivery. */
const RECORDS_PER_GZ_FILE = 2_500;
/** Runs per figure: the median is reported, with min–max. */
const RUNS = 5;
const THREADS = os.availableParallelism();
const TARGETS: Readonly<Record<Mix, number>> = { routine: 300_000, 'detection-heavy': 150_000 };
/** Peak RSS at 4× the input may exceed 1× by this factor (noise, heap growth policy), no more. */
const FLAT_MEMORY_FACTOR = 1.1;
const MIXES: readonly Mix[] = ['routine', 'detection-heavy'];

/** The human profile's UnauthorizedAPICall (catalog/detections.ts) as jq: `!=` on a field that may be absent is guarded as in the pattern. */
const JQ_UNAUTHORIZED_API_CALL = `select(
  (.errorCode | type == "string" and (endswith("UnauthorizedOperation") or startswith("AccessDenied")))
  and (.userIdentity.type == null or .userIdentity.type != "AWSService")
  and ((.userIdentity.arn // "") | contains(":assumed-role/AWSServiceRoleFor") | not)
  and ((.userIdentity.invokedBy // "") | endswith(".amazonaws.com") | not)
  and (.eventSource | type == "string" and . != "ce.amazonaws.com")
  and (.sourceIPAddress != "delivery.logs.amazonaws.com")
  and (.eventName | type == "string" and . != "HeadBucket")
  and (.userIdentity.sessionContext.ec2RoleDelivery == null))`;

interface Dataset {
  readonly mix: Mix;
  readonly lines: string;
  readonly linesBytes: number;
  readonly gzFolder: string;
  readonly gzFiles: number;
  readonly gzBytes: number;
}

export const run: BenchSection = async () => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trailwatch-bench-replay-'));
  const removeWork = (): void => fs.rmSync(work, { recursive: true, force: true });
  process.once('exit', removeWork); // also when interrupted by an error
  try {
    const jq = jqVersion();
    const floor = buildFloorScript(work);
    const rows: BenchRow[] = [row({ metric: 'machine load before', value: os.loadavg()[0], unit: 'load', note: loadAverage() })];
    for (const mix of MIXES) {
      console.error(`bench: replay: writing ${mix} data ...`);
      const data = writeData(work, mix);
      console.error(`bench: replay: measuring ${mix} (${RUNS} alternating runs of each figure) ...`);
      const linesRss: number[] = [];
      const gzRss: number[] = [];
      rows.push(...(await linesRows(data, floor, jq, linesRss)), ...(await gzRows(data, floor, gzRss)));
      if (mix === 'routine') rows.push(...(await oneThreadRows(data)), ...(await memoryRows(data, linesRss, gzRss)));
      fs.rmSync(path.dirname(data.lines), { recursive: true, force: true });
    }
    rows.push(row({ metric: 'machine load after', value: os.loadavg()[0], unit: 'load', note: loadAverage() }));
    if (!jq) rows.push(row({ metric: 'jq reference', value: 0, unit: '', note: 'jq not installed: no reference (apt-get install -y jq)' }));
    return rows;
  } finally {
    removeWork();
    process.removeListener('exit', removeWork);
  }
};

const row = (r: Omit<BenchRow, 'section'>): BenchRow => ({ section: 'replay', ...r });

/** Throughput on JSON lines beside the floors and jq, alternating runs. */
async function linesRows(data: Dataset, floor: string, jq: string | undefined, rss: number[]): Promise<BenchRow[]> {
  const file = Array<string>(COPIES).fill(data.lines);
  const replay = new ReplayRuns(file, rss);
  let jqMatches: number | undefined;
  const measures: Record<string, () => Promise<number>> = {
    replay: () => replay.measure(),
    split: () => runFloor(floor, 'split', 'lines', file),
    parse: () => runFloor(floor, 'parse', 'lines', file),
  };
  if (jq) {
    measures.jq = async () => {
      const result = runJq(data.lines);
      jqMatches = result.matches;
      return result.seconds;
    };
  }
  const runs = await alternate(measures);
  const report = replay.report!;
  const events = report.events;
  const rows = [
    row({ metric: `${data.mix}, JSON lines: the data, read ${COPIES} times per run`, value: events, unit: 'events', note: `${COPIES} x ${gb(data.linesBytes)}; ${matchShare(report)}` }),
    ...throughputRows(`${data.mix}, JSON lines`, events, runs, data.mix),
  ];
  if (jq) {
    // jq reads the file once: its events/s are per its own events.
    const matches = report.detections.UnauthorizedAPICall.matches / COPIES;
    rows.push(
      row({ metric: `${data.mix}, JSON lines: ${jq}, UnauthorizedAPICall only, 1 thread`, value: median(perSecond(events / COPIES, runs.jq)), unit: 'events/s', note: spread(perSecond(events / COPIES, runs.jq)) }),
      row({
        metric: `${data.mix}, UnauthorizedAPICall matches per copy (replay vs jq)`,
        value: matches,
        unit: 'events',
        reference: { label: 'jq', value: jqMatches! },
        target: 'equal',
        pass: matches === jqMatches,
      }),
    );
  }
  return rows;
}

/** Throughput on S3 `.json.gz` Records files beside the floors (gunzip; gunzip + JSON.parse). */
async function gzRows(data: Dataset, floor: string, rss: number[]): Promise<BenchRow[]> {
  const folder = Array<string>(COPIES).fill(data.gzFolder);
  const replay = new ReplayRuns(folder, rss);
  const runs = await alternate({
    replay: () => replay.measure(),
    split: () => runFloor(floor, 'split', 'gz', folder),
    parse: () => runFloor(floor, 'parse', 'gz', folder),
  });
  return [
    row({ metric: `${data.mix}, S3 .json.gz: the data, read ${COPIES} times per run`, value: data.gzFiles, unit: 'files', note: `${gb(data.gzBytes)}, ${gb(data.linesBytes)} unzipped` }),
    ...throughputRows(`${data.mix}, S3 .json.gz`, replay.report!.events, runs, data.mix),
  ];
}

function throughputRows(what: string, events: number, runs: Record<string, number[]>, mix: Mix): BenchRow[] {
  const replay = median(perSecond(events, runs.replay));
  const split = median(perSecond(events, runs.split));
  const parse = median(perSecond(events, runs.parse));
  return [
    row({
      metric: `${what}: replay, all detections, ${THREADS} threads`,
      value: replay,
      unit: 'events/s',
      note: spread(perSecond(events, runs.replay)),
      target: `>= ${TARGETS[mix].toLocaleString('en-US')} events/s`,
      pass: replay >= TARGETS[mix],
    }),
    row({ metric: `${what}: floor, read + ${what.includes('.gz') ? 'gunzip' : 'split lines'}, ${THREADS} threads`, value: split, unit: 'events/s', note: spread(perSecond(events, runs.split)) }),
    row({ metric: `${what}: floor, + JSON.parse, ${THREADS} threads`, value: parse, unit: 'events/s', note: spread(perSecond(events, runs.parse)) }),
    row({ metric: `${what}: replay / floor (read)`, value: round2(replay / split), unit: 'x' }),
    row({ metric: `${what}: replay / floor (+ JSON.parse)`, value: round2(replay / parse), unit: 'x' }),
  ];
}

async function oneThreadRows(data: Dataset): Promise<BenchRow[]> {
  const replay = new ReplayRuns(Array<string>(COPIES).fill(data.lines), [], ['--jobs', '1']);
  const runs = await alternate({ replay: () => replay.measure() });
  const events = replay.report!.events;
  return [row({ metric: `${data.mix}, JSON lines: replay, one thread (--jobs 1)`, value: median(perSecond(events, runs.replay)), unit: 'events/s', note: spread(perSecond(events, runs.replay)) })];
}

/** Peak RSS at 1× the input, JSON lines and `.json.gz` files, alternating runs, beside that of the throughput runs ({@link COPIES}×). */
async function memoryRows(data: Dataset, lines4: readonly number[], gz4: readonly number[]): Promise<BenchRow[]> {
  const rss: Record<string, number[]> = { lines1: [], gz1: [] };
  const lines1 = new ReplayRuns([data.lines], rss.lines1);
  const gz1 = new ReplayRuns([data.gzFolder], rss.gz1);
  await alternate({ lines1: () => lines1.measure(), gz1: () => gz1.measure() });
  const memoryRow = (what: string, one: readonly number[], four: readonly number[]): BenchRow => {
    const ratio = median(four) / median(one);
    return row({
      metric: `peak RSS, ${what}, 4x input`,
      value: mb(median(four)),
      unit: 'MB',
      note: `1x: ${mb(median(one))} MB (${spreadOf(one.map(mb))}); 4x: ${spreadOf(four.map(mb))}; ratio ${round2(ratio)}`,
      reference: { label: '1x input', value: mb(median(one)) },
      target: `<= ${FLAT_MEMORY_FACTOR}x the 1x figure`,
      pass: ratio <= FLAT_MEMORY_FACTOR,
    });
  };
  return [memoryRow(`JSON lines, ${gb(COPIES * data.linesBytes)}`, rss.lines1, lines4), memoryRow(`.json.gz, ${COPIES * data.gzFiles} files`, rss.gz1, gz4)];
}

/** Writes one mix as JSON lines and as `.json.gz` Records files. */
function writeData(work: string, mix: Mix): Dataset {
  const folder = path.join(work, mix);
  const lines = path.join(folder, 'events.jsonl');
  const gzFolder = path.join(folder, 's3');
  fs.mkdirSync(gzFolder, { recursive: true });
  const out = fs.openSync(lines, 'w');
  let batch: string[] = [];
  let file = 0;
  const flush = (): void => {
    fs.writeSync(out, `${batch.join('\n')}\n`);
    const name = `111122223333_CloudTrail_ap-northeast-2_20240501T${String(file).padStart(4, '0')}Z_bench.json.gz`;
    fs.writeFileSync(path.join(gzFolder, name), gzipSync(`{"Records":[${batch.join(',')}]}`));
    file++;
    batch = [];
  };
  generateCloudTrail(RECORDS, SEED, mix, (json) => {
    batch.push(json);
    if (batch.length === RECORDS_PER_GZ_FILE) flush();
  });
  if (batch.length > 0) flush();
  fs.closeSync(out);
  const gzBytes = fs.readdirSync(gzFolder).reduce((sum, name) => sum + fs.statSync(path.join(gzFolder, name)).size, 0);
  return { mix, lines, linesBytes: fs.statSync(lines).size, gzFolder, gzFiles: file, gzBytes };
}

/**
 * Runs each measure {@link RUNS} times, round-robin (a, b, c, a, b, c, ...), so that a burst of load from
 * elsewhere falls on every measure alike. Each measure returns seconds.
 */
async function alternate(measures: Readonly<Record<string, () => Promise<number>>>): Promise<Record<string, number[]>> {
  const keys = Object.keys(measures);
  const seconds: Record<string, number[]> = Object.fromEntries(keys.map((key) => [key, []]));
  for (let run = 0; run < RUNS; run++) for (const key of keys) seconds[key].push(await measures[key]());
  return seconds;
}

interface ProcessRun {
  readonly seconds: number;
  readonly stdout: string;
  readonly maxRssBytes: number;
}

/**
 * `node -e <wrapper> -- args` in a fresh process: the wrapper writes the process's peak RSS
 * (`process.resourceUsage().maxRSS`, KiB, every thread included) to stderr as it exits, then loads `script`.
 */
async function runNode(script: string, args: readonly string[]): Promise<ProcessRun> {
  const wrapper = `process.on('exit', () => require('node:fs').writeSync(2, '\\nmaxRSS=' + process.resourceUsage().maxRSS + '\\n'));
process.argv.splice(1, 0, ${JSON.stringify(script)});
require(${JSON.stringify(script)});`;
  return spawnTimed(['-e', wrapper, '--', ...args]);
}

/** `node <args>`, timed from spawn to exit; exit status 0 is required. */
async function spawnTimed(args: readonly string[]): Promise<ProcessRun> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const errors = Buffer.concat(stderr).toString();
  if (status !== 0) throw new Error(`node ${args.filter((arg) => !arg.includes('\n')).join(' ')} exited with ${status}: ${errors.slice(0, 500)}`);
  const maxRss = /maxRSS=(\d+)/.exec(errors);
  return { seconds, stdout: Buffer.concat(stdout).toString(), maxRssBytes: Number(maxRss?.[1]) * 1024 };
}

/** Runs of `trailwatch replay --json <inputs>`: their seconds, every peak RSS, and the last report. */
class ReplayRuns {
  report: ReplayReport | undefined;

  constructor(
    private readonly inputs: readonly string[],
    private readonly rss: number[],
    private readonly flags: readonly string[] = [],
  ) {}

  async measure(): Promise<number> {
    const cli = await runCli(this.inputs, this.flags);
    this.report = cli.report;
    this.rss.push(cli.maxRssBytes);
    return cli.seconds;
  }
}

/** `trailwatch replay --json <inputs>`; the data holds Insights events and no bad records, so status 0 is required. */
async function runCli(inputs: readonly string[], flags: readonly string[] = []): Promise<ProcessRun & { readonly report: ReplayReport }> {
  const result = await runNode(CLI, ['replay', '--json', ...flags, ...inputs]);
  return { ...result, report: JSON.parse(result.stdout) as ReplayReport };
}

async function runFloor(script: string, stage: FloorStage, format: 'lines' | 'gz', inputs: readonly string[]): Promise<number> {
  return (await spawnTimed([script, stage, format, String(THREADS), ...inputs])).seconds;
}

function jqVersion(): string | undefined {
  try {
    return execFileSync('jq', ['--version']).toString().trim();
  } catch {
    return undefined;
  }
}

/** jq's seconds and match count on the JSON lines. */
function runJq(file: string): { seconds: number; matches: number } {
  const started = process.hrtime.bigint();
  const out = execFileSync('jq', ['-c', JQ_UNAUTHORIZED_API_CALL, file], { maxBuffer: 1024 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, matches: out.toString().split('\n').filter((line) => line !== '').length };
}

/** `detection matches: 0.6 % of events` — an upper bound on the share of records that match (a record may match twice). */
function matchShare(report: ReplayReport): string {
  const matches = Object.values(report.detections).reduce((sum, detection) => sum + detection.matches, 0);
  return `detection matches: ${((100 * matches) / report.events).toFixed(1)} % of events`;
}

function perSecond(events: number, seconds: readonly number[]): number[] {
  return seconds.map((s) => Math.round(events / s));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
}

/** `median of 5; 280,123–320,456`. */
function spread(values: readonly number[]): string {
  return `median of ${values.length}; ${spreadOf(values)}`;
}

function spreadOf(values: readonly number[]): string {
  return `${Math.min(...values).toLocaleString('en-US')}–${Math.max(...values).toLocaleString('en-US')}`;
}

function loadAverage(): string {
  return `1/5/15 min: ${os.loadavg().map((load) => load.toFixed(2)).join(' ')} on ${os.availableParallelism()} cores`;
}

function gb(bytes: number): string {
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

function mb(bytes: number): number {
  return Math.round(bytes / 1e6);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
