/**
 * `npm run bench [-- --only <section>] [--write | --out <file>]`: runs the bench sections one after another
 * (never in parallel: they measure time and memory) and prints one table. Results are written only where
 * asked: `--write` updates the tracked bench/results.json, `--out <file>` writes a file git does not track
 * (both with a description of the machine and each section's date; `--only` replaces that section's figures
 * and keeps the others). A section whose module is missing is skipped with a note. Exit status 1 when a
 * target is missed, 2 on a usage error.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BenchRow, BenchSection } from './types';

const SECTIONS = ['replay', 'synth', 'notifier'] as const;
const RESULTS = path.join(__dirname, 'results.json');

interface SectionOutcome {
  readonly section: string;
  readonly rows: readonly BenchRow[];
  readonly skipped?: string;
  readonly seconds: number;
}

async function main(argv: readonly string[]): Promise<number> {
  const only = option(argv, '--only');
  if (only !== undefined && !(SECTIONS as readonly string[]).includes(only)) {
    console.error(`bench: unknown section "${only}" (sections: ${SECTIONS.join(', ')})`);
    return 2;
  }
  const out = option(argv, '--out');
  if (out !== undefined && isTracked(out)) {
    console.error(`bench: ${out} is tracked by git: write it with --write (bench/results.json) or choose an untracked file`);
    return 2;
  }
  const destination = argv.includes('--write') ? RESULTS : out;
  const outcomes: SectionOutcome[] = [];
  for (const section of SECTIONS.filter((name) => only === undefined || name === only)) {
    console.error(`bench: ${section} ...`);
    outcomes.push(await runSection(section));
  }
  const rows = outcomes.flatMap((outcome) => outcome.rows);
  console.log(table(rows));
  for (const { section, skipped } of outcomes) if (skipped) console.log(`${section}: skipped (${skipped})`);

  if (destination !== undefined) {
    writeResults(outcomes, destination);
    console.log(`\nwritten to ${path.relative(process.cwd(), destination)}`);
  } else {
    console.log(`\nnot written (--write updates ${path.relative(process.cwd(), RESULTS)}; --out <file> writes an untracked file)`);
  }
  return rows.some((row) => row.pass === false) ? 1 : 0;
}

async function runSection(section: string): Promise<SectionOutcome> {
  const started = Date.now();
  const seconds = (): number => Math.round((Date.now() - started) / 100) / 10;
  if (!fs.existsSync(path.join(__dirname, `${section}.ts`))) return { section, rows: [], skipped: `bench/${section}.ts is missing`, seconds: 0 };
  const { run } = (await import(`./${section}`)) as { run: BenchSection };
  return { section, rows: await run(), seconds: seconds() };
}

interface Results {
  readonly machine: Record<string, string | number>;
  readonly sections: readonly { readonly section: string; readonly date: string; readonly seconds: number; readonly skipped?: string }[];
  readonly rows: readonly BenchRow[];
}

/** Whether git tracks `file` (then only `--write` may replace it: a bench run must not dirty the checkout unasked). */
function isTracked(file: string): boolean {
  try {
    execFileSync('git', ['ls-files', '--error-unmatch', path.resolve(file)], { cwd: __dirname, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Writes this run's sections into `file`, keeping the sections it did not run (`--only`). */
function writeResults(outcomes: readonly SectionOutcome[], file: string): void {
  const ran = new Set(outcomes.map(({ section }) => section));
  const previous: Results | undefined = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Results) : undefined;
  const date = new Date().toISOString();
  const sections = [
    ...(previous?.sections ?? []).filter(({ section }) => !ran.has(section)),
    ...outcomes.map(({ section, skipped, seconds }) => ({ section, date, seconds, ...(skipped && { skipped }) })),
  ];
  const rows = [...(previous?.rows ?? []).filter(({ section }) => !ran.has(section)), ...outcomes.flatMap((outcome) => outcome.rows)];
  const order = (section: string): number => (SECTIONS as readonly string[]).indexOf(section);
  const results: Results = {
    machine: machine(),
    sections: [...sections].sort((a, b) => order(a.section) - order(b.section)),
    rows: [...rows].sort((a, b) => order(a.section) - order(b.section)),
  };
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}

/** What the figures depend on: the results are comparable only on a like machine. */
function machine(): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

function table(rows: readonly BenchRow[]): string {
  const header = ['section', 'metric', 'value', 'unit', 'reference', 'target', 'pass'];
  const cells = rows.map((row) => [
    row.section,
    row.note ? `${row.metric} (${row.note})` : row.metric,
    row.value.toLocaleString('en-US'),
    row.unit,
    row.reference ? `${row.reference.label}: ${row.reference.value.toLocaleString('en-US')}` : '',
    row.target ?? '',
    row.pass === undefined ? '' : row.pass ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column].length)));
  const line = (cell: readonly string[]): string =>
    cell
      .map((text, column) => (column === 2 ? text.padStart(widths[column]) : text.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
}

function option(argv: readonly string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  if (at >= 0) return argv[at + 1];
  return argv.find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1);
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: Error) => {
    console.error(`bench: ${error.stack ?? error.message}`);
    process.exitCode = 1;
  },
);
