/**
 * The stack variants the real tools (checkov, terraform validate, moto) run over: the two example
 * accounts, an organization-trail account and the cis-securityhub profile. The organization account also
 * carries user text with Terraform template sequences (`${`, `%{`) wherever AWS accepts those characters, so
 * terraform validate and plan prove the escaping (an unescaped `${prod}` is an "Invalid reference").
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthApp } from '../../stacks/app';
import { parseAccounts, type AccountConfig, type AccountConfigInput } from '../../stacks/config';

/** The accounts synth deploys by default: the live configuration file of this repository. */
const CONFIG_FILE = path.join(__dirname, '..', '..', 'trailwatch.config.json');

/** Text a user could write that Terraform would otherwise read as an interpolation or a directive. */
export const TEMPLATE_LOOKALIKES = { interpolation: '${prod}', directive: '%{if x}' } as const;

export const EXTRA_VARIANTS: readonly AccountConfigInput[] = [
  {
    name: 'organization',
    id: '444455556666',
    region: 'us-east-1',
    trail: { mode: 'organization', organizationId: 'o-a1b2c3d4e5' },
    alerting: { healthEmails: ['security@example.com'] },
    // The Glue table, Athena workgroup, results bucket and named queries go through the real tools too.
    athena: { enabled: true, accountIds: ['444455556666', '111122223333'] },
    detections: {
      exclusions: { principalArns: [`arn:aws:iam::444455556666:user/${TEMPLATE_LOOKALIKES.interpolation}`] },
      customDetections: [
        {
          name: 'SecretDeleted',
          title: { ko: `시크릿 삭제 ${TEMPLATE_LOOKALIKES.interpolation}`, en: `Secret deleted ${TEMPLATE_LOOKALIKES.directive}` },
          description: `A secret was deleted (${TEMPLATE_LOOKALIKES.interpolation}, ${TEMPLATE_LOOKALIKES.directive})`,
          pattern: `{ ($.eventSource = "secretsmanager.amazonaws.com") && ($.eventName = "DeleteSecret") && ($.requestParameters.secretId != "${TEMPLATE_LOOKALIKES.interpolation}*") }`,
        },
      ],
    },
    // Unreserved: the stack shape issue 9 #1 makes the default.
    notifier: { botName: `trailwatch ${TEMPLATE_LOOKALIKES.directive}`, reservedConcurrency: null },
    // AWS tags allow only letters, digits, spaces and _ . : / = + - @ (IAM refuses `team ${prod}`; found on moto),
    // so no template sequence here: __tests__/terraform/terraform-text.test.ts proves the tag escaping.
    tags: { team: 'security' },
  },
  { name: 'cis', id: '777788889999', region: 'eu-west-1', detections: { profile: 'cis-securityhub' }, alerting: { healthEmails: ['security@example.com'] } },
];

export interface Variant {
  /** The stack id, `trailwatch-<name>`. */
  readonly stackId: string;
  /** The folder holding cdk.tf.json and its assets. */
  readonly dir: string;
  readonly account: AccountConfig;
}

/** Synthesizes every variant into `outdir` (one cdktf app) and returns the stack folders. */
export function synthVariants(outdir: string): Variant[] {
  fs.mkdirSync(outdir, { recursive: true });
  const configured = JSON.parse(fs.readFileSync(CONFIG_FILE, 'utf8')) as AccountConfigInput[];
  const accounts = parseAccounts([...configured, ...EXTRA_VARIANTS], 'trailwatch.config.json + scripts/real-tools/variants.ts');
  const { stackIds } = synthApp(accounts, outdir);
  return stackIds.map((stackId, i) => ({ stackId, dir: path.join(outdir, 'stacks', stackId), account: accounts[i] }));
}
