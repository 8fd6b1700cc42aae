import * as path from 'node:path';
import { packageRoot, writeAtomically } from '../lambda/bundle';

const ROOT = packageRoot(__dirname);
/** The CLI as one file, so `npx trailwatch` loads one module instead of hundreds. bin/trailwatch.js requires it. */
export const CLI_BUNDLE_FILE = path.join(ROOT, 'dist', 'cli.js');

/** Builds dist/cli.js with esbuild (a dev dependency, loaded only here). */
export function buildCliBundle(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild: typeof import('esbuild') = require('esbuild');
  const result = esbuild.buildSync({
    entryPoints: [path.join(ROOT, 'cli', 'main.ts')],
    outfile: CLI_BUNDLE_FILE,
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    legalComments: 'none',
    write: false,
    logLevel: 'error',
  });
  writeAtomically(CLI_BUNDLE_FILE, result.outputFiles[0].contents);
  return CLI_BUNDLE_FILE;
}
