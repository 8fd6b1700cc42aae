import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend, S3Backend, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import { athenaNames } from '../sql/athena-names';
import { Athena } from './athena';
import { type AccountConfig, monitoredLogGroupName } from './config';
import { baseNameOf } from './naming';
import { DetectionPipeline } from './pipeline';
import { terraformLiteralMap } from './terraform-text';
import { Trail } from './trail';

export interface AccountStackProps {
  /** One account, as returned by `parseAccounts` / `loadAccounts` (defaults applied, detections compiled). */
  readonly account: AccountConfig;
}

/** Name of the Terraform variable holding the webhook ciphertext. */
export const WEBHOOK_CIPHERTEXT_VARIABLE = 'webhook_url_ciphertext';
/** Name of the Terraform variable holding the ciphertext of the optional high-severity webhook. */
export const HIGH_SEVERITY_WEBHOOK_CIPHERTEXT_VARIABLE = 'high_severity_webhook_url_ciphertext';

/**
 * S3-native state locking (`use_lockfile`) needs Terraform 1.10; trailwatch is tested with 1.11.
 * Declared for every stack, so a too-old Terraform stops at init with a clear message.
 */
export const REQUIRED_TERRAFORM_VERSION = '>= 1.10.0';
const WEBHOOK_CIPHERTEXT_ERROR = 'Expected the base64 KMS ciphertext of the webhook URL, not the URL itself (see npm run encrypt-webhook).';

/**
 * Everything one AWS account needs, as one Terraform stack with its own provider and backend: the trail
 * (unless an existing one's log group is reused) and the {@link DetectionPipeline} on its log group. No
 * cross-stack references: each stack plans and applies on its own. Teams with a stack of their own put a
 * `DetectionPipeline` (and a `Trail`) into it instead.
 */
export class AccountStack extends TerraformStack {
  readonly provider: AwsProvider;
  readonly webhookCiphertext: TerraformVariable;
  readonly highSeverityWebhookCiphertext: TerraformVariable;
  /** Absent in `existing` mode. */
  readonly trail?: Trail;
  /** Present when `athena.enabled`: the table, workgroup and named queries `trailwatch sql` runs in. */
  readonly athena?: Athena;
  /** The log group the detections read: the trail's, or the existing one named in the configuration. */
  readonly monitoredLogGroupName: string;
  readonly pipeline: DetectionPipeline;

  constructor(scope: Construct, id: string, props: AccountStackProps) {
    super(scope, id);
    const { account } = props;
    const { id: accountId, region } = account;
    const baseName = baseNameOf(account.name);

    this.provider = new AwsProvider(this, 'aws', {
      region,
      allowedAccountIds: [...account.allowedAccountIds],
      assumeRole: account.assumeRoleArn ? [{ roleArn: account.assumeRoleArn, sessionName: 'trailwatch' }] : undefined,
      defaultTags: [{ tags: terraformLiteralMap({ ManagedBy: 'trailwatch', 'trailwatch:account': account.name, ...account.tags }) }],
    });
    this.configureBackend(account, id);
    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);

    this.webhookCiphertext = ciphertextVariable(
      this,
      WEBHOOK_CIPHERTEXT_VARIABLE,
      'Base64 KMS ciphertext of the chat webhook URL, encrypted under the notifier_key_arn output with encryption context ' +
        'LambdaFunctionName=<notifier_function_name> (npm run encrypt-webhook). Never the plain URL. Empty until set: the notifier then fails and alerts wait in its dead-letter queue.',
    );
    this.highSeverityWebhookCiphertext = ciphertextVariable(
      this,
      HIGH_SEVERITY_WEBHOOK_CIPHERTEXT_VARIABLE,
      `Optional: the same for a second webhook that receives the high-severity detections instead of ${WEBHOOK_CIPHERTEXT_VARIABLE}. Empty: every alert goes to the first.`,
    );

    const trailConfig = account.trail;
    this.monitoredLogGroupName = monitoredLogGroupName(account);
    if (trailConfig.mode !== 'existing') {
      this.trail = new Trail(this, 'trail', {
        baseName,
        accountId,
        region,
        organizationId: trailConfig.mode === 'organization' ? trailConfig.organizationId : undefined,
        logRetentionDays: trailConfig.logRetentionDays,
        glacierTransitionDays: trailConfig.glacierTransitionDays,
        expirationDays: trailConfig.expirationDays,
        accessLogExpirationDays: trailConfig.accessLogExpirationDays,
        moreAccessLoggedBuckets: account.athena.enabled ? [athenaNames(account.name, accountId).resultsBucket] : [],
      });
      if (account.athena.enabled) {
        this.athena = new Athena(this, 'athena', {
          accountName: account.name,
          accountId,
          region,
          trailBucketName: this.trail.bucket.bucket.bucket,
          organizationId: trailConfig.mode === 'organization' ? trailConfig.organizationId : undefined,
          accountIds: account.athena.accountIds,
          regions: account.athena.regions,
          detections: account.detections,
          kmsKeyArn: this.trail.key.arn,
          // Through the log bucket's policy, so logging starts once delivery is allowed (as for the trail bucket).
          accessLogBucket: this.trail.accessLogBucket.policy.bucket,
        });
      }
    }

    this.pipeline = new DetectionPipeline(this, 'pipeline', {
      baseName,
      accountId,
      region,
      // The trail's log group by reference, so the filters wait for it to exist.
      logGroupName: this.trail ? this.trail.logGroup.name : this.monitoredLogGroupName,
      detections: account.detections,
      webhookCiphertext: this.webhookCiphertext.stringValue,
      highSeverityWebhookCiphertext: this.highSeverityWebhookCiphertext.stringValue,
      accountName: account.name,
      healthEmails: account.alerting.healthEmails,
      alarmEmails: account.alerting.alarmEmails,
      namePrefix: account.namePrefix,
      metricNamespace: account.metricNamespace,
      notifier: account.notifier,
    });
    const { alerting, key, notifier } = this.pipeline;

    new TerraformOutput(this, 'topic_arn', { value: alerting.topic.arn, description: 'The detection alarms topic (input of the notifier).' });
    new TerraformOutput(this, 'health_topic_arn', { value: alerting.healthTopic.arn, description: 'The notifier health alarms topic: subscribe more people here.' });
    new TerraformOutput(this, 'notifier_function_name', { value: notifier.function.functionName, description: 'Encryption context of the webhook ciphertext.' });
    new TerraformOutput(this, 'notifier_key_arn', { value: key.arn, description: 'Encrypt the webhook URL under this key (npm run encrypt-webhook).' });
    new TerraformOutput(this, 'log_group_name', { value: this.monitoredLogGroupName, description: 'The CloudTrail log group the detections read.' });
    if (this.athena) {
      new TerraformOutput(this, 'athena_workgroup', { value: this.athena.workgroup.name, description: 'Run trailwatch sql queries and the named queries in this workgroup.' });
    }
  }

  private configureBackend(account: AccountConfig, stackId: string): void {
    const backend = account.backend;
    if (backend.type === 'local') {
      new LocalBackend(this, { path: backend.path ?? `terraform.${stackId}.tfstate` });
      return;
    }
    new S3Backend(this, {
      bucket: backend.bucket,
      key: backend.key ?? `trailwatch/${account.name}.tfstate`,
      region: backend.region ?? account.region,
      encrypt: backend.encrypt,
      assumeRole: backend.roleArn ? { roleArn: backend.roleArn } : undefined,
    });
    // S3-native state locking (Terraform ≥ 1.10). cdktf 0.21's S3Backend has no useLockfile option.
    this.addOverride('terraform.backend.s3.use_lockfile', true);
  }
}

/** A sensitive variable for a webhook ciphertext: empty, or base64 (a pasted URL fails at plan without being printed). */
function ciphertextVariable(scope: Construct, name: string, description: string): TerraformVariable {
  return new TerraformVariable(scope, name, {
    type: 'string',
    sensitive: true,
    nullable: false,
    default: '',
    description,
    validation: [
      {
        // A false condition makes Terraform (1.11) print `var.… is "<value>"` even for a sensitive variable:
        // a bad value fails in tobool() instead, whose error quotes only the message (__tests__/terraform).
        condition: `\${var.${name} == "" || can(regex("^[A-Za-z0-9+/]+={0,2}$", var.${name})) ? true : tobool(${JSON.stringify(WEBHOOK_CIPHERTEXT_ERROR)})}`,
        errorMessage: WEBHOOK_CIPHERTEXT_ERROR,
      },
    ],
  });
}
