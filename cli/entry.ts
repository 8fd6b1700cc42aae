/**
 * The program: bundled into dist/cli.js by `npm run build` (cli/bundle.ts) and run by bin/trailwatch.js.
 * replay's worker threads run dist/replay-worker.js, built beside it.
 */
import { runCli } from './main';

// `trailwatch match ... | head`: the reader left, so there is nothing more to say.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});
void runCli(process.argv, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then((status) => {
  process.exitCode = status;
});
