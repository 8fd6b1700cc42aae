/**
 * Builds what the package runs from compiled JavaScript: the notifier Lambda bundle, the app builder that
 * `npm run synth` loads (stacks/app-loader.ts), and the `trailwatch` CLI bundle (one file, so
 * `npx trailwatch` starts fast). Runs in `prepare`.
 */
import { buildCliBundle } from '../cli/bundle';
import { buildNotifierBundle } from '../lambda/bundle';
import { buildAppBuilder } from '../stacks/app-loader';

buildNotifierBundle();
buildAppBuilder();
buildCliBundle();
