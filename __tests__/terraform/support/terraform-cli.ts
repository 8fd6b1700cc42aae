/**
 * Runs the real terraform CLI on small provider-less configurations (variables, outputs) in a temporary
 * folder: what Terraform itself makes of synthesized text. Needs `terraform` on PATH or in the real-tools
 * cache (.ci/real-tools.sh installs it when absent).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findTerraform } from '../../../scripts/real-tools/toolchain';

export interface TerraformRun {
  readonly status: number;
  /** stdout and stderr together: everything Terraform showed. */
  readonly output: string;
}

export interface TerraformFolder {
  run(...args: string[]): TerraformRun;
  runWithEnv(env: Record<string, string>, ...args: string[]): TerraformRun;
  remove(): void;
}

/** A folder holding `main.tf.json` = `config`, initialized (no providers, local state). */
export function terraformFolder(config: object): TerraformFolder {
  const terraform = findTerraform();
  if (!terraform) throw new Error('terraform is not installed: run .ci/real-tools.sh (or install terraform ≥ 1.10) to run __tests__/terraform');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trailwatch-tf-test-'));
  fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(config, null, 2));
  // No user CLI configuration and no checkpoint calls: the run depends on this folder alone.
  const baseEnv = { ...process.env, TF_CLI_CONFIG_FILE: path.join(dir, 'none.rc'), TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
  fs.writeFileSync(baseEnv.TF_CLI_CONFIG_FILE, '');
  const runWithEnv = (env: Record<string, string>, ...args: string[]): TerraformRun => {
    const result = spawnSync(terraform, args, { cwd: dir, env: { ...baseEnv, ...env }, encoding: 'utf8' });
    return { status: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
  };
  const init = runWithEnv({}, 'init', '-input=false', '-no-color');
  if (init.status !== 0) throw new Error(`terraform init failed:\n${init.output}`);
  return { run: (...args) => runWithEnv({}, ...args), runWithEnv, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The values of `outputs` after `terraform apply` of a configuration made of them alone. */
export function appliedOutputs(outputs: Record<string, unknown>): Record<string, unknown> {
  const folder = terraformFolder({ output: Object.fromEntries(Object.entries(outputs).map(([name, value]) => [name, { value }])) });
  try {
    const apply = folder.run('apply', '-auto-approve', '-input=false', '-no-color');
    if (apply.status !== 0) throw new Error(`terraform apply failed:\n${apply.output}`);
    const shown = folder.run('output', '-json');
    const parsed = JSON.parse(shown.output) as Record<string, { value: unknown }>;
    return Object.fromEntries(Object.entries(parsed).map(([name, { value }]) => [name, value]));
  } finally {
    folder.remove();
  }
}
