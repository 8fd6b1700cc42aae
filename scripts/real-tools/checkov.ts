/**
 * `npm run checkov`: synthesizes every stack variant (variants.ts) into a temporary folder and runs the
 * pinned checkov (requirements.txt) over the Terraform JSON. Passes only with zero failed checks: a check
 * may be skipped only for the resources listed in checkov-skips.json, each entry with its one-line reason.
 * checkov's terraform_json runner ignores in-file skip comments, so the skip list is applied here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureVenv, run, say, temporaryDir } from './toolchain';
import { synthVariants } from './variants';

export interface CheckovSkip {
  readonly check: string;
  /** Logical resource names; `*` matches the hash cdktf appends. */
  readonly resources: readonly string[];
  readonly reason: string;
}

export interface Finding {
  readonly check: string;
  readonly name: string;
  /** `resource.<logical name>`, `data.<logical name>` or `<type>.<logical name>` (graph checks). */
  readonly resource: string;
  readonly stack: string;
}

const SKIPS_FILE = path.join(__dirname, 'checkov-skips.json');

const logicalName = (resource: string) => resource.slice(resource.lastIndexOf('.') + 1);
const globToRegExp = (glob: string) => new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

/** The skip entry covering a finding, if any. */
export function skipFor(finding: Finding, skips: readonly CheckovSkip[]): CheckovSkip | undefined {
  return skips.find((s) => s.check === finding.check && s.resources.some((glob) => globToRegExp(glob).test(logicalName(finding.resource))));
}

/**
 * checkov 3.3.30's terraform_json parser expects only blocks inside `terraform` and fails the whole file on the
 * `required_version` string ("this method receives only dicts"), so the scanned copy leaves that one attribute
 * out: it constrains the CLI version and holds nothing a security check reads.
 */
function withoutRequiredVersion(file: string): void {
  const stack = JSON.parse(fs.readFileSync(file, 'utf8')) as { terraform?: Record<string, unknown> };
  if (stack.terraform) delete stack.terraform.required_version;
  fs.writeFileSync(file, JSON.stringify(stack, null, 2));
}

function main(): number {
  const skips = JSON.parse(fs.readFileSync(SKIPS_FILE, 'utf8')) as CheckovSkip[];
  const bad = skips.filter((s) => !/^CKV2?_AWS_\d+$/.test(s.check) || s.resources.length === 0 || !s.reason.trim() || s.reason.includes('\n'));
  if (bad.length > 0) throw new Error(`${SKIPS_FILE}: every entry needs a check id, resources and a one-line reason: ${JSON.stringify(bad)}`);
  const bin = ensureVenv();
  const tmp = temporaryDir('checkov');
  try {
    const variants = synthVariants(path.join(tmp.dir, 'out'));
    const stacks = path.join(tmp.dir, 'out', 'stacks');
    for (const variant of variants) withoutRequiredVersion(path.join(variant.dir, 'cdk.tf.json'));
    // BC_SKIP_MAPPING: no call to the Prisma Cloud guidelines API (unreachable here, and not needed).
    const result = run(path.join(bin, 'checkov'), ['-d', stacks, '--framework', 'terraform_json', '--skip-download', '--quiet', '--compact', '-o', 'json'], {
      allowFailure: true,
      env: { ...process.env, BC_SKIP_MAPPING: 'TRUE' },
    });
    const report = JSON.parse(result.stdout) as {
      results: { failed_checks: { check_id: string; check_name: string; resource: string; file_path: string }[] };
      summary: { passed: number; failed: number; parsing_errors: number; checkov_version: string };
    };
    const findings: Finding[] = report.results.failed_checks.map((f) => ({
      check: f.check_id,
      name: f.check_name,
      resource: f.resource,
      stack: f.file_path.split('/').filter(Boolean)[0],
    }));
    const used = new Set<CheckovSkip>();
    const failed: Finding[] = [];
    for (const finding of findings) {
      const skip = skipFor(finding, skips);
      if (skip) used.add(skip);
      else failed.push(finding);
    }
    const { summary } = report;
    console.log(
      `checkov ${summary.checkov_version} over ${variants.map((v) => v.stackId).join(', ')} (${result.seconds.toFixed(1)} s): ` +
        `${summary.passed} passed, ${findings.length - failed.length} skipped with a reason (scripts/real-tools/checkov-skips.json), ${failed.length} failed, ${summary.parsing_errors} parsing errors`,
    );
    for (const skip of skips.filter((s) => !used.has(s))) say(`unused skip (remove it if the stacks no longer need it): ${skip.check} ${skip.resources.join(', ')}`);
    for (const f of failed) console.log(`FAILED ${f.check} ${f.resource} (${f.stack}): ${f.name}`);
    return failed.length === 0 && summary.parsing_errors === 0 ? 0 : 1;
  } finally {
    tmp.remove();
  }
}

if (require.main === module) process.exitCode = main();
