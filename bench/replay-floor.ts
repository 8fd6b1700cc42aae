/**
 * The floor of the replay bench: the least any reader of these files must do, with as many threads as replay
 * uses, so that replay's figures can be read as a share of what the machine allows.
 * - `split`: JSON lines read and cut into lines (decoded as replay decodes them), or `.json.gz` files read and
 *   gunzipped into text;
 * - `parse`: the same, then `JSON.parse` of every line, or of every whole `.json.gz` document.
 * Run as `node replay-floor.js <split|parse> <lines|gz> <threads> <files or folders...>` (the bench builds it
 * with esbuild); prints the number of records (lines, or files for gz) it went through.
 */
import { isAscii } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';

export type FloorStage = 'split' | 'parse';
type Format = 'lines' | 'gz';

interface Job {
  readonly stage: FloorStage;
  readonly format: Format;
  /** Byte ranges of JSON lines files (a thread reads the lines that start in its range), or whole `.gz` files. */
  readonly parts: readonly { readonly file: string; readonly start: number; readonly end: number }[];
}

const CHUNK = 1024 * 1024;
const LF = 10;

/** Builds this program into `folder` (esbuild, a dev dependency); returns the script's path. */
export function buildFloorScript(folder: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild: typeof import('esbuild') = require('esbuild');
  const outfile = path.join(folder, 'replay-floor.js');
  esbuild.buildSync({ entryPoints: [__filename], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error' });
  return outfile;
}

function text(bytes: Buffer): string {
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/** Lines (or records) gone through. */
function runJob({ stage, format, parts }: Job): number {
  let records = 0;
  const eachLine = (block: string): void => {
    for (let start = 0; start < block.length; ) {
      const lf = block.indexOf('\n', start);
      const end = lf < 0 ? block.length : lf;
      const line = block.slice(start, end);
      if (stage === 'parse' && line.length > 0) JSON.parse(line);
      records++;
      start = end + 1;
    }
  };
  for (const { file, start, end } of parts) {
    if (format === 'gz') {
      const document = text(gunzipSync(fs.readFileSync(file)));
      if (stage === 'parse') JSON.parse(document);
      records++;
      continue;
    }
    const fd = fs.openSync(file, 'r');
    try {
      readLines(fd, start, end, eachLine);
    } finally {
      fs.closeSync(fd);
    }
  }
  return records;
}

/**
 * Calls `eachLine` with blocks of the lines that start in (start, end] of the file — from 0 for the first
 * range — so that ranges cut anywhere split the lines among threads exactly once.
 */
function readLines(fd: number, start: number, end: number, eachLine: (block: string) => void): void {
  let position = start;
  let rest: Buffer | undefined;
  let skipFirst = start > 0; // the line under `start` is the previous range's
  for (;;) {
    const chunk = Buffer.allocUnsafe(CHUNK);
    const read = fs.readSync(fd, chunk, 0, CHUNK, position);
    if (read === 0) break;
    let bytes = chunk.subarray(0, read);
    let offset = position; // file position of bytes[0]
    position += read;
    if (skipFirst) {
      const lf = bytes.indexOf(LF);
      if (lf < 0) continue;
      bytes = bytes.subarray(lf + 1);
      offset += lf + 1;
      skipFirst = false;
      if (offset > end) return;
    }
    if (rest) {
      offset -= rest.length;
      bytes = Buffer.concat([rest, bytes]);
    }
    // The line that holds the range's end is this range's last.
    const endAt = end - offset;
    if (endAt < bytes.length) {
      const lf = bytes.indexOf(LF, Math.max(endAt, 0));
      if (lf >= 0) {
        eachLine(text(bytes.subarray(0, lf)));
        return;
      }
    }
    const last = bytes.lastIndexOf(LF);
    if (last >= 0) eachLine(text(bytes.subarray(0, last)));
    rest = bytes.subarray(last + 1);
  }
  if (rest && rest.length > 0) eachLine(text(rest));
}

function files(input: string): string[] {
  if (!fs.statSync(input).isDirectory()) return [input];
  return fs.readdirSync(input).sort().flatMap((entry) => files(path.join(input, entry)));
}

async function main(argv: readonly string[]): Promise<void> {
  const [stage, format, threadsText, ...inputs] = argv as [FloorStage, Format, string, ...string[]];
  const threads = Number(threadsText);
  const jobs: { stage: FloorStage; format: Format; parts: Job['parts'][number][] }[] = Array.from({ length: threads }, () => ({ stage, format, parts: [] }));
  inputs.flatMap(files).forEach((file, i) => {
    if (format === 'gz') {
      jobs[i % threads].parts.push({ file, start: 0, end: 0 });
      return;
    }
    const size = fs.statSync(file).size;
    for (let k = 0; k < threads; k++) jobs[k].parts.push({ file, start: Math.floor((k * size) / threads), end: Math.floor(((k + 1) * size) / threads) });
  });
  const counts = await Promise.all(
    jobs.map(
      (job) =>
        new Promise<number>((resolve, reject) => {
          const worker = new Worker(__filename, { workerData: job });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  process.stdout.write(`${counts.reduce((sum, count) => sum + count, 0)}\n`);
}

if (!isMainThread && (workerData as Partial<Job> | undefined)?.parts) {
  parentPort!.postMessage(runJob(workerData as Job));
} else if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
