import * as path from 'node:path';
import { packageRoot, writeAtomically } from '../lambda/bundle';

const ROOT = packageRoot(__dirname);
/** The CLI as one file, so `npx trailwatch` loads one module instead of hundreds. bin/trailwatch.js requires it. */
export const CLI_BUNDLE_FILE = path.join(ROOT, 'dist', 'cli.js');

/** Builds the CLI bundle (default dist/cli.js) with esbuild, a dev dependency loaded only here. Tests build into a folder of their own. */
export function buildCliBundle(outfile: string = CLI_BUNDLE_FILE): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild: typeof import('esbuild') = require('esbuild');
  const result = esbuild.buildSync({
    // replay's worker threads run replay-worker.js from beside the code that starts them (replay/worker-pool.ts).
    entryPoints: { [path.basename(outfile, '.js')]: path.join(ROOT, 'cli', 'entry.ts'), 'replay-worker': path.join(ROOT, 'replay', 'replay-worker.ts') },
    outdir: path.dirname(outfile),
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    legalComments: 'none',
    write: false,
    logLevel: 'error',
  });
  for (const file of result.outputFiles) writeAtomically(file.path, file.contents);
  return outfile;
}
