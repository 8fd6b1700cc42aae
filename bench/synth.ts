/**
 * Synth bench: wall time and peak RSS of synthesizing 1, 10 and 100 account stacks, each in a fresh process
 * started exactly as `npm run synth` and `cdktf synth` start it (node on the compiled dist/lib/main.js, the
 * accounts read from a configuration file), beside the floor of a node start that loads nothing. The
 * per-account marginal cost is (100 − 10) / 90.
 *
 * The accounts cycle through trailwatch.config.json's (one creating its trail, one on an existing log group)
 * under unique names and ids; every run writes to an empty output folder, like a fresh clone. Work files live
 * in a temporary folder, removed at the end.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageRoot } from '../stacks/package-root';
import type { BenchRow, BenchSection } from './types';

const ROOT = packageRoot(__dirname);
const MAIN = path.join(ROOT, 'dist', 'lib', 'main.js');
const RUNS = 5;
const TARGETS = { oneAccountSeconds: 1.5, hundredAccountsSeconds: 6, rssMiB: 400 };

interface Measurement {
  readonly seconds: number;
  readonly rssMiB: number;
  readonly cpuSeconds: number;
}

export const run: BenchSection = async () => {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first.`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trailwatch-bench-synth-'));
  try {
    return measureAll(work);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
};

function measureAll(work: string): BenchRow[] {
  // Writes the process's own resource usage where the bench reads it, whatever the program prints.
  const usage = path.join(work, 'usage.js');
  fs.writeFileSync(usage, "process.on('exit', () => require('node:fs').writeFileSync(process.env.BENCH_USAGE, JSON.stringify(process.resourceUsage())));\n");
  const empty = path.join(work, 'empty.js');
  fs.writeFileSync(empty, '');
  const examples = JSON.parse(fs.readFileSync(path.join(ROOT, 'trailwatch.config.json'), 'utf8')) as Record<string, unknown>[];

  const measure = (script: string, env: Record<string, string>): Measurement => {
    const usageFile = path.join(work, 'usage.json');
    const started = process.hrtime.bigint();
    execFileSync(process.execPath, ['--require', usage, script], { cwd: work, env: { ...process.env, ...env, BENCH_USAGE: usageFile }, stdio: ['ignore', 'ignore', 'inherit'] });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = JSON.parse(fs.readFileSync(usageFile, 'utf8')) as NodeJS.ResourceUsage;
    return { seconds, rssMiB: used.maxRSS / 1024, cpuSeconds: (used.userCPUTime + used.systemCPUTime) / 1e6 };
  };

  const floor = median(Array.from({ length: RUNS }, () => measure(empty, {})));
  const results = new Map<number, Measurement>();
  for (const count of [1, 10, 100]) {
    const config = path.join(work, `accounts-${count}.json`);
    const accounts = Array.from({ length: count }, (_, i) => ({
      ...examples[i % examples.length],
      name: `bench${i}`,
      id: String(100000000000 + i),
      assumeRoleArn: undefined,
    }));
    fs.writeFileSync(config, JSON.stringify(accounts));
    const outdir = path.join(work, `out-${count}`);
    results.set(
      count,
      median(
        Array.from({ length: RUNS }, () => {
          fs.rmSync(outdir, { recursive: true, force: true });
          return measure(MAIN, { TRAILWATCH_CONFIG: config, CDKTF_OUTDIR: outdir });
        }),
      ),
    );
  }

  const row = (r: Omit<BenchRow, 'section'>): BenchRow => ({ section: 'synth', ...r });
  const rows: BenchRow[] = [];
  for (const [accounts, m] of results) {
    const target = accounts === 1 ? TARGETS.oneAccountSeconds : accounts === 100 ? TARGETS.hundredAccountsSeconds : undefined;
    rows.push(
      row({
        metric: `${accounts} account${accounts > 1 ? 's' : ''}: synth wall time, fresh node process on dist/lib/main.js (median of ${RUNS})`,
        value: round(m.seconds, 2),
        unit: 's',
        reference: { label: 'node start of an empty script', value: round(floor.seconds, 2) },
        ...(target !== undefined && { target: `<= ${target} s`, pass: m.seconds <= target }),
        note: `${round(m.cpuSeconds, 2)} s CPU in the app process`,
      }),
      row({
        metric: `${accounts} account${accounts > 1 ? 's' : ''}: peak RSS of the app process`,
        value: Math.round(m.rssMiB),
        unit: 'MiB',
        reference: { label: 'node start of an empty script', value: Math.round(floor.rssMiB) },
        target: `<= ${TARGETS.rssMiB} MiB`,
        pass: m.rssMiB <= TARGETS.rssMiB,
      }),
    );
  }
  const [ten, hundred] = [results.get(10)!, results.get(100)!];
  rows.push(
    row({ metric: 'marginal cost per account (100 vs 10): wall time', value: Math.round(((hundred.seconds - ten.seconds) / 90) * 1000), unit: 'ms' }),
    row({ metric: 'marginal cost per account (100 vs 10): peak RSS', value: round((hundred.rssMiB - ten.rssMiB) / 90, 2), unit: 'MiB' }),
  );
  return rows;
}

/** Median by wall time (its own RSS and CPU), so one figure set comes from one run. */
function median(runs: Measurement[]): Measurement {
  return [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
}

function round(value: number, digits: number): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}
