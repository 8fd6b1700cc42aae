/**
 * Synth bench: wall time and peak RSS of synthesizing 1, 10 and 100 account stacks, each in a fresh process
 * started the way `npm run synth` starts main.ts (tsx, TypeScript compiled on the fly, the app builder loaded
 * through stacks/app-loader.ts), beside the floor of that same start with an empty script. The per-account
 * marginal cost is (100 − 10) / 90; a last row times the first synth after a code change (bundle rebuilt).
 *
 * The accounts cycle through main.ts's EXAMPLE_ACCOUNTS (one creating its trail, one on an existing log
 * group) under unique names and ids; every run writes to an empty output folder, like a fresh clone.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../lambda/bundle';
import { APP_BUILDER_BUNDLE } from '../stacks/app-loader';
import type { BenchRow, BenchSection } from './types';

const ROOT = packageRoot(__dirname);
const WORK = path.join(ROOT, 'bench', '.work', 'synth');
const TSX_CLI = require.resolve('tsx/cli');
const RUNS = 3;
const TARGETS = { oneAccountSeconds: 1.5, hundredAccountsSeconds: 6, rssMiB: 400 };

interface Measurement {
  readonly seconds: number;
  readonly rssMiB: number;
  readonly cpuSeconds: number;
}

export const run: BenchSection = async () => {
  fs.mkdirSync(WORK, { recursive: true });
  const app = writeApp();
  const empty = path.join(WORK, 'empty.ts');
  fs.writeFileSync(empty, 'process.stdout.write(JSON.stringify(process.resourceUsage()));\n');

  const floor = median(Array.from({ length: RUNS }, () => measure(empty, [])));
  // Once after a code change: the app builder is bundled again before synthesizing.
  const rebuilt = median(
    Array.from({ length: RUNS }, () => {
      fs.rmSync(APP_BUILDER_BUNDLE, { force: true });
      return measure(app, ['1', path.join(WORK, 'out-rebuilt')]);
    }),
  );
  const results = new Map<number, Measurement>();
  for (const accounts of [1, 10, 100]) {
    const outdir = path.join(WORK, `out-${accounts}`);
    results.set(
      accounts,
      median(
        Array.from({ length: RUNS }, () => {
          fs.rmSync(outdir, { recursive: true, force: true });
          return measure(app, [String(accounts), outdir]);
        }),
      ),
    );
  }

  const row = (r: Omit<BenchRow, 'section'>): BenchRow => ({ section: 'synth', ...r });
  const floorReference = { label: 'tsx start of an empty script', value: round(floor.seconds, 2) };
  const rows: BenchRow[] = [];
  for (const [accounts, m] of results) {
    const target = accounts === 1 ? TARGETS.oneAccountSeconds : accounts === 100 ? TARGETS.hundredAccountsSeconds : undefined;
    rows.push(
      row({
        metric: `${accounts} account${accounts > 1 ? 's' : ''}: synth wall time, fresh tsx process (median of ${RUNS})`,
        value: round(m.seconds, 2),
        unit: 's',
        reference: floorReference,
        ...(target !== undefined && { target: `<= ${target} s`, pass: m.seconds <= target }),
        note: `${round(m.cpuSeconds, 2)} s CPU in the app process`,
      }),
      row({
        metric: `${accounts} account${accounts > 1 ? 's' : ''}: peak RSS of the app process`,
        value: Math.round(m.rssMiB),
        unit: 'MiB',
        reference: { label: 'tsx start of an empty script', value: Math.round(floor.rssMiB) },
        target: `<= ${TARGETS.rssMiB} MiB`,
        pass: m.rssMiB <= TARGETS.rssMiB,
      }),
    );
  }
  const [ten, hundred] = [results.get(10)!, results.get(100)!];
  rows.push(
    row({
      metric: '1 account, first synth after a code change (app builder bundled again)',
      value: round(rebuilt.seconds, 2),
      unit: 's',
      reference: { label: '1 account, bundle current', value: round(results.get(1)!.seconds, 2) },
    }),
    row({ metric: 'marginal cost per account (100 vs 10): wall time', value: Math.round(((hundred.seconds - ten.seconds) / 90) * 1000), unit: 'ms' }),
    row({ metric: 'marginal cost per account (100 vs 10): peak RSS', value: round((hundred.rssMiB - ten.rssMiB) / 90, 2), unit: 'MiB' }),
  );
  return rows;
};

/** The app as main.ts runs it, for N accounts; prints its own resource usage. */
function writeApp(): string {
  const file = path.join(WORK, 'app.ts');
  const rel = (target: string) => JSON.stringify(path.relative(WORK, path.join(ROOT, target)).split(path.sep).join('/'));
  fs.writeFileSync(
    file,
    [
      `import { EXAMPLE_ACCOUNTS } from ${rel('main')};`,
      `import { loadAppBuilder } from ${rel('stacks/app-loader')};`,
      'const { parseAccounts, synthApp } = loadAppBuilder();',
      'const [count, outdir] = [Number(process.argv[2]), process.argv[3]];',
      'const accounts = Array.from({ length: count }, (_, i) => ({',
      '  ...EXAMPLE_ACCOUNTS[i % EXAMPLE_ACCOUNTS.length],',
      '  name: `bench${i}`,',
      '  id: String(100000000000 + i),',
      '  allowedAccountIds: undefined,',
      '  assumeRoleArn: undefined,',
      '}));',
      "synthApp(parseAccounts(accounts, 'bench'), outdir);",
      'process.stdout.write(JSON.stringify(process.resourceUsage()));',
      '',
    ].join('\n'),
  );
  return file;
}

function measure(script: string, args: string[]): Measurement {
  const started = process.hrtime.bigint();
  const output = execFileSync(process.execPath, [TSX_CLI, script, ...args], { cwd: ROOT, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const usage = JSON.parse(output) as NodeJS.ResourceUsage;
  return { seconds, rssMiB: usage.maxRSS / 1024, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 };
}

/** Median by wall time (its own RSS and CPU), so one figure set comes from one run. */
function median(runs: Measurement[]): Measurement {
  return [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
}

function round(value: number, digits: number): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}
