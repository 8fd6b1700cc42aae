import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * replay/replay-worker.ts compiled to one JavaScript file, as replay's worker threads need (jest runs the
 * TypeScript sources, which a worker thread cannot load). Built once per test file into a temporary folder.
 */
export function replayWorkerScript(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild: typeof import('esbuild') = require('esbuild');
  const outfile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trailwatch-worker-')), 'replay-worker.js');
  esbuild.buildSync({
    entryPoints: [path.join(__dirname, '..', '..', '..', 'replay', 'replay-worker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
  });
  return outfile;
}
