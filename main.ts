/**
 * The app: `npm run synth` (= `tsx main.ts`) or `cdktf synth` writes cdktf.out/stacks/<stack>/cdk.tf.json,
 * one Terraform stack per account below. Edit EXAMPLE_ACCOUNTS (fields: stacks/config.ts) and synthesize.
 *
 * The CLI imports EXAMPLE_ACCOUNTS from here, so this module loads nothing at import time: the app builder
 * (cdktf, the AWS provider) is loaded only when the file is run itself.
 */
import * as path from 'node:path';
import type { AccountConfigInput } from './stacks/config';

/** AWS SSO permission sets of the reference guide's organization, excluded per detection exactly as it tuned them (guide §4-1, §7-3, §8-2). */
const SSO_ADMIN = '*AWSReservedSSO_HDCLabs_AdminAccess*';
const SSO_ADMIN_ASSUMED = '*assumed-role/AWSReservedSSO_HDCLabs_AdminAccess*';
const SSO_SUPER_ADMIN = '*AWSReservedSSO_HDCLabs_Super_AdminAccess*';

export const EXAMPLE_ACCOUNTS: readonly AccountConfigInput[] = [
  {
    // The reference guide's own account: a trail of its own, and the guide's tuning (its ALARM_LOG_QUERY_MAP)
    // as exclusions, so its author can migrate as is. The guide's AWSService, AWSServiceRoleForConfig /
    // ResourceExplorer and ce.amazonaws.com exclusions need no entry: the human profile already drops them.
    name: 'hdclabs',
    id: '021701867122',
    region: 'ap-northeast-2',
    trail: { mode: 'create' },
    detections: {
      profile: 'human',
      overrides: {
        UnauthorizedAPICall: {
          exclusions: {
            principalArns: [
              SSO_ADMIN,
              SSO_SUPER_ADMIN,
              // The MSP's API user, its EC2 role and its second operator (guide §8-1: "exclude by ARN").
              'arn:aws:iam::021701867122:user/mzc_msp-api',
              '*assumed-role/hdcl-csp-iam-ec2role/*',
              '*assumed-role/*/mzc_msp_2',
            ],
          },
        },
        // The guide also excludes its SSO admin from these change detections (§8-2). That silences the
        // people most able to make such changes: drop these overrides once the noise is understood.
        ConsoleSignInFailure: { exclusions: { principalArns: [SSO_ADMIN_ASSUMED] } },
        CloudTrailChangesEvent: { exclusions: { principalArns: [SSO_ADMIN_ASSUMED] } },
        S3BucketPolicyChange: { exclusions: { principalArns: [SSO_ADMIN_ASSUMED] } },
        AWSConfigChange: { exclusions: { principalArns: [SSO_ADMIN_ASSUMED] } },
        SecurityGroupChange: { exclusions: { principalArns: [SSO_ADMIN_ASSUMED] } },
        // The guide's `$.userIdentity.arn != "*AWSReservedSSO_*"`; SSO sign-ins are federated, which the
        // human profile's MFA detection already leaves out, so this only documents the migration.
        ConsoleSignInWithoutMfa: { exclusions: { principalArns: ['*AWSReservedSSO_*'] } },
      },
    },
    notifier: { locale: 'ko', timeZone: 'Asia/Seoul', botName: 'AlarmBot' },
    tags: { Owner: 'security' },
  },
  {
    // A Control Tower management account: the landing zone's organization trail already delivers to
    // aws-controltower/CloudTrailLogs, so the detections attach there and no second trail is created
    // (a second copy of management events costs $2.00 per 100,000 events).
    name: 'management',
    id: '111122223333',
    region: 'ap-northeast-2',
    assumeRoleArn: 'arn:aws:iam::111122223333:role/trailwatch-deploy',
    trail: { mode: 'existing', logGroupName: 'aws-controltower/CloudTrailLogs' },
    backend: { type: 's3', bucket: 'hdclabs-terraform-state', region: 'ap-northeast-2' },
    namePrefix: 'mgmt-',
    detections: { exclusions: { principalArns: [SSO_ADMIN_ASSUMED] } },
    alerting: { opsEmails: ['security-oncall@example.com'] },
  },
];

/**
 * Synthesizes EXAMPLE_ACCOUNTS. The app builder is required by a computed path so that bundlers leave it out:
 * the CLI bundles this file for EXAMPLE_ACCOUNTS alone and must not carry cdktf and the provider.
 */
function synthExample(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadAppBuilder } = require(path.join(__dirname, 'stacks', 'app-loader')) as typeof import('./stacks/app-loader');
  const { parseAccounts, synthApp } = loadAppBuilder();
  const { outdir, stackIds } = synthApp(parseAccounts(EXAMPLE_ACCOUNTS, 'main.ts EXAMPLE_ACCOUNTS'));
  for (const id of stackIds) console.log(`${outdir}/stacks/${id}/cdk.tf.json`);
}

// Only when this file itself is the program (`tsx main.ts`, `cdktf synth`), not when bundled into the CLI.
if (require.main === module && path.basename(__filename).startsWith('main.')) {
  try {
    synthExample();
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
