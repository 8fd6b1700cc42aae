/**
 * Builds the notifier Lambda's deployment package: one minified CommonJS file made by esbuild, zipped
 * deterministically. Build time only (`npm run build`, run by `prepare` and `prepack`): esbuild and fflate
 * are development dependencies, and synth only ever reads the zip (stacks/notifier-package.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BuildOptions } from 'esbuild';
import { zipSync } from 'fflate';
import { packageRoot } from '../stacks/package-root';
import { NOTIFIER_PACKAGE_FILE } from '../stacks/notifier-package';

export { packageRoot };

const ROOT = packageRoot(__dirname);
const ENTRY = path.join(ROOT, 'lambda', 'notifier', 'index.ts');
/** The unzipped bundle beside the zip: what tests and benchmarks load. */
export const NOTIFIER_BUNDLE_FILE = path.join(ROOT, 'dist', 'notifier', 'index.js');

/** The esbuild options of a Lambda bundle (the benchmark's floor bundle uses them too, for a fair comparison). */
export function lambdaBundleOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    treeShaking: true,
    sourcemap: false,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'error',
  };
}

/**
 * Bundles the notifier into `outfile` (default dist/notifier/index.js). Tests pass a file of their own, so a
 * test run never rewrites dist/ under a synth or another test. Written aside and renamed into place.
 */
export function buildNotifierBundle(outfile: string = NOTIFIER_BUNDLE_FILE): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild: typeof import('esbuild') = require('esbuild');
  const result = esbuild.buildSync({ ...lambdaBundleOptions(ENTRY, outfile), write: false });
  writeAtomically(outfile, result.outputFiles![0].contents);
  return outfile;
}

/** Builds the bundle and its zip (dist/notifier.zip), the file every stack deploys. */
export function buildNotifierPackage(zipFile: string = NOTIFIER_PACKAGE_FILE): string {
  const bundle = buildNotifierBundle();
  writeAtomically(zipFile, deterministicZip('index.js', fs.readFileSync(bundle)));
  return zipFile;
}

/** Writes a file aside and renames it into place, so a reader never sees half a file. */
export function writeAtomically(file: string, contents: Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(partial, contents);
  fs.renameSync(partial, file);
}

/** Unix "made by" with a regular file, mode 0644, so Lambda extracts a readable index.js. */
const UNIX = 3;
const REGULAR_FILE_0644 = (0o100644 << 16) >>> 0;

/**
 * A zip with one deflated entry whose bytes depend on the data alone: fixed time, fixed attributes, no extra
 * fields or comment. So `source_code_hash` changes only when the code does, on any machine.
 */
export function deterministicZip(name: string, data: Buffer): Buffer {
  // 1980-01-01 00:00, the earliest MS-DOS time. Zip entries store local date fields, so the date is built from
  // local fields at each call: the bytes are the same in every time zone.
  const dosEpoch = new Date(1980, 0, 1);
  return Buffer.from(zipSync({ [name]: [data, { level: 9, mtime: dosEpoch, os: UNIX, attrs: REGULAR_FILE_0644 }] }));
}
