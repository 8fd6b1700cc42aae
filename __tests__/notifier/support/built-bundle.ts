/**
 * The notifier as Lambda runs it: the esbuild bundle, built with the production options into a temporary
 * folder (never dist/, which synth and other test files may be reading), once per test file that asks.
 * Each `loadBundle()` is a cold container: a fresh module instance reading the environment anew.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { lambdaBundleOptions, packageRoot } from '../../../lambda/bundle';
import type { NotifierHandler } from '../../../lambda/notifier/handler';

let built: string | undefined;

export function builtBundle(): string {
  if (built) return built;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trailwatch-notifier-'));
  const outfile = path.join(dir, 'index.js');
  buildSync(lambdaBundleOptions(path.join(packageRoot(__dirname), 'lambda', 'notifier', 'index.ts'), outfile));
  built = outfile;
  return outfile;
}

/** A cold container of the built bundle. */
export function loadBundle(): NotifierHandler {
  const file = builtBundle();
  let handler: NotifierHandler | undefined;
  // jest keeps its own module registry: isolateModules gives a fresh one, i.e. a fresh module instance.
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = (require(file) as { handler: NotifierHandler }).handler;
  });
  return handler!;
}

export function removeBuiltBundle(): void {
  if (built) fs.rmSync(path.dirname(built), { recursive: true, force: true });
  built = undefined;
}
