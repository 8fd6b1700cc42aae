/**
 * The script of replay's worker threads (see worker-pool.ts): a module of its own, so that it runs the same
 * from compiled JavaScript (dist/lib/replay/replay-worker.js beside worker-pool.js) as from a bundle that
 * emits it beside the code that starts the workers, whatever loads the command line.
 */
import { runReplayWorker } from './worker-pool';

runReplayWorker();
