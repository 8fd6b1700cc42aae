/**
 * Builds what the package runs from compiled JavaScript: the notifier Lambda bundle, the app builder that
 * `npm run synth` loads (stacks/app-loader.ts), and the `trailwatch` CLI bundle (one file, so
 * `npx trailwatch` starts fast). Runs in `prepare`.
 */
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { buildNotifierBundle, packageRoot } from '../lambda/bundle';
import { buildAppBuilder } from '../stacks/app-loader';

const root = packageRoot(__dirname);
buildNotifierBundle();
buildAppBuilder();
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
