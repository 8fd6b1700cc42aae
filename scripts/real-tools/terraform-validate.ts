/**
 * `npm run terraform:validate`: `terraform validate` with the real hashicorp/aws provider on every stack
 * variant (variants.ts). The provider comes from a local filesystem mirror (toolchain.ts `findAwsProvider`);
 * when it is not the pinned version, every validation error is compared with the committed list of
 * attributes that only the pinned version knows (provider-differences.json): a new error fails, an
 * expected one that is gone is reported.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyStack, ensureTerraform, findAwsProvider, PINNED_AWS_PROVIDER, run, say, sizeOf, temporaryDir, writeCliConfig, type AwsProvider } from './toolchain';
import { synthVariants, type Variant } from './variants';

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail: string;
  /** `<resource type>.<attribute>` when Terraform names one, e.g. `aws_s3_bucket_lifecycle_configuration.transition_default_minimum_object_size`. */
  readonly where?: string;
}

/** What a validate run with another provider version is expected to reject, per version. */
type ExpectedDifferences = Record<string, { readonly where: string; readonly summary: string; readonly why: string }[]>;

const DIFFERENCES_FILE = path.join(__dirname, 'provider-differences.json');

/** Stack folders initialized against the provider mirror, ready for `terraform` commands. */
export function initStacks(variants: readonly Variant[], root: string, provider: AwsProvider, terraform: string): { dir: string; env: NodeJS.ProcessEnv; variant: Variant }[] {
  const env = { ...process.env, TF_CLI_CONFIG_FILE: writeCliConfig(root, provider), TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
  return variants.map((variant) => {
    const dir = path.join(root, variant.stackId);
    copyStack(variant.dir, dir, provider.version);
    const init = run(terraform, ['init', '-backend=false', '-input=false', '-no-color'], { cwd: dir, env });
    say(`${variant.stackId}: terraform init ${init.seconds.toFixed(1)} s`);
    return { dir, env, variant };
  });
}

/** `terraform validate -json` of an initialized folder. */
export function validate(terraform: string, dir: string, env: NodeJS.ProcessEnv): { valid: boolean; diagnostics: Diagnostic[]; seconds: number } {
  const result = run(terraform, ['validate', '-json', '-no-color'], { cwd: dir, env, allowFailure: true });
  const json = JSON.parse(result.stdout) as { valid: boolean; diagnostics: { severity: 'error' | 'warning'; summary: string; detail: string; snippet?: { context?: string; code?: string } }[] };
  const diagnostics = json.diagnostics.map((d) => ({ severity: d.severity, summary: d.summary, detail: d.detail, where: whereOf(d) }));
  return { valid: json.valid, diagnostics, seconds: result.seconds };
}

/** `resource "aws_x" "id"` context + the quoted attribute in the code line → `aws_x.attribute`. */
function whereOf(d: { summary: string; detail: string; snippet?: { context?: string; code?: string } }): string | undefined {
  const type = /(?:resource|data)\.?\s*"?(aws_[a-z0-9_]+)/.exec(d.snippet?.context ?? '')?.[1];
  const attribute = /"([a-z0-9_]+)"\s*:/.exec(d.snippet?.code ?? '')?.[1] ?? /argument named "([a-z0-9_]+)"/.exec(d.detail)?.[1] ?? /block type "([a-z0-9_]+)"/.exec(d.detail)?.[1];
  return type && attribute ? `${type}.${attribute}` : undefined;
}

function main(): number {
  const started = Date.now();
  const terraform = ensureTerraform();
  const provider = findAwsProvider();
  const expected = provider.version === PINNED_AWS_PROVIDER ? [] : ((JSON.parse(fs.readFileSync(DIFFERENCES_FILE, 'utf8')) as ExpectedDifferences)[provider.version] ?? []);
  const tmp = temporaryDir('validate');
  try {
    const stacks = initStacks(synthVariants(path.join(tmp.dir, 'out')), path.join(tmp.dir, 'validate'), provider, terraform);
    let unexpected = 0;
    const seen = new Set<string>();
    for (const { dir, env, variant } of stacks) {
      const { valid, diagnostics, seconds } = validate(terraform, dir, env);
      for (const d of diagnostics) {
        const known = expected.find((e) => e.where === d.where && e.summary === d.summary);
        if (known) seen.add(known.where);
        else if (d.severity === 'error') unexpected += 1;
        console.log(`${variant.stackId}: ${d.severity} ${known ? '(expected with this provider version) ' : ''}${d.where ?? ''} ${d.summary}: ${d.detail}`);
      }
      console.log(`${variant.stackId}: ${valid ? 'valid' : 'INVALID'} with hashicorp/aws ${provider.version} (${seconds.toFixed(1)} s)`);
    }
    for (const gone of expected.filter((e) => !seen.has(e.where))) say(`expected difference no longer seen (remove it from provider-differences.json): ${gone.where}`);
    const providerSize = sizeOf(path.join(provider.mirror, 'registry.terraform.io', 'hashicorp', 'aws', provider.version));
    console.log(
      `terraform validate: ${stacks.length} stacks with hashicorp/aws ${provider.version}${provider.version === PINNED_AWS_PROVIDER ? '' : ` (NOT the pinned ${PINNED_AWS_PROVIDER})`}` +
        ` from ${provider.mirror} (${(providerSize / 1e6).toFixed(0)} MB), ${unexpected} unexpected errors, ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    return unexpected === 0 ? 0 : 1;
  } finally {
    tmp.remove();
  }
}

if (require.main === module) process.exitCode = main();
