/**
 * The app: `npm run synth` or `npx cdktf synth` writes cdktf.out/stacks/trailwatch-<name>/cdk.tf.json, one
 * Terraform stack per account of trailwatch.config.json (or the file named by TRAILWATCH_CONFIG).
 */
import { synthApp } from './stacks/app';
import { configFilePath, loadAccounts } from './stacks/config-file';

/**
 * cdktf captures and formats a complete stack trace for every token it creates (thousands per stack), only
 * ever shown when a token fails to resolve; that was a quarter of a 100-account synth's CPU (bench/synth.ts).
 * This program, not the library, opts out for the plain objects cdktf captures onto; Errors keep their traces.
 * The library never touches globals: apps that import the constructs decide for themselves.
 */
function withoutTokenTraces<T>(run: () => T): T {
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = (...args: Parameters<typeof capture>) => {
    if (args[0] instanceof Error) capture(...args);
  };
  try {
    return run();
  } finally {
    Error.captureStackTrace = capture;
  }
}

try {
  const { outdir, stackIds } = withoutTokenTraces(() => synthApp(loadAccounts(configFilePath())));
  for (const id of stackIds) console.log(`${outdir}/stacks/${id}/cdk.tf.json`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
