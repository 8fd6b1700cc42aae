import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { alarmArn } from './arns';
import { condition, policyDocument, servicePrincipal, type Statement } from './policy';

/**
 * CloudWatch publishing alarm notifications to a topic encrypted with this key. CloudWatch calls KMS itself
 * when it publishes; the AWS-managed `alias/aws/sns` key cannot grant it that, which silently drops every
 * notification (LZA #31, ASFHyP3/hyp3 #762; reference/cis-detections-and-prior-art.md §4).
 *
 * Deliberately without an `aws:SourceAccount`/`aws:SourceArn` condition: AWS documents this statement
 * without one (re:Post "CloudWatch alarm with an encrypted SNS topic"), the SNS guide states those keys are
 * not supported in key policies for EventBridge-to-encrypted-topic delivery, and no AWS source says
 * CloudWatch sets them on its KMS calls. A condition it does not satisfy would fail exactly like the
 * AWS-managed key: silently. The topic policy below carries both conditions instead.
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
  readonly topicName: string;
  readonly accountId: string;
  readonly region: string;
  /** A customer-managed key whose policy includes {@link alarmTopicKeyStatement}. */
  readonly kmsKeyArn: string;
  /** The alarms (of this account and region) that may publish: every other publisher is refused. */
  readonly alarmNames: readonly string[];
  /**
   * Email endpoints subscribed next to the notifier. They receive CloudWatch's raw notification even when
   * the notifier itself is broken. Each must confirm the subscription from the email AWS sends. @default none
   */
  readonly opsEmails?: readonly string[];
}

/** The alarm topic: KMS-encrypted, publishable only by this account's own alarms. */
export class Alerting extends Construct {
  readonly topic: SnsTopic;
  readonly topicPolicy: SnsTopicPolicy;
  readonly emailSubscriptions: readonly SnsTopicSubscription[];

  constructor(scope: Construct, id: string, props: AlertingProps) {
    super(scope, id);
    this.topic = new SnsTopic(this, 'topic', { name: props.topicName, kmsMasterKeyId: props.kmsKeyArn });
    // Exact alarm ARNs rather than a name-prefix glob: a prefix may be empty, and `alarm:*` would admit any alarm of the account.
    const alarmArns = props.alarmNames.map((name) => alarmArn(props.region, props.accountId, name));
    this.topicPolicy = new SnsTopicPolicy(this, 'policy', {
      arn: this.topic.arn,
      policy: policyDocument(this, 'policy-document', [
        {
          sid: 'OwnAlarmsPublish',
          effect: 'Allow',
          principals: servicePrincipal('cloudwatch.amazonaws.com'),
          actions: ['sns:Publish'],
          resources: [this.topic.arn],
          condition: [condition('ArnLike', 'aws:SourceArn', ...alarmArns), condition('StringEquals', 'aws:SourceAccount', props.accountId)],
        },
      ]).json,
    });
    this.emailSubscriptions = (props.opsEmails ?? []).map(
      (endpoint, i) => new SnsTopicSubscription(this, `email-${i}`, { topicArn: this.topic.arn, protocol: 'email', endpoint }),
    );
  }
}
