/**
 * `npm run build`: everything the package runs from, built once (by `prepare` in a checkout, `prepack` before
 * packing), never at synth: the notifier bundle and its zip, and the `trailwatch` CLI as one file. The library
 * itself (dist/lib) is tsc's output (`npm run build:lib`).
 */
import { buildCliBundle } from '../cli/bundle';
import { buildNotifierPackage } from '../lambda/bundle';

buildNotifierPackage();
buildCliBundle();
