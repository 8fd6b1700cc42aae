import type { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DataAwsIamPolicyDocument, dataAwsIamPolicyDocumentStatementToTerraform } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import type { EncryptionKey } from './encryption-key';
import { anyone, condition, servicePrincipal, type Statement } from './policy';

/**
 * CloudWatch publishing alarm notifications to a topic encrypted with this key. CloudWatch calls KMS itself
 * when it publishes; the AWS-managed `alias/aws/sns` key cannot grant it that, which silently drops every
 * notification (LZA #31, ASFHyP3/hyp3 #762; reference/cis-detections-and-prior-art.md §4).
 *
 * Deliberately without an `aws:SourceAccount`/`aws:SourceArn` condition: AWS documents this statement
 * without one (re:Post "CloudWatch alarm with an encrypted SNS topic"), the SNS guide states those keys are
 * not supported in key policies for EventBridge-to-encrypted-topic delivery, and no AWS source says
 * CloudWatch sets them on its KMS calls. A condition it does not satisfy would fail exactly like the
 * AWS-managed key: silently. The topic policies carry both conditions instead.
 */
export function alarmTopicKeyStatement(): Statement {
  return {
    sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
    effect: 'Allow',
    principals: servicePrincipal('cloudwatch.amazonaws.com'),
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
  };
}

export interface AlertingProps {
  /** Name of the detection alarms' topic. */
  readonly topicName: string;
  /** Name of the notifier health alarms' topic. */
  readonly healthTopicName: string;
  readonly accountId: string;
  /** The customer-managed key of both topics; {@link alarmTopicKeyStatement} is added to its policy. */
  readonly key: EncryptionKey;
  /**
   * Email endpoints of the health topic: the notifier's own alarms (errors, dead letters, dropped events)
   * reach people here without going through the notifier. At least one. Each must confirm the subscription
   * from the email AWS sends; until then it is pending (and Terraform cannot delete a pending subscription).
   */
  readonly healthEmails: readonly string[];
  /** Email endpoints that also receive CloudWatch's raw detection alarm notifications, next to the notifier. @default none */
  readonly alarmEmails?: readonly string[];
}

/** One KMS-encrypted topic that only named alarms of this account may publish to. */
class AlarmTopic extends Construct {
  readonly topic: SnsTopic;
  readonly policy: SnsTopicPolicy;
  private readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, name: string, props: AlertingProps) {
    super(scope, id);
    this.topic = new SnsTopic(this, 'topic', { name, kmsMasterKeyId: props.key.arn });
    // Resolved at synth, once every alarm has been allowed: the alarms need the topic's ARN first. A lazy value
    // bypasses the generated camelCase → snake_case mapping, so it produces the mapped statements.
    const statements = Lazy.anyValue({
      produce: () => publishStatements(this.topic.arn, props.accountId, this.alarms).map(dataAwsIamPolicyDocumentStatementToTerraform),
    });
    const document = new DataAwsIamPolicyDocument(this, 'policy-document', { version: '2012-10-17', statement: statements });
    this.policy = new SnsTopicPolicy(this, 'policy', { arn: this.topic.arn, policy: document.json });
    this.node.addValidation({
      validate: () => (this.alarms.length > 0 ? [] : [`${this.node.path}: no alarm may publish to topic ${name}; allow its alarms (Alerting.allowAlarms / allowHealthAlarms).`]),
    });
  }

  allow(alarms: readonly CloudwatchMetricAlarm[]): void {
    this.alarms.push(...alarms);
  }
}

/**
 * CloudWatch may publish from exactly these alarms (their ARNs by reference, never a name-prefix glob: a prefix
 * may be empty, and `alarm:*` would admit any alarm of the account). The explicit Deny makes that true for
 * identities of the account as well: an identity policy alone would otherwise let a person or role publish a
 * forged alarm (SNS allows same-account access granted by either policy).
 */
function publishStatements(topicArn: string, accountId: string, alarms: readonly CloudwatchMetricAlarm[]): Statement[] {
  const alarmArns = alarms.map((alarm) => alarm.arn);
  return [
    {
      sid: 'OwnAlarmsPublish',
      effect: 'Allow',
      principals: servicePrincipal('cloudwatch.amazonaws.com'),
      actions: ['sns:Publish'],
      resources: [topicArn],
      condition: [condition('ArnLike', 'aws:SourceArn', ...alarmArns), condition('StringEquals', 'aws:SourceAccount', accountId)],
    },
    {
      // A request without aws:SourceArn (any IAM identity) satisfies ArnNotLike, so it is denied.
      sid: 'NothingElsePublishes',
      effect: 'Deny',
      principals: anyone,
      actions: ['sns:Publish'],
      resources: [topicArn],
      condition: [condition('ArnNotLike', 'aws:SourceArn', ...alarmArns)],
    },
  ];
}

/**
 * The alerting topics: detection alarms → `topic` (the notifier's input), and the notifier's health alarms →
 * `healthTopic`, which reaches people by email, so a broken notifier is heard about.
 */
export class Alerting extends Construct {
  readonly topic: SnsTopic;
  readonly topicPolicy: SnsTopicPolicy;
  readonly healthTopic: SnsTopic;
  readonly healthTopicPolicy: SnsTopicPolicy;
  readonly healthSubscriptions: readonly SnsTopicSubscription[];
  readonly alarmEmailSubscriptions: readonly SnsTopicSubscription[];
  private readonly alarmTopic: AlarmTopic;
  private readonly health: AlarmTopic;

  constructor(scope: Construct, id: string, props: AlertingProps) {
    super(scope, id);
    props.key.addStatements(alarmTopicKeyStatement());
    this.alarmTopic = new AlarmTopic(this, 'alarms', props.topicName, props);
    this.health = new AlarmTopic(this, 'health', props.healthTopicName, props);
    this.topic = this.alarmTopic.topic;
    this.topicPolicy = this.alarmTopic.policy;
    this.healthTopic = this.health.topic;
    this.healthTopicPolicy = this.health.policy;
    const subscribe = (topic: SnsTopic, kind: string, emails: readonly string[]) =>
      emails.map((endpoint, i) => new SnsTopicSubscription(this, `${kind}-email-${i}`, { topicArn: topic.arn, protocol: 'email', endpoint }));
    this.healthSubscriptions = subscribe(this.healthTopic, 'health', props.healthEmails);
    this.alarmEmailSubscriptions = subscribe(this.topic, 'alarm', props.alarmEmails ?? []);
    if (props.healthEmails.length === 0) {
      this.node.addValidation({
        validate: () => [`${this.node.path}: healthEmails: at least one address must receive the notifier's health alarms; otherwise nobody hears that alerts are failing.`],
      });
    }
  }

  /** Lets these (detection) alarms publish to {@link topic}. */
  allowAlarms(alarms: readonly CloudwatchMetricAlarm[]): void {
    this.alarmTopic.allow(alarms);
  }

  /** Lets these (notifier health) alarms publish to {@link healthTopic}. */
  allowHealthAlarms(alarms: readonly CloudwatchMetricAlarm[]): void {
    this.health.allow(alarms);
  }
}
