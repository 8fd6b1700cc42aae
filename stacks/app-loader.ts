/**
 * Loads the app builder (stacks/app-builder.ts) for main.ts from a single-file esbuild bundle, rebuilt when
 * any of its inputs changed since.
 *
 * Why: `npm run synth` runs main.ts under tsx, whose loader costs about a millisecond per module, and the
 * app builder is ~530 modules (cdktf alone drags in archiver, lodash and semver, which it needs only for
 * ARCHIVE assets and version checks). Loaded as one file, a one-account synth took 1.2 s instead of 1.9 s
 * (medians of 5, bench/synth.ts). The bundle synthesizes byte-identical stacks (__tests__/stacks/app-loader.test.ts).
 * Without esbuild (a development dependency) the modules are loaded as they are.
 */
import * as path from 'node:path';
import { isBundleFresh, packageRoot, recordBundleInputs, writeAtomically } from '../lambda/bundle';

export type AppBuilder = typeof import('./app-builder');

const ROOT = packageRoot(__dirname);
const ENTRY = path.join(ROOT, 'stacks', 'app-builder.ts');
export const APP_BUILDER_BUNDLE = path.join(ROOT, 'dist', 'app-builder', 'index.js');
/** esbuild's list of inputs, beside (not inside) the bundle folder, to decide staleness. */
const METAFILE = path.join(ROOT, 'dist', 'app-builder.meta.json');

export function loadAppBuilder(): AppBuilder {
  const bundle = isBundleFresh(APP_BUILDER_BUNDLE, METAFILE) ? APP_BUILDER_BUNDLE : buildAppBuilder();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return bundle ? (require(bundle) as AppBuilder) : (require('./app-builder') as AppBuilder);
}

/** Builds the bundle; undefined when esbuild is not installed. */
export function buildAppBuilder(): string | undefined {
  let esbuild: typeof import('esbuild');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    esbuild = require('esbuild');
  } catch {
    return undefined;
  }
  const result = esbuild.buildSync({
    entryPoints: [ENTRY],
    outfile: APP_BUILDER_BUNDLE,
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Loaded only to rebuild the notifier bundle, and it must stay a real package (it locates its binary).
    external: ['esbuild'],
    legalComments: 'none',
    metafile: true,
    write: false,
    logLevel: 'error',
  });
  // Written aside and renamed, so a concurrent synth never loads half a file.
  writeAtomically(APP_BUILDER_BUNDLE, result.outputFiles[0].contents);
  recordBundleInputs(METAFILE, result.metafile);
  return APP_BUILDER_BUNDLE;
}
