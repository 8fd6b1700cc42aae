import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BuildOptions } from 'esbuild';

/**
 * The notifier Lambda bundle: one self-contained, minified CommonJS file built by esbuild.
 * Deterministic by construction (no banner, no source map, no metafile in the output directory,
 * exact esbuild pin) and with a pinned mtime, because TerraformAsset zips carry file mtimes.
 */

/** The package root: the nearest folder above this file whose package.json is trailwatch's. */
export function packageRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'trailwatch') return dir;
    if (path.dirname(dir) === dir) throw new Error(`trailwatch package root not found above ${from}`);
  }
}

const ROOT = packageRoot();
/** Holds only index.js: TerraformAsset hashes and zips the whole folder. */
export const NOTIFIER_BUNDLE_DIR = path.join(ROOT, 'dist', 'notifier');
export const NOTIFIER_BUNDLE_FILE = path.join(NOTIFIER_BUNDLE_DIR, 'index.js');
/** esbuild's list of inputs, kept beside (not inside) the asset folder to decide staleness. */
const METAFILE = path.join(ROOT, 'dist', 'notifier.meta.json');
const ENTRY = path.join(ROOT, 'lambda', 'notifier', 'index.ts');
/** 2000-01-01T00:00:00Z: any fixed instant makes the asset zip byte-identical across synths. */
const PINNED_MTIME = new Date(Date.UTC(2000, 0, 1));

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
 * Builds dist/notifier/index.js. Needs esbuild (a dev dependency), loaded only here. The file is written aside
 * and renamed into place, so a synth or test reading the bundle meanwhile never sees half a file.
 */
export function buildNotifierBundle(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild: typeof import('esbuild') = require('esbuild');
  const result = esbuild.buildSync({ ...lambdaBundleOptions(ENTRY, NOTIFIER_BUNDLE_FILE), metafile: true, write: false });
  writeAtomically(NOTIFIER_BUNDLE_FILE, result.outputFiles![0].contents, PINNED_MTIME);
  recordBundleInputs(METAFILE, result.metafile!);
  return NOTIFIER_BUNDLE_FILE;
}

/** Writes a file aside and renames it into place; optionally pins its mtime first. */
export function writeAtomically(file: string, contents: Uint8Array, mtime?: Date): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(partial, contents);
  if (mtime) fs.utimesSync(partial, mtime, mtime);
  fs.renameSync(partial, file);
}

/** Rebuilds the bundle when it is missing or any of its recorded inputs changed since. */
export function ensureNotifierBundle(): string {
  return isBundleFresh(NOTIFIER_BUNDLE_FILE, METAFILE) ? NOTIFIER_BUNDLE_FILE : buildNotifierBundle();
}

/** Records, beside a bundle, the source files esbuild built it from. */
export function recordBundleInputs(record: string, metafile: { readonly inputs: object }): void {
  fs.writeFileSync(record, JSON.stringify({ inputs: Object.keys(metafile.inputs) }));
}

/**
 * True when the bundle and its record exist and no recorded input changed after the build. An input that no
 * longer exists does not count: an installed package ships bundles without their sources, and could not
 * rebuild anyway.
 */
export function isBundleFresh(bundle: string, record: string): boolean {
  if (!fs.existsSync(bundle) || !fs.existsSync(record)) return false;
  const builtAt = fs.statSync(record).mtimeMs;
  const { inputs } = JSON.parse(fs.readFileSync(record, 'utf8')) as { inputs: string[] };
  return inputs.every((input) => (fs.statSync(path.resolve(ROOT, input), { throwIfNoEntry: false })?.mtimeMs ?? 0) <= builtAt);
}
