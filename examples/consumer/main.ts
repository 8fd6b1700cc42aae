/**
 * Another team's cdktf app using trailwatch from its packed tarball, two ways:
 * (a) one AccountStack per account of its own configuration file;
 * (b) the detection pipeline as one construct inside a stack the team already has, with its own provider and
 *     backend, on the log group its Control Tower trail already writes to.
 */
import { App, S3Backend, TerraformStack, TerraformVariable } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { AccountStack, DetectionPipeline, baseNameOf, loadAccounts } from 'trailwatch';

const app = new App({ outdir: process.argv[2] ?? 'cdktf.out' });

// (a) A stack per account, as trailwatch's own app does.
for (const account of loadAccounts('accounts.json')) new AccountStack(app, baseNameOf(account.name), { account });

// (b) The team's existing security stack gains the pipeline.
const security = new TerraformStack(app, 'security-baseline');
new AwsProvider(security, 'aws', { region: 'eu-west-1', allowedAccountIds: ['210987654321'] });
new S3Backend(security, { bucket: 'payments-terraform-state', key: 'security-baseline.tfstate', region: 'eu-west-1' });
new S3Bucket(security, 'existing-resource', { bucket: 'payments-security-evidence-210987654321' });
const webhook = new TerraformVariable(security, 'chat_webhook_ciphertext', { type: 'string', sensitive: true, default: '' });
new DetectionPipeline(security, 'trailwatch', {
  baseName: 'payments-sec',
  accountId: '210987654321',
  region: 'eu-west-1',
  logGroupName: 'aws-controltower/CloudTrailLogs',
  detections: { profile: 'cis-securityhub' },
  webhookCiphertext: webhook.stringValue,
  healthEmails: ['payments-oncall@example.com'],
  namePrefix: 'sec-',
  notifier: { locale: 'en', timeZone: 'Europe/Dublin' },
});

app.synth();
