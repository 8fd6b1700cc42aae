/**
 * `npm run terraform:moto`: every stack variant planned, applied and destroyed against moto in server mode
 * (moto.ts) with the real hashicorp/aws provider, then the notifier run against what apply created
 * (notifier-check.ts). Every error Terraform reports, and every change a second plan still wants, is a gap
 * of the emulator or a defect of the stack: the known gaps are committed in moto-known-gaps.json with their
 * exact error; a new one fails the run, a known one that no longer happens is reported.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { motoJson, motoOverride, startMoto, type MotoServer } from './moto';
import { checkNotifier } from './notifier-check';
import { copyStack, ensureTerraform, ensureVenv, findAwsProvider, run, say, temporaryDir, writeCliConfig } from './toolchain';
import { synthVariants, type Variant } from './variants';

export interface Gap {
  readonly stack: string;
  readonly phase: 'plan' | 'apply' | 'second plan' | 'destroy' | 'notifier';
  /** The resource address, or '' when Terraform names none. */
  readonly address: string;
  /** Terraform's summary and detail, with request ids and random ids masked. */
  readonly error: string;
}

const GAPS_FILE = path.join(__dirname, 'moto-known-gaps.json');
/** The variant whose notifier is invoked: it creates its own trail and log group. */
const NOTIFIER_STACK = 'trailwatch-hdclabs';

/** Masks what changes from run to run in an error text (request ids, host ids, UUIDs, timestamps). */
export function stableError(text: string): string {
  return text
    .replace(/RequestID: [^,\s]+/g, 'RequestID: <id>')
    .replace(/HostID: [^,\s]+/g, 'HostID: <id>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/\s+/g, ' ')
    .trim();
}

interface JsonLine {
  readonly type?: string;
  readonly '@message'?: string;
  readonly diagnostic?: { severity: string; summary: string; detail?: string; address?: string };
  readonly change?: { resource?: { addr?: string }; action?: string };
}

function jsonLines(output: string): JsonLine[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as JsonLine);
}

function errorsOf(output: string): { address: string; error: string }[] {
  return jsonLines(output)
    .filter((l) => l.type === 'diagnostic' && l.diagnostic?.severity === 'error')
    .map((l) => ({ address: l.diagnostic!.address ?? '', error: stableError(`${l.diagnostic!.summary}: ${l.diagnostic!.detail ?? ''}`) }));
}

/**
 * What a variant needs in the account before its stack applies: the existing trail's log group; the organization,
 * with trusted access for CloudTrail (the trail's plan-time preconditions check both). moto chooses the organization
 * id, so the stack copy is given moto's id in place of the configured one, as if it had been configured.
 */
async function prerequisites(variant: Variant, moto: MotoServer, stackFile: string): Promise<void> {
  const { account } = variant;
  if (account.trail.mode === 'existing') {
    await motoJson(moto.endpoint, 'logs', account.region, 'Logs_20140328.CreateLogGroup', { logGroupName: account.trail.logGroupName });
  }
  if (account.trail.mode === 'organization') {
    const created = await motoJson(moto.endpoint, 'organizations', 'us-east-1', 'AWSOrganizationsV20161128.CreateOrganization', { FeatureSet: 'ALL' });
    const organizationId = (created.Organization as { Id: string }).Id;
    await motoJson(moto.endpoint, 'organizations', 'us-east-1', 'AWSOrganizationsV20161128.EnableAWSServiceAccess', { ServicePrincipal: 'cloudtrail.amazonaws.com' });
    fs.writeFileSync(stackFile, fs.readFileSync(stackFile, 'utf8').replaceAll(account.trail.organizationId, organizationId));
  }
}

async function runVariant(variant: Variant, terraform: string, cliConfig: string, providerVersion: string, venvBin: string, root: string): Promise<Gap[]> {
  const dir = path.join(root, variant.stackId);
  const gaps: Gap[] = [];
  const record = (phase: Gap['phase'], output: string) => gaps.push(...errorsOf(output).map((e) => ({ stack: variant.stackId, phase, ...e })));
  const moto = await startMoto(venvBin, variant.account.id, root);
  try {
    copyStack(variant.dir, dir, providerVersion);
    fs.writeFileSync(path.join(dir, 'moto_override.tf.json'), JSON.stringify(motoOverride(moto.endpoint), null, 2));
    await prerequisites(variant, moto, path.join(dir, 'cdk.tf.json'));
    const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
    const tf = (...args: string[]) => run(terraform, args, { cwd: dir, env, allowFailure: true });
    const timed = (what: string, result: { seconds: number; status: number }) => say(`${variant.stackId}: ${what} ${result.seconds.toFixed(0)} s, exit ${result.status}`);

    timed('init', tf('init', '-input=false', '-no-color'));
    const plan = tf('plan', '-input=false', '-json', '-out=tfplan');
    timed('plan', plan);
    record('plan', plan.stdout);
    if (plan.status === 0) {
      const apply = tf('apply', '-input=false', '-json', 'tfplan');
      timed('apply', apply);
      record('apply', apply.stdout);
      // The variables of the last apply: the second plan and the destroy pass them again.
      let vars: string[] = [];
      if (apply.status === 0 && variant.stackId === NOTIFIER_STACK) {
        const reapply = (values: Record<string, string>) => {
          vars = Object.entries(values).flatMap(([k, v]) => ['-var', `${k}=${v}`]);
          const again = tf('apply', '-auto-approve', '-input=false', '-json', ...vars);
          timed('apply with the webhook ciphertext', again);
          return again.status === 0 ? undefined : errorsOf(again.stdout).map((e) => `${e.address} ${e.error}`).join('; ');
        };
        const problems = await checkNotifier({ dir, account: variant.account, terraform, env, reapply }, moto, root);
        gaps.push(...problems.map((error) => ({ stack: variant.stackId, phase: 'notifier' as const, address: '', error: stableError(error) })));
      }
      const second = tf('plan', '-input=false', '-json', '-detailed-exitcode', ...vars);
      timed('second plan', second);
      record('second plan', second.stdout);
      for (const change of jsonLines(second.stdout).filter((l) => l.type === 'planned_change')) {
        gaps.push({ stack: variant.stackId, phase: 'second plan', address: change.change?.resource?.addr ?? '', error: `still wants to ${change.change?.action} after apply` });
      }
      gaps.push(...forgetUndeletable(tf, variant.stackId));
      const destroy = tf('destroy', '-auto-approve', '-input=false', '-json', ...vars);
      timed('destroy', destroy);
      record('destroy', destroy.stdout);
    }
  } finally {
    await moto.stop();
  }
  return gaps;
}

/**
 * Resource types moto creates but cannot delete: the action is not implemented (HTTP 500), which the provider
 * retries for many minutes. They leave the state before destroy, reported as a gap (listed, so not silent).
 */
const MOTO_CANNOT_DELETE: Readonly<Record<string, string>> = { aws_athena_named_query: 'DeleteNamedQuery' };

function forgetUndeletable(tf: (...args: string[]) => { stdout: string; status: number }, stack: string): Gap[] {
  const addresses = tf('state', 'list').stdout.split('\n').filter(Boolean);
  return Object.entries(MOTO_CANNOT_DELETE).flatMap(([type, action]) => {
    const held = addresses.filter((address) => address.startsWith(`${type}.`));
    if (held.length === 0) return [];
    tf('state', 'rm', ...held);
    return [{ stack, phase: 'destroy' as const, address: type, error: `moto does not implement ${action}: ${held.length} removed from the state before destroy` }];
  });
}

const key = (g: Gap) => `${g.stack} | ${g.phase} | ${g.address} | ${g.error}`;

async function main(): Promise<number> {
  const started = Date.now();
  const terraform = ensureTerraform();
  const provider = findAwsProvider();
  const venvBin = ensureVenv();
  const allKnown = (JSON.parse(fs.readFileSync(GAPS_FILE, 'utf8')) as { gaps: Gap[] }).gaps;
  const tmp = temporaryDir('moto');
  try {
    // `npm run terraform:moto -- <stack id>…` runs only those stacks (their known gaps only are compared).
    const only = process.argv.slice(2);
    const variants = synthVariants(path.join(tmp.dir, 'out')).filter((v) => only.length === 0 || only.includes(v.stackId));
    if (variants.length === 0) throw new Error(`no stack variant named ${only.join(', ')}`);
    const root = path.join(tmp.dir, 'moto');
    const cliConfig = writeCliConfig(root, provider);
    const found: Gap[] = [];
    for (const variant of variants) found.push(...(await runVariant(variant, terraform, cliConfig, provider.version, venvBin, root)));

    const known = allKnown.filter((g) => variants.some((v) => v.stackId === g.stack));
    const knownKeys = new Set(known.map(key));
    const foundKeys = new Set(found.map(key));
    const fresh = found.filter((g) => !knownKeys.has(key(g)));
    const fixed = known.filter((g) => !foundKeys.has(key(g)));
    for (const g of found) console.log(`${knownKeys.has(key(g)) ? 'known gap' : 'NEW GAP'}: ${key(g)}`);
    for (const g of fixed) console.log(`fixed (remove from moto-known-gaps.json): ${key(g)}`);
    console.log(
      `terraform:moto: ${variants.length} stacks planned, applied and destroyed on moto with hashicorp/aws ${provider.version}; ` +
        `notifier checked on ${NOTIFIER_STACK}; ${found.length} gaps (${fresh.length} new), ${fixed.length} fixed, ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    return fresh.length === 0 ? 0 : 1;
  } finally {
    tmp.remove();
  }
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (error: Error) => {
      console.error(error.stack ?? error.message);
      process.exitCode = 1;
    },
  );
}
