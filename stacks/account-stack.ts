import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend, S3Backend, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import { Alerting, alarmTopicKeyStatement } from './alerting';
import type { AccountConfig } from './config';
import { Detections } from './detections';
import { EncryptionKey } from './encryption-key';
import { alertingNames, baseNameOf, detectionResourceName, notifierNames } from './naming';
import { Notifier, notifierKeyStatements } from './notifier';
import { Trail } from './trail';

export interface AccountStackProps {
  /** One account, as returned by `parseAccounts` (defaults applied, detections compiled). */
  readonly account: AccountConfig;
}

/** Name of the Terraform variable holding the webhook ciphertext. */
export const HOOK_CIPHERTEXT_VARIABLE = 'dooray_hook_url_ciphertext';

/**
 * Everything one AWS account needs, as one Terraform stack with its own provider and backend: the trail
 * (unless an existing one's log group is reused), one metric filter + alarm per detection, the encrypted
 * alarm topic and the notifier. No cross-stack references: each stack plans and applies on its own.
 */
export class AccountStack extends TerraformStack {
  readonly provider: AwsProvider;
  readonly hookCiphertext: TerraformVariable;
  readonly alertingKey: EncryptionKey;
  /** Absent in `existing` mode. */
  readonly trail?: Trail;
  /** The log group the detections read: the trail's, or the existing one named in the configuration. */
  readonly monitoredLogGroupName: string;
  readonly alerting: Alerting;
  readonly detections: Detections;
  readonly notifier: Notifier;

  constructor(scope: Construct, id: string, props: AccountStackProps) {
    super(scope, id);
    const { account } = props;
    const { id: accountId, region } = account;
    const baseName = baseNameOf(account.name);

    this.provider = new AwsProvider(this, 'aws', {
      region,
      allowedAccountIds: [...account.allowedAccountIds],
      assumeRole: account.assumeRoleArn ? [{ roleArn: account.assumeRoleArn, sessionName: 'trailwatch' }] : undefined,
      defaultTags: [{ tags: { ManagedBy: 'trailwatch', 'trailwatch:account': account.name, ...account.tags } }],
    });
    this.configureBackend(account, id);

    this.hookCiphertext = new TerraformVariable(this, HOOK_CIPHERTEXT_VARIABLE, {
      type: 'string',
      sensitive: true,
      nullable: false,
      default: '',
      description:
        'Base64 KMS ciphertext of the Dooray! webhook URL, encrypted under the notifier_key_arn output with encryption context ' +
        'LambdaFunctionName=<notifier_function_name> (npm run encrypt-webhook). Never the plain URL. Empty until set: the notifier then fails and alerts wait in its dead-letter queue.',
      validation: [
        {
          condition: `\${var.${HOOK_CIPHERTEXT_VARIABLE} == "" || can(regex("^[A-Za-z0-9+/]+={0,2}$", var.${HOOK_CIPHERTEXT_VARIABLE}))}`,
          errorMessage: 'Expected the base64 KMS ciphertext of the webhook URL, not the URL itself (see npm run encrypt-webhook).',
        },
      ],
    });

    const alertNames = alertingNames(baseName);
    const notifier = notifierNames(baseName, account.namePrefix);
    this.alertingKey = new EncryptionKey(this, 'alerting-key', {
      accountId,
      alias: alertNames.keyAlias,
      description: `trailwatch: alarm topic, notifier dead-letter queue, logs and webhook secret of ${baseName}`,
      statements: [alarmTopicKeyStatement(), ...notifierKeyStatements(notifier, accountId, region)],
    });

    const trailConfig = account.trail;
    if (trailConfig.mode === 'existing') {
      this.monitoredLogGroupName = trailConfig.logGroupName;
    } else {
      this.trail = new Trail(this, 'trail', {
        baseName,
        accountId,
        region,
        organizationId: trailConfig.mode === 'organization' ? trailConfig.organizationId : undefined,
        logRetentionDays: trailConfig.logRetentionDays,
        glacierTransitionDays: trailConfig.glacierTransitionDays,
        expirationDays: trailConfig.expirationDays,
        accessLogExpirationDays: trailConfig.accessLogExpirationDays,
      });
      this.monitoredLogGroupName = this.trail.logGroupName;
    }

    const detectionAlarmNames = account.detections.map((d) => detectionResourceName(account.namePrefix, d.name));
    this.alerting = new Alerting(this, 'alerting', {
      topicName: alertNames.topic,
      accountId,
      region,
      kmsKeyArn: this.alertingKey.arn,
      alarmNames: [...detectionAlarmNames, notifier.errorsAlarm, notifier.deadLetterAlarm],
      opsEmails: account.alerting.opsEmails,
    });
    const topicArn = this.alerting.topic.arn;

    this.detections = new Detections(this, 'detections', {
      detections: account.detections,
      // The trail's log group by reference, so the filters wait for it to exist.
      logGroupName: this.trail ? this.trail.logGroup.name : this.monitoredLogGroupName,
      metricNamespace: account.metricNamespace,
      namePrefix: account.namePrefix,
      alarmActions: [topicArn],
      locale: account.notifier.locale,
    });

    this.notifier = new Notifier(this, 'notifier', {
      names: notifier,
      accountId,
      region,
      kmsKeyArn: this.alertingKey.arn,
      topicArn,
      // Lead: the separate health topic (issue 9 #5) replaces the alarm topic here.
      healthTopicArn: topicArn,
      monitoredLogGroupNames: [this.monitoredLogGroupName],
      webhookUrlCiphertext: this.hookCiphertext.stringValue,
      accountName: account.name,
      alarmNamePrefix: account.namePrefix,
      detections: account.detections,
      ...account.notifier,
    });

    new TerraformOutput(this, 'topic_arn', { value: topicArn, description: 'The alarm topic: subscribe more endpoints here.' });
    new TerraformOutput(this, 'notifier_function_name', { value: notifier.functionName, description: 'Encryption context of the webhook ciphertext.' });
    new TerraformOutput(this, 'notifier_key_arn', { value: this.alertingKey.arn, description: 'Encrypt the webhook URL under this key (npm run encrypt-webhook).' });
    new TerraformOutput(this, 'log_group_name', { value: this.monitoredLogGroupName, description: 'The CloudTrail log group the detections read.' });
  }

  /**
   * cdktf's preparing pass resolves every element once more only to discover cross-stack references, which
   * an account stack never has (everything it references is its own). Skipping it saves a third of the
   * token resolution of a synth (bench/synth.ts); the backend check it also does stays.
   */
  override prepareStack(): void {
    this.ensureBackendExists();
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
