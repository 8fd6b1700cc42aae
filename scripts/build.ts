/**
 * Builds what the package runs from compiled JavaScript: the notifier Lambda bundle and the
 * `trailwatch` CLI bundle (one file, so `npx trailwatch` starts fast). Runs in `prepare`.
 */
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { buildNotifierBundle, packageRoot } from '../lambda/bundle';

const root = packageRoot(__dirname);
buildNotifierBundle();
buildSync({
  entryPoints: [path.join(root, 'cli', 'main.ts')],
  outfile: path.join(root, 'dist', 'cli.js'),
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  legalComments: 'none',
  logLevel: 'error',
});
