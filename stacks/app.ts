import { App } from 'cdktf';
import { AccountStack } from './account-stack';
import type { AccountConfig } from './config';
import { baseNameOf } from './naming';

export interface SynthesizedApp {
  /** Where the stacks were written: `<outdir>/stacks/<stack id>/cdk.tf.json`. */
  readonly outdir: string;
  /** One `trailwatch-<name>` per account, in configuration order. */
  readonly stackIds: readonly string[];
}

/**
 * Synthesizes one stack per account. `outdir` wins over `CDKTF_OUTDIR` (set by the cdktf CLI), which wins
 * over `cdktf.out`.
 */
export function synthApp(accounts: readonly AccountConfig[], outdir?: string): SynthesizedApp {
  // No stack traces in construct metadata: they cost time per construct and vary with the caller's paths.
  const app = new App({ outdir, stackTraces: false });
  const stackIds = accounts.map((account) => new AccountStack(app, baseNameOf(account.name), { account }).node.id);
  app.synth();
  return { outdir: app.outdir, stackIds };
}
