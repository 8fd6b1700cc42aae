import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import type { Titles } from '../catalog/types';
import { notifierEnvironment, type NotifierSettings } from '../lambda/notifier/environment';
import { NOTIFIER_PROPS_DEFAULTS } from './defaults';
import { alarmArn, logGroupArn, queueArn, roleArn } from './arns';
import { logGroupKeyStatement } from './encryption-key';
import type { NotifierNames } from './naming';
import { notifierPackage } from './notifier-package';
import { NotifierFollowUps } from './notifier-follow-ups';
import { notifierSettingsProblems, type NotifierFunctionSettings } from './notifier-settings';
import { NotifierState } from './notifier-state';
import { anyone, condition, denyInsecureTransport, policyDocument, servicePrincipal, type Statement } from './policy';
import { terraformLiteral } from './terraform-text';

/** What the alerting key must allow for the notifier: its log group, and the webhook secret for it alone. */
export function notifierKeyStatements(names: NotifierNames, accountId: string, region: string): Statement[] {
  return [
    logGroupKeyStatement('CloudWatchLogsEncryptsNotifierLogGroup', region, logGroupArn(region, accountId, names.logGroup)),
    {
      // Whoever can read the function's configuration sees the ciphertext; only the notifier may turn it back
      // into the webhook URL. Other uses of the key (topic, queue, at-rest environment) carry other contexts.
      sid: 'OnlyTheNotifierDecryptsTheWebhook',
      effect: 'Deny',
      principals: anyone,
      actions: ['kms:Decrypt'],
      resources: ['*'],
      condition: [
        condition('Null', 'kms:EncryptionContext:LambdaFunctionName', 'false'),
        condition('StringNotEquals', 'aws:PrincipalArn', roleArn(accountId, names.role)),
      ],
    },
  ];
}

/**
 * The notifier's props. Message settings (target, locale, time zone, events shown, …) come from
 * {@link NotifierSettings}: lambda/notifier/environment.ts owns their defaults and rules for the stack and the
 * Lambda alike, and the constructor refuses a value the Lambda would refuse.
 */
export interface NotifierProps extends NotifierSettings, NotifierFunctionSettings {
  /** Physical names (stacks/naming.ts `notifierNames`); the function name is the webhook's encryption context. */
  readonly names: NotifierNames;
  readonly accountId: string;
  readonly region: string;
  /** The alerting key: its policy must include {@link notifierKeyStatements}. */
  readonly kmsKeyArn: string;
  /** The alarm topic the notifier subscribes to: the only source whose notifications it handles. */
  readonly topicArn: string;
  /**
   * Where the notifier's own health alarms go (errors, dead-letter depth, destination failures, dropped events).
   * Not the alarm topic: when the notifier is broken, these must reach people by a path that does not run through it.
   */
  readonly healthTopicArn: string;
  /** Log groups the notifier may re-read (DescribeMetricFilters, FilterLogEvents): those the detections' filters sit on. */
  readonly monitoredLogGroupNames: readonly string[];
  /** Base64 KMS ciphertext of the webhook URL, encryption context `{LambdaFunctionName: <function name>}`; normally a sensitive Terraform variable. */
  readonly webhookUrlCiphertext: string;
  /** The same for a second webhook that receives the high-severity detections instead. @default none (all go to the first) */
  readonly highSeverityWebhookUrlCiphertext?: string;
  /** The account's configured name, shown beside its id. @default none (the id alone) */
  readonly accountName?: string;
  /** Prefix of the detection alarm names, stripped to find the detection. @default '' */
  readonly alarmNamePrefix?: string;
  /**
   * The deployed detections (the account's compiled detections): the notifier's table gets each one's title,
   * severity and first action from the catalog; a custom detection keeps its own title.
   */
  readonly detections: readonly { readonly name: string; readonly title: Titles }[];
}

/** Two retries of a failed asynchronous invocation (Lambda's maximum), then the dead-letter queue. */
const MAX_RETRIES = 2;
/** Six hours (Lambda's maximum): an alert held back by throttling is still worth delivering late. */
const MAX_EVENT_AGE_SECONDS = 21_600;
/** Fourteen days (SQS's maximum): time to notice, read and replay a failed alert. */
const DEAD_LETTER_RETENTION_SECONDS = 1_209_600;

/**
 * The notifier Lambda (Node.js 22): subscribed to the alarm topic, it re-reads the CloudTrail events behind an
 * alarm and posts one chat message (Dooray!, Slack or Teams). Failed invocations are retried twice, then kept in
 * an encrypted SQS dead-letter queue (`trailwatch redrive` sends them back); a DynamoDB table of delivery records
 * keeps retries from posting twice; four alarms on the health topic watch the watcher.
 */
export class Notifier extends Construct {
  readonly asset: TerraformAsset;
  readonly logGroup: CloudwatchLogGroup;
  readonly role: IamRole;
  readonly rolePolicy: IamRolePolicy;
  readonly deadLetterQueue: SqsQueue;
  readonly deadLetterQueuePolicy: SqsQueuePolicy;
  readonly function: LambdaFunction;
  readonly invokeConfig: LambdaFunctionEventInvokeConfig;
  readonly permission: LambdaPermission;
  readonly subscription: SnsTopicSubscription;
  readonly state: NotifierState;
  readonly followUps: NotifierFollowUps;
  readonly errorsAlarm: CloudwatchMetricAlarm;
  readonly deadLetterAlarm: CloudwatchMetricAlarm;
  readonly destinationFailuresAlarm: CloudwatchMetricAlarm;
  readonly eventsDroppedAlarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: NotifierProps) {
    super(scope, id);
    const problems = notifierSettingsProblems(props);
    // Thrown at construction: a value the Lambda would refuse at its first alarm fails the synth instead.
    if (problems.length > 0) throw new Error(`Notifier ${this.node.path}: ${problems.join('; ')}`);
    const { names } = props;
    const defaults = NOTIFIER_PROPS_DEFAULTS;
    const pkg = notifierPackage();
    this.asset = new TerraformAsset(this, 'code', { path: pkg.zipPath, type: AssetType.FILE, assetHash: pkg.sha256Hex });

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: names.logGroup,
      retentionInDays: props.logRetentionDays ?? defaults.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });

    this.deadLetterQueue = new SqsQueue(this, 'dead-letter-queue', {
      name: names.deadLetterQueue,
      kmsMasterKeyId: props.kmsKeyArn,
      kmsDataKeyReusePeriodSeconds: 300,
      messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
    });
    this.deadLetterQueuePolicy = new SqsQueuePolicy(this, 'dead-letter-queue-policy', {
      queueUrl: this.deadLetterQueue.url,
      policy: policyDocument(this, 'dead-letter-queue-policy-document', [denyInsecureTransport('sqs', [this.deadLetterQueue.arn])]).json,
    });

    this.state = new NotifierState(this, 'state', { tableName: names.stateTable, kmsKeyArn: props.kmsKeyArn, detections: props.detections });

    this.role = new IamRole(this, 'role', {
      name: names.role,
      description: `Execution role of ${names.functionName}`,
      assumeRolePolicy: policyDocument(this, 'trust', [
        { sid: 'LambdaAssumes', effect: 'Allow', principals: servicePrincipal('lambda.amazonaws.com'), actions: ['sts:AssumeRole'] },
      ]).json,
    });
    this.rolePolicy = new IamRolePolicy(this, 'permissions', {
      name: 'notifier',
      role: this.role.id,
      policy: policyDocument(this, 'permissions-document', executionStatements(props, this.state.table.arn)).json,
    });

    this.function = new LambdaFunction(this, 'function', {
      functionName: names.functionName,
      description: 'trailwatch: re-reads the CloudTrail events behind a detection alarm and posts them to the chat webhook',
      role: this.role.arn,
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      architectures: ['arm64'],
      filename: this.asset.path,
      sourceCodeHash: pkg.sha256,
      memorySize: props.memorySize ?? defaults.memorySize,
      timeout: props.timeoutSeconds ?? defaults.timeoutSeconds,
      reservedConcurrentExecutions: props.reservedConcurrency ?? defaults.reservedConcurrency ?? undefined,
      // Environment encrypted at rest with the alerting key, not the AWS-managed aws/lambda key.
      kmsKeyArn: props.kmsKeyArn,
      environment: {
        // The bot name is the one free text among the settings; the other values are checked names and tokens.
        variables: notifierEnvironment({ ...props, botName: props.botName === undefined ? undefined : terraformLiteral(props.botName) }, {
          webhookUrlCiphertext: props.webhookUrlCiphertext,
          highSeverityWebhookUrlCiphertext: props.highSeverityWebhookUrlCiphertext,
          stateTable: names.stateTable,
          alarmTopicArn: props.topicArn,
          accountName: props.accountName,
          alarmNamePrefix: props.alarmNamePrefix,
          monitoredLogGroups: props.monitoredLogGroupNames,
        }),
      },
      // The log group exists (with its retention and key) before the function can create it by writing.
      dependsOn: [this.logGroup, this.rolePolicy],
    });

    this.invokeConfig = new LambdaFunctionEventInvokeConfig(this, 'async', {
      functionName: this.function.functionName,
      maximumRetryAttempts: MAX_RETRIES,
      maximumEventAgeInSeconds: MAX_EVENT_AGE_SECONDS,
      // The on-failure record carries the original event and the error, unlike a bare dead-letter message.
      destinationConfig: { onFailure: { destination: this.deadLetterQueue.arn } },
    });
    // Lambda resource policies hold Allow statements only: this one admits SNS for the alarm topic alone, and the
    // handler itself ignores anything but that topic's notifications (ALARM_TOPIC_ARN), whoever invokes it.
    this.permission = new LambdaPermission(this, 'invoke-from-topic', {
      statementId: 'AlarmTopicInvokes',
      action: 'lambda:InvokeFunction',
      functionName: this.function.functionName,
      principal: 'sns.amazonaws.com',
      sourceArn: props.topicArn,
    });
    this.followUps = new NotifierFollowUps(this, 'follow-ups', {
      scheduleName: names.followUpSchedule,
      roleName: names.schedulerRole,
      accountId: props.accountId,
      functionArn: this.function.arn,
    });
    this.subscription = new SnsTopicSubscription(this, 'subscription', {
      topicArn: props.topicArn,
      protocol: 'lambda',
      endpoint: this.function.arn,
      dependsOn: [this.permission],
    });

    // Who watches the watcher: the health topic, never the alarm topic the notifier itself reads.
    const health = (id: string, alarmName: string, alarmDescription: string, metric: { namespace: string; metricName: string; dimensions: Record<string, string>; statistic: string }) =>
      new CloudwatchMetricAlarm(this, id, {
        alarmName,
        alarmDescription,
        ...metric,
        period: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        treatMissingData: 'notBreaching',
        actionsEnabled: true,
        alarmActions: [props.healthTopicArn],
      });
    const fn = { namespace: 'AWS/Lambda', dimensions: { FunctionName: names.functionName }, statistic: 'Sum' };
    this.errorsAlarm = health(
      'errors-alarm',
      names.errorsAlarm,
      `${names.functionName} failed: an alert may not have reached the chat (retried twice, then kept in ${names.deadLetterQueue}).`,
      { ...fn, metricName: 'Errors' },
    );
    this.deadLetterAlarm = health(
      'dead-letter-alarm',
      names.deadLetterAlarm,
      `Alerts that ${names.functionName} could not deliver wait in ${names.deadLetterQueue}: fix the cause, then run trailwatch redrive.`,
      { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensions: { QueueName: names.deadLetterQueue }, statistic: 'Maximum' },
    );
    // Lambda's metrics for asynchronous invocation (docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html):
    // a failed alert that could not even reach the dead-letter queue, and events dropped unprocessed (too old, or throttled too long).
    this.destinationFailuresAlarm = health(
      'destination-failures-alarm',
      names.destinationFailuresAlarm,
      `${names.functionName} could not write a failed alert to ${names.deadLetterQueue}: that alert is lost unless its logs are read.`,
      { ...fn, metricName: 'DestinationDeliveryFailures' },
    );
    this.eventsDroppedAlarm = health(
      'events-dropped-alarm',
      names.eventsDroppedAlarm,
      `Lambda dropped alarm notifications for ${names.functionName} without running it (event too old or throttled): alerts were lost.`,
      { ...fn, metricName: 'AsyncEventsDropped' },
    );
  }

  /** The alarms that watch the notifier (they publish to the health topic). */
  get healthAlarms(): CloudwatchMetricAlarm[] {
    return [this.errorsAlarm, this.deadLetterAlarm, this.destinationFailuresAlarm, this.eventsDroppedAlarm];
  }
}

/** Least privilege: no `*` action, no `*` resource. */
function executionStatements(props: NotifierProps, stateTableArn: string): Statement[] {
  const { names, accountId, region, kmsKeyArn } = props;
  const ownLogs = logGroupArn(region, accountId, names.logGroup);
  const monitored = props.monitoredLogGroupNames.flatMap((name) => {
    const arn = logGroupArn(region, accountId, name);
    return [arn, `${arn}:*`];
  });
  return [
    { sid: 'WriteOwnLogs', effect: 'Allow', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${ownLogs}:*`] },
    {
      // The Service Authorization Reference (list_amazoncloudwatchlogs.html) lists log-group as the resource type
      // of both actions; the notifier names the log group in every DescribeMetricFilters call (MONITORED_LOG_GROUPS),
      // so both are scoped to the monitored groups.
      sid: 'ReadMonitoredLogGroups',
      effect: 'Allow',
      actions: ['logs:DescribeMetricFilters', 'logs:FilterLogEvents'],
      resources: monitored,
    },
    { sid: 'ReadState', effect: 'Allow', actions: ['dynamodb:GetItem', 'dynamodb:Scan'], resources: [stateTableArn] },
    {
      // Delivery records (keyed by alarm ARN) and open alarms (`open|…`) only: the detection items the stack
      // writes stay read-only to the function.
      sid: 'WriteDeliveryRecordsAndOpenAlarms',
      effect: 'Allow',
      actions: ['dynamodb:PutItem'],
      resources: [stateTableArn],
      condition: [condition('ForAllValues:StringLike', 'dynamodb:LeadingKeys', 'arn:*', 'open|*')],
    },
    {
      sid: 'CloseOpenAlarms',
      effect: 'Allow',
      actions: ['dynamodb:DeleteItem'],
      resources: [stateTableArn],
      condition: [condition('ForAllValues:StringLike', 'dynamodb:LeadingKeys', 'open|*')],
    },
    {
      // The follow-up sweep asks whether an open alarm is still in ALARM; only the stack's detection alarms.
      sid: 'ReadDetectionAlarmState',
      effect: 'Allow',
      actions: ['cloudwatch:DescribeAlarms'],
      resources: [alarmArn(region, accountId, `${props.alarmNamePrefix ?? ''}*`)],
    },
    {
      // A table encrypted with a customer managed key: DynamoDB uses the key on the caller's behalf, only through
      // DynamoDB (Amazon DynamoDB Developer Guide, "Authorizing use of your customer managed key").
      sid: 'UseTableKey',
      effect: 'Allow',
      actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
      resources: [kmsKeyArn],
      condition: [condition('StringEquals', 'kms:ViaService', `dynamodb.${region}.amazonaws.com`)],
    },
    {
      sid: 'DecryptWebhookUrl',
      effect: 'Allow',
      actions: ['kms:Decrypt'],
      resources: [kmsKeyArn],
      condition: [condition('StringEquals', 'kms:EncryptionContext:LambdaFunctionName', names.functionName)],
    },
    { sid: 'SendFailedInvocations', effect: 'Allow', actions: ['sqs:SendMessage'], resources: [queueArn(region, accountId, names.deadLetterQueue)] },
    {
      // Sending to an SSE-KMS queue needs a data key; only through SQS.
      sid: 'EncryptFailedInvocations',
      effect: 'Allow',
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [kmsKeyArn],
      condition: [condition('StringEquals', 'kms:ViaService', `sqs.${region}.amazonaws.com`)],
    },
  ];
}
