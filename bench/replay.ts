/**
 * Replay bench: how fast `trailwatch replay` runs CloudTrail through all catalog detections, beside jq
 * evaluating one of them, and whether its memory stays flat as the input grows.
 * - Data: a generated, deterministic CloudTrail stream (bench/replay-data.ts, ~1.3 KB per record) written
 *   once to bench/.work/replay as JSON lines and as S3-delivery `.json.gz` files.
 * - Every figure comes from the built CLI (dist/cli.js) in a fresh process, as a user runs it: throughput is
 *   events / wall time over a multi-GB stream (the same file named several times), the best of
 *   {@link RUNS} runs so that a burst of other load on the machine does not decide it; peak RSS is the
 *   process's own maxRSS (all threads) reported at exit.
 * - Peak RSS must stay flat as the input grows, for JSON lines and for `.json.gz` files (parsed whole up to a cap).
 * - jq (if installed) runs the UnauthorizedAPICall condition as `select(...)` on the same JSON lines; its
 *   match count must equal replay's, so the two did the same work.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { packageRoot } from '../lambda/bundle';
import type { ReplayReport } from '../replay/report';
import { generateCloudTrail } from './replay-data';
import type { BenchRow, BenchSection } from './types';

const ROOT = packageRoot(__dirname);
const WORK = path.join(ROOT, 'bench', '.work', 'replay');
const CLI = path.join(ROOT, 'dist', 'cli.js');
/** Records in one copy of the data: ~330 MB of JSON lines. */
const RECORDS = 250_000;
const SEED = 20240501;
/** Records per `.json.gz` file: a busy account's 5-minute delivery. */
const RECORDS_PER_GZ_FILE = 2_500;
/** Copies of the data per throughput run: ~2 GB of JSON lines. */
const THROUGHPUT_COPIES = 6;
/** Runs per throughput figure; the best one is reported. */
const RUNS = 3;
const TARGET_EVENTS_PER_SECOND = 100_000;
/** Peak RSS at 4× the input may exceed 1× by this factor (noise, heap growth policy), no more. */
const FLAT_MEMORY_FACTOR = 1.2;

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

export const run: BenchSection = async () => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npx tsx scripts/build.ts\` first (npm run bench does)`);
  const data = ensureData();
  const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;
  const row = (r: Omit<BenchRow, 'section'>): BenchRow => ({ section: 'replay', ...r });
  const rows: BenchRow[] = [];

  const jq = runJq(data.lines);
  const lines = await bestOf(() => runCli(Array(THROUGHPUT_COPIES).fill(data.lines)));
  rows.push(
    row({
      metric: `throughput, JSON lines, all ${Object.keys(lines.report.detections).length} detections (${gb(THROUGHPUT_COPIES * data.linesBytes)}, best of ${RUNS})`,
      value: Math.round(lines.eventsPerSecond),
      unit: 'events/s',
      ...(jq && { reference: { label: 'jq, UnauthorizedAPICall only', value: Math.round(jq.eventsPerSecond) } }),
      target: `>= ${TARGET_EVENTS_PER_SECOND} events/s`,
      pass: lines.eventsPerSecond >= TARGET_EVENTS_PER_SECOND,
      ...(!jq && { note: 'jq not installed: no reference (apt-get install -y jq)' }),
    }),
  );
  const gz = await bestOf(() => runCli(Array(THROUGHPUT_COPIES).fill(data.gzFolder)));
  rows.push(
    row({
      metric: `throughput, S3 .json.gz Records files (${data.gzFiles * THROUGHPUT_COPIES} files, ${gb(THROUGHPUT_COPIES * data.linesBytes)} unzipped, best of ${RUNS})`,
      value: Math.round(gz.eventsPerSecond),
      unit: 'events/s',
      target: `>= ${TARGET_EVENTS_PER_SECOND} events/s`,
      pass: gz.eventsPerSecond >= TARGET_EVENTS_PER_SECOND,
    }),
  );
  const oneThread = await bestOf(() => runCli([data.lines, data.lines], ['--jobs', '1']));
  rows.push(row({ metric: `throughput, JSON lines, one thread (--jobs 1, best of ${RUNS})`, value: Math.round(oneThread.eventsPerSecond), unit: 'events/s' }));

  const once = await runCli([data.lines]);
  const four = await runCli(Array(4).fill(data.lines));
  rows.push(
    row({ metric: `peak RSS, 1x input (${gb(data.linesBytes)})`, value: mb(once.maxRssBytes), unit: 'MB' }),
    row({
      metric: `peak RSS, 4x input (${gb(4 * data.linesBytes)})`,
      value: mb(four.maxRssBytes),
      unit: 'MB',
      reference: { label: '1x input', value: mb(once.maxRssBytes) },
      target: `<= ${FLAT_MEMORY_FACTOR}x the 1x figure`,
      pass: four.maxRssBytes <= FLAT_MEMORY_FACTOR * once.maxRssBytes,
    }),
  );
  // Records files up to a cap are parsed whole (replay/read-input.ts): memory must stay flat with more files too.
  const gzOnce = await runCli([data.gzFolder]);
  rows.push(
    row({
      metric: `peak RSS, S3 .json.gz Records files, ${THROUGHPUT_COPIES}x input (${data.gzFiles * THROUGHPUT_COPIES} files)`,
      value: mb(gz.maxRssBytes),
      unit: 'MB',
      reference: { label: `1x input (${data.gzFiles} files)`, value: mb(gzOnce.maxRssBytes) },
      target: `<= ${FLAT_MEMORY_FACTOR}x the 1x figure`,
      pass: gz.maxRssBytes <= FLAT_MEMORY_FACTOR * gzOnce.maxRssBytes,
    }),
  );
  if (jq) {
    const matches = once.report.detections.UnauthorizedAPICall.matches;
    rows.push(
      row({
        metric: 'UnauthorizedAPICall matches, one copy (replay vs jq)',
        value: matches,
        unit: 'events',
        reference: { label: 'jq', value: jq.matches },
        target: 'equal',
        pass: matches === jq.matches,
      }),
    );
  }
  return rows;
};

interface BenchData {
  readonly lines: string;
  readonly linesBytes: number;
  readonly gzFolder: string;
  readonly gzFiles: number;
}

/** Writes the data once; a stamp of the generator's parameters tells when it must be written again. */
function ensureData(): BenchData {
  const lines = path.join(WORK, 'events.jsonl');
  const gzFolder = path.join(WORK, 's3');
  const stamp = path.join(WORK, 'stamp.json');
  const expected = JSON.stringify({ RECORDS, SEED, RECORDS_PER_GZ_FILE, generator: fs.statSync(path.join(__dirname, 'replay-data.ts')).mtimeMs });
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== expected) {
    fs.rmSync(WORK, { recursive: true, force: true });
    fs.mkdirSync(gzFolder, { recursive: true });
    const out = fs.openSync(lines, 'w');
    let batch: string[] = [];
    let file = 0;
    generateCloudTrail(RECORDS, SEED, (json) => {
      batch.push(json);
      if (batch.length < RECORDS_PER_GZ_FILE) return;
      fs.writeSync(out, `${batch.join('\n')}\n`);
      const name = `111122223333_CloudTrail_ap-northeast-2_20240501T${String(file).padStart(4, '0')}Z_bench.json.gz`;
      fs.writeFileSync(path.join(gzFolder, name), gzipSync(`{"Records":[${batch.join(',')}]}`));
      file++;
      batch = [];
    });
    fs.closeSync(out);
    fs.writeFileSync(stamp, expected);
  }
  return { lines, linesBytes: fs.statSync(lines).size, gzFolder, gzFiles: fs.readdirSync(gzFolder).length };
}

interface CliRun {
  readonly report: ReplayReport;
  readonly eventsPerSecond: number;
  readonly maxRssBytes: number;
}

/**
 * `trailwatch replay --json <inputs>` in a fresh node process; the process writes its peak RSS
 * (`process.resourceUsage().maxRSS`, KiB, every thread included) to stderr as it exits.
 */
async function runCli(inputs: readonly string[], flags: readonly string[] = []): Promise<CliRun> {
  const wrapper = `process.on('exit', () => require('node:fs').writeSync(2, '\\nmaxRSS=' + process.resourceUsage().maxRSS + '\\n'));
process.argv.splice(1, 0, 'trailwatch');
require(${JSON.stringify(CLI)});`;
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['-e', wrapper, '--', 'replay', '--json', ...flags, ...inputs], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const errors = Buffer.concat(stderr).toString();
  if (status !== 0) throw new Error(`trailwatch replay exited with ${status}: ${errors.slice(0, 500)}`);
  const report = JSON.parse(Buffer.concat(stdout).toString()) as ReplayReport;
  const maxRss = /maxRSS=(\d+)/.exec(errors);
  return { report, eventsPerSecond: report.events / seconds, maxRssBytes: Number(maxRss?.[1]) * 1024 };
}

async function bestOf(measure: () => Promise<CliRun>): Promise<CliRun> {
  let best: CliRun | undefined;
  for (let run = 0; run < RUNS; run++) {
    const result = await measure();
    if (!best || result.eventsPerSecond > best.eventsPerSecond) best = result;
  }
  return best!;
}

/** jq's events/s and match count on the JSON lines, or `undefined` when jq is not installed. */
function runJq(file: string): { eventsPerSecond: number; matches: number } | undefined {
  try {
    execFileSync('jq', ['--version'], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  const started = process.hrtime.bigint();
  const out = execFileSync('jq', ['-c', JQ_UNAUTHORIZED_API_CALL, file], { maxBuffer: 1024 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const matches = out.toString().split('\n').filter((line) => line !== '').length;
  return { eventsPerSecond: RECORDS / seconds, matches };
}

function mb(bytes: number): number {
  return Math.round(bytes / 1e6);
}
