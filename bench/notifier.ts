/**
 * Notifier bench: what the Lambda costs beyond the two SDK clients it cannot do without, and how many
 * sequential AWS round trips an alarm takes.
 * - Bundle size and cold module init of dist/notifier/index.js, each beside a floor bundle built with
 *   the same esbuild options that only constructs the two clients. Init is timed inside fresh node
 *   processes (require() only), alternating the two, median of several runs.
 * - Round trips: the built handler runs in a fresh process against the local AWS stand-in, which
 *   delays every answer by a fixed time D (cold: first invocation of the process, warm: the second).
 *   Round trips = (latency with delay D − latency with no delay) / D: the difference removes the
 *   fixed local cost (a cold process pays ~50 ms for the SDK's first request, ~30 ms for the first
 *   fetch and ~25 ms for ICU's time-zone data here), leaving the time spent waiting on AWS calls one
 *   after another. Beside it, the exact count: the longest chain of calls the stand-in saw, each
 *   received after the previous one was answered.
 */
import { execFileSync, fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { awsEnvironment, sequentialDepth, startAwsStandIn, TARGETS, type AwsCall } from '../__tests__/notifier/support/aws-stand-in';
import { fakeTable } from '../__tests__/notifier/support/fake-dynamodb';
import { FAKE_KMS_ROUTES, fakeCiphertext } from '../__tests__/notifier/support/fake-kms';
import { alarmMessage, cloudTrailRecord, LOG_GROUP, logEvent, snsEvent } from '../__tests__/notifier/support/fixtures';
import { startWebhookStandIn } from '../__tests__/notifier/support/webhook-stand-in';
import { buildNotifierBundle, lambdaBundleOptions, packageRoot } from '../lambda/bundle';
import type { BenchRow, BenchSection } from './types';

const ROOT = packageRoot(__dirname);
const WORK = path.join(ROOT, 'bench', '.work', 'notifier');
const INIT_RUNS = 9;
/** Added to every AWS answer: long against this machine's noise (tens of ms) so the ratio reads as a count. */
const AWS_DELAY_MS = 200;
/** Fresh processes per delay; the median is kept. */
const LATENCY_RUNS = 3;
const FUNCTION_NAME = 'trailwatch-notifier';

export const run: BenchSection = async () => {
  fs.mkdirSync(WORK, { recursive: true });
  const bundle = buildNotifierBundle();
  const floor = buildFloorBundle();

  const size = (file: string) => fs.statSync(file).size / 1024;
  const [bundleKb, floorKb] = [size(bundle), size(floor)];
  const init = measureInit(bundle, floor);
  const trips = await measureRoundTrips(bundle);

  const row = (r: Omit<BenchRow, 'section'>): BenchRow => ({ section: 'notifier', ...r });
  return [
    row({
      metric: 'bundle size (dist/notifier/index.js)',
      value: round(bundleKb, 1),
      unit: 'KiB',
      reference: { label: 'floor: the two SDK clients only', value: round(floorKb, 1) },
      target: '<= 1.2x floor',
      pass: bundleKb <= 1.2 * floorKb,
    }),
    row({
      metric: `cold module init (median of ${INIT_RUNS} fresh processes)`,
      value: round(init.bundleMs, 1),
      unit: 'ms',
      reference: { label: 'floor: the two SDK clients only', value: round(init.floorMs, 1) },
      target: '<= 1.15x floor',
      pass: init.bundleMs <= 1.15 * init.floorMs,
    }),
    ...(['cold', 'warm'] as const).map((kind) => {
      const t = trips[kind];
      const roundTrips = (t.delayedMs - t.baseMs) / AWS_DELAY_MS;
      const limit = kind === 'cold' ? 3 : 2;
      return row({
        metric: `${kind} invocation: sequential AWS round trips ((latency − latency without delay) / ${AWS_DELAY_MS} ms)`,
        value: round(roundTrips, 2),
        unit: 'round trips',
        reference: { label: 'longest chain of sequential calls seen by the AWS stand-in', value: t.depth },
        target: `<= ${limit}`,
        pass: Math.round(roundTrips) <= limit && t.depth <= limit,
        note: `${t.requests} AWS requests; median latency ${Math.round(t.delayedMs)} ms with ${AWS_DELAY_MS} ms per AWS call, ${Math.round(t.baseMs)} ms without; webhook POST included`,
      });
    }),
  ];
};

/** The notifier's esbuild options, for an entry that only constructs the two clients. */
function buildFloorBundle(): string {
  const entry = path.join(WORK, 'floor.ts');
  const outfile = path.join(WORK, 'floor', 'index.js');
  fs.writeFileSync(
    entry,
    [
      "import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';",
      "import { KMSClient } from '@aws-sdk/client-kms';",
      'const logs = new CloudWatchLogsClient({});',
      'const kms = new KMSClient({});',
      'export const handler = async () => [logs, kms].length;',
      '',
    ].join('\n'),
  );
  buildSync(lambdaBundleOptions(entry, outfile));
  return outfile;
}

function measureInit(bundle: string, floor: string): { bundleMs: number; floorMs: number } {
  const probe = (file: string): number => {
    const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
    const env = { ...process.env, AWS_REGION: 'ap-northeast-2', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    return Number(execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8' }));
  };
  probe(bundle); // warms the OS file cache for both, outside the measurement
  probe(floor);
  const bundleMs: number[] = [];
  const floorMs: number[] = [];
  for (let i = 0; i < INIT_RUNS; i++) {
    bundleMs.push(probe(bundle));
    floorMs.push(probe(floor));
  }
  return { bundleMs: median(bundleMs), floorMs: median(floorMs) };
}

interface Invocation {
  readonly ms: number;
  readonly calls: readonly AwsCall[];
}

interface RoundTrips {
  readonly delayedMs: number;
  readonly baseMs: number;
  /** Longest chain of sequential calls seen by the stand-in (delayed runs, worst of them). */
  readonly depth: number;
  readonly requests: number;
}

async function measureRoundTrips(bundle: string): Promise<{ cold: RoundTrips; warm: RoundTrips }> {
  const runs: Record<'delayed' | 'base', { cold: Invocation; warm: Invocation }[]> = { delayed: [], base: [] };
  for (let i = 0; i < LATENCY_RUNS; i++) {
    runs.delayed.push(await invokeTwice(bundle, AWS_DELAY_MS));
    runs.base.push(await invokeTwice(bundle, 0));
  }
  const of = (kind: 'cold' | 'warm'): RoundTrips => ({
    delayedMs: median(runs.delayed.map((r) => r[kind].ms)),
    baseMs: median(runs.base.map((r) => r[kind].ms)),
    depth: Math.max(...runs.delayed.map((r) => sequentialDepth(r[kind].calls))),
    requests: Math.max(...runs.delayed.map((r) => r[kind].calls.length)),
  });
  return { cold: of('cold'), warm: of('warm') };
}

/** One fresh process (a cold container) handling two transitions of the same alarm. */
async function invokeTwice(bundle: string, delayMs: number): Promise<{ cold: Invocation; warm: Invocation }> {
  const table = fakeTable('trailwatch-notifier-state');
  const aws = await startAwsStandIn({
    delayMs,
    routes: {
      ...FAKE_KMS_ROUTES,
      ...table.routes,
      [TARGETS.describeMetricFilters]: () => ({ body: { metricFilters: [{ filterName: 'f', filterPattern: '{ $.errorCode = "AccessDenied*" }', logGroupName: LOG_GROUP }] } }),
      [TARGETS.filterLogEvents]: () => ({ body: { events: [logEvent(cloudTrailRecord())] } }),
    },
  });
  const hook = await startWebhookStandIn();
  try {
    const script = path.join(WORK, 'invoke-twice.js');
    fs.writeFileSync(
      script,
      [
        'const { handler } = require(process.argv[2]);',
        'const events = JSON.parse(process.argv[3]);',
        'const context = { getRemainingTimeInMillis: () => 30000 };',
        '(async () => {',
        '  for (let i = 0; i < 2; i++) {',
        '    const t = process.hrtime.bigint();',
        '    await handler(events[i], context);',
        '    process.send(Number(process.hrtime.bigint() - t) / 1e6);',
        '    await new Promise((r) => process.once("message", r));',
        '  }',
        '  process.disconnect();',
        '})().catch((e) => { console.error(e); process.exit(1); });',
        '',
      ].join('\n'),
    );
    const env = {
      ...process.env,
      ...awsEnvironment(aws.url),
      AWS_LAMBDA_FUNCTION_NAME: FUNCTION_NAME,
      WEBHOOK_URL: fakeCiphertext(hook.url, { LambdaFunctionName: FUNCTION_NAME }),
      STATE_TABLE: table.name,
    };
    // Two transitions of the alarm: the same one twice would be posted once (delivery records).
    const events = [snsEvent(alarmMessage()), snsEvent(alarmMessage({ StateChangeTime: '2026-01-07T05:36:05.472+0000' }))];
    const child = fork(script, [bundle, JSON.stringify(events)], { env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const results: Invocation[] = [];
    await new Promise<void>((resolve, reject) => {
      child.on('message', (ms) => {
        // The child waits for this reply before its next invocation, so calls split cleanly per invocation.
        results.push({ ms: Number(ms), calls: aws.calls.slice(results.reduce((n, r) => n + r.calls.length, 0)) });
        child.send('next');
      });
      child.on('exit', (code) => (code === 0 && results.length === 2 ? resolve() : reject(new Error(`latency probe exited with ${code}`))));
    });
    if (hook.posts.length !== 2) throw new Error(`expected 2 posts, got ${hook.posts.length}`);
    return { cold: results[0], warm: results[1] };
  } finally {
    await Promise.all([aws.close(), hook.close()]);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function round(value: number, digits: number): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}
