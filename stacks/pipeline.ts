import { Construct } from 'constructs';
import { compileDetections } from '../catalog/compile';
import type { CompiledDetection, DetectionSettings } from '../catalog/types';
import { Alerting } from './alerting';
import { DETECTIONS_DEFAULTS } from './defaults';
import { Detections } from './detections';
import { EncryptionKey } from './encryption-key';
import { alertingNames, pipelineNameProblems, notifierNames } from './naming';
import { Notifier, notifierKeyStatements, type NotifierProps } from './notifier';

/** The notifier's settings a pipeline passes through (defaults: NOTIFIER_PROPS_DEFAULTS in stacks/defaults.ts). */
export type NotifierOptions = Omit<
  NotifierProps,
  | 'names'
  | 'accountId'
  | 'region'
  | 'kmsKeyArn'
  | 'topicArn'
  | 'healthTopicArn'
  | 'monitoredLogGroupNames'
  | 'webhookUrlCiphertext'
  | 'highSeverityWebhookUrlCiphertext'
  | 'accountName'
  | 'alarmNamePrefix'
  | 'detections'
>;

export interface DetectionPipelineProps {
  /** Stem of every physical name, e.g. `trailwatch-prod` (AccountStack uses `trailwatch-<account name>`). */
  readonly baseName: string;
  /** The account the stack deploys to (12 digits): policies name its ARNs. */
  readonly accountId: string;
  /** The region the stack deploys to. */
  readonly region: string;
  /** The CloudWatch Logs log group CloudTrail delivers to: an existing one by name, or a log group's `name` attribute. */
  readonly logGroupName: string;
  /**
   * The detections: compiled ones (`compileDetections`, or an `AccountConfig`'s), or the settings to compile
   * them from. @default every catalog detection of the `human` profile
   */
  readonly detections?: readonly CompiledDetection[] | DetectionSettings;
  /** Base64 KMS ciphertext of the webhook URL (normally a sensitive Terraform variable), encryption context `{LambdaFunctionName: <function name>}`. */
  readonly webhookCiphertext: string;
  /** The same for a second webhook that gets the high-severity detections instead; empty or absent = none. @default none */
  readonly highSeverityWebhookCiphertext?: string;
  /** Shown beside the account id in every message. @default none */
  readonly accountName?: string;
  /** Who hears about a broken notifier (the health topic's email subscribers). At least one. */
  readonly healthEmails: readonly string[];
  /** Who also receives the raw detection alarm notifications by email. @default none */
  readonly alarmEmails?: readonly string[];
  /** Prepended alike to every metric filter, metric and alarm name. @default DETECTIONS_DEFAULTS.namePrefix ('') */
  readonly namePrefix?: string;
  /** @default DETECTIONS_DEFAULTS.metricNamespace ('trailwatch') */
  readonly metricNamespace?: string;
  /** @default NOTIFIER_PROPS_DEFAULTS (stacks/defaults.ts); `notifyOnOk` also gives the detection alarms OK actions */
  readonly notifier?: NotifierOptions;
}

/**
 * The whole detection pipeline on one log group, wired in one place so no name can disagree: one metric
 * filter + alarm per detection → the KMS-encrypted alarm topic (publishable by exactly those alarms) → the
 * notifier → the chat webhook; the notifier's health alarms → a second topic → people by email. Its own
 * customer-managed key encrypts the topics, the dead-letter queue, the notifier's logs and environment, and
 * the webhook secret. Goes into any TerraformStack with an AWS provider; creates no provider or backend.
 */
export class DetectionPipeline extends Construct {
  readonly key: EncryptionKey;
  readonly alerting: Alerting;
  readonly detections: Detections;
  readonly notifier: Notifier;

  constructor(scope: Construct, id: string, props: DetectionPipelineProps) {
    super(scope, id);
    const { baseName, accountId, region } = props;
    const detections = compiled(props.detections, this.node.path);
    const namePrefix = props.namePrefix ?? DETECTIONS_DEFAULTS.namePrefix;
    const names = alertingNames(baseName);
    const notifier = notifierNames(baseName, namePrefix);

    this.node.addValidation({
      validate: () =>
        pipelineNameProblems({ baseName, region, namePrefix, detectionNames: detections.map((d) => d.name) }).map(
          ({ from, problem }) => `DetectionPipeline ${this.node.path}: ${from}: ${problem}`,
        ),
    });

    this.key = new EncryptionKey(this, 'key', {
      accountId,
      alias: names.keyAlias,
      description: `trailwatch: alarm topics, notifier dead-letter queue, logs and webhook secret of ${baseName}`,
      statements: notifierKeyStatements(notifier, accountId, region),
    });
    this.alerting = new Alerting(this, 'alerting', {
      topicName: names.topic,
      healthTopicName: names.healthTopic,
      accountId,
      key: this.key,
      healthEmails: props.healthEmails,
      alarmEmails: props.alarmEmails,
    });
    this.detections = new Detections(this, 'detections', {
      detections,
      logGroupName: props.logGroupName,
      alerting: this.alerting,
      metricNamespace: props.metricNamespace,
      namePrefix,
      locale: props.notifier?.locale,
      notifyOnOk: props.notifier?.notifyOnOk,
    });
    this.notifier = new Notifier(this, 'notifier', {
      ...props.notifier,
      names: notifier,
      accountId,
      region,
      kmsKeyArn: this.key.arn,
      topicArn: this.alerting.topic.arn,
      healthTopicArn: this.alerting.healthTopic.arn,
      monitoredLogGroupNames: [this.detections.logGroupName],
      webhookUrlCiphertext: props.webhookCiphertext,
      highSeverityWebhookUrlCiphertext: props.highSeverityWebhookCiphertext,
      accountName: props.accountName,
      alarmNamePrefix: this.detections.namePrefix,
      detections,
    });
    this.alerting.allowHealthAlarms(this.notifier.healthAlarms);
  }
}

function compiled(detections: DetectionPipelineProps['detections'], path: string): readonly CompiledDetection[] {
  if (detections === undefined) return compileDetections({}, `DetectionPipeline ${path}`);
  return isCompiled(detections) ? detections : compileDetections(detections, `DetectionPipeline ${path}`);
}

function isCompiled(detections: readonly CompiledDetection[] | DetectionSettings): detections is readonly CompiledDetection[] {
  return Array.isArray(detections);
}
