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
import type { Locale, Titles } from '../catalog/types';
import { logGroupArn, queueArn, roleArn } from './arns';
import { logGroupKeyStatement } from './encryption-key';
import type { NotifierNames } from './naming';
import { notifierPackage } from './notifier-package';
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

export interface NotifierProps {
  /** Physical names (stacks/naming.ts `notifierNames`); the function name is the webhook's encryption context. */
  readonly names: NotifierNames;
  readonly accountId: string;
  readonly region: string;
  /** The alerting key: its policy must include {@link notifierKeyStatements}. */
  readonly kmsKeyArn: string;
  /** The alarm topic the notifier subscribes to. */
  readonly topicArn: string;
  /** Where the notifier's own health alarms publish: a topic that reaches people without the notifier. */
  readonly healthTopicArn: string;
  /** Log groups the notifier may re-read (FilterLogEvents): those the detections' filters sit on. */
  readonly monitoredLogGroupNames: readonly string[];
  /** Base64 KMS ciphertext of the Dooray! webhook URL, encryption context `{LambdaFunctionName: <function name>}`; normally a sensitive Terraform variable. */
  readonly hookCiphertext: string;
  /** Prefix of the detection alarm names, stripped to find the detection. @default '' */
  readonly alarmNamePrefix?: string;
  /** Titles of detections outside the catalog, by detection name. @default none */
  readonly customTitles?: Readonly<Record<string, Titles>>;
  /** @default 'ko' */
  readonly locale?: Locale;
  /** IANA zone of the times in messages. @default 'Asia/Seoul' */
  readonly timeZone?: string;
  /** @default 5 */
  readonly logMaxEvents?: number;
  /** @default 'trailwatch' */
  readonly botName?: string;
  /** Reserved concurrent executions; `null` or absent leaves the function unreserved (new accounts may have too little concurrency to reserve any). @default unreserved */
  readonly reservedConcurrency?: number | null;
  /** @default 365 */
  readonly logRetentionDays?: number;
  /** @default 256 */
  readonly memorySize?: number;
  /** @default 60 */
  readonly timeoutSeconds?: number;
}

/** Two retries of a failed asynchronous invocation (Lambda's maximum), then the dead-letter queue. */
const MAX_RETRIES = 2;
/** Six hours (Lambda's maximum): an alert held back by throttling is still worth delivering late. */
const MAX_EVENT_AGE_SECONDS = 21_600;
/** Fourteen days (SQS's maximum): time to notice, read and replay a failed alert. */
const DEAD_LETTER_RETENTION_SECONDS = 1_209_600;

/**
 * The notifier Lambda (Node.js 22): subscribed to the alarm topic, it re-reads the CloudTrail events behind an
 * alarm and posts one Dooray! message. Failed invocations are retried twice, then kept in an encrypted SQS
 * dead-letter queue; two alarms watch the watcher (its Errors, the queue's depth).
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
  readonly errorsAlarm: CloudwatchMetricAlarm;
  readonly deadLetterAlarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: NotifierProps) {
    super(scope, id);
    const { names } = props;
    const pkg = notifierPackage();
    this.asset = new TerraformAsset(this, 'code', { path: pkg.zipPath, type: AssetType.FILE, assetHash: pkg.sha256Hex });

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: names.logGroup,
      retentionInDays: props.logRetentionDays ?? 365,
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
      policy: policyDocument(this, 'permissions-document', executionStatements(props)).json,
    });

    this.function = new LambdaFunction(this, 'function', {
      functionName: names.functionName,
      description: 'trailwatch: re-reads the CloudTrail events behind a detection alarm and posts them to Dooray!',
      role: this.role.arn,
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      architectures: ['arm64'],
      filename: this.asset.path,
      sourceCodeHash: pkg.sha256,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeoutSeconds ?? 60,
      reservedConcurrentExecutions: props.reservedConcurrency ?? undefined,
      // Environment encrypted at rest with the alerting key, not the AWS-managed aws/lambda key.
      kmsKeyArn: props.kmsKeyArn,
      environment: { variables: environment(props) },
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
    this.permission = new LambdaPermission(this, 'invoke-from-topic', {
      statementId: 'AlarmTopicInvokes',
      action: 'lambda:InvokeFunction',
      functionName: this.function.functionName,
      principal: 'sns.amazonaws.com',
      sourceArn: props.topicArn,
    });
    this.subscription = new SnsTopicSubscription(this, 'subscription', {
      topicArn: props.topicArn,
      protocol: 'lambda',
      endpoint: this.function.arn,
      dependsOn: [this.permission],
    });

    // Who watches the watcher: the health topic, whose subscribers are people, never this function.
    const watch = { period: 300, evaluationPeriods: 1, threshold: 1, comparisonOperator: 'GreaterThanOrEqualToThreshold', treatMissingData: 'notBreaching' };
    this.errorsAlarm = new CloudwatchMetricAlarm(this, 'errors-alarm', {
      ...watch,
      alarmName: names.errorsAlarm,
      alarmDescription: `${names.functionName} failed: an alert may not have reached Dooray! (retried twice, then kept in ${names.deadLetterQueue}).`,
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensions: { FunctionName: names.functionName },
      statistic: 'Sum',
      actionsEnabled: true,
      alarmActions: [props.healthTopicArn],
    });
    this.deadLetterAlarm = new CloudwatchMetricAlarm(this, 'dead-letter-alarm', {
      ...watch,
      alarmName: names.deadLetterAlarm,
      alarmDescription: `Alerts that ${names.functionName} could not deliver wait in ${names.deadLetterQueue}.`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: names.deadLetterQueue },
      statistic: 'Maximum',
      actionsEnabled: true,
      alarmActions: [props.healthTopicArn],
    });
  }

  /** The alarms that watch the notifier (they publish to the health topic). */
  get healthAlarms(): CloudwatchMetricAlarm[] {
    return [this.errorsAlarm, this.deadLetterAlarm];
  }
}

/** The notifier's settings (lambda/notifier/config.ts reads them). */
function environment(props: NotifierProps): Record<string, string> {
  const custom = props.customTitles ?? {};
  return {
    DOORAY_HOOK_URL: props.hookCiphertext,
    LOCALE: props.locale ?? 'ko',
    TIME_ZONE: props.timeZone ?? 'Asia/Seoul',
    LOG_MAX_EVENTS: String(props.logMaxEvents ?? 5),
    BOT_NAME: terraformLiteral(props.botName ?? 'trailwatch'),
    ALARM_NAME_PREFIX: props.alarmNamePrefix ?? '',
    ...(Object.keys(custom).length > 0 ? { DETECTION_TITLES: terraformLiteral(JSON.stringify(custom)) } : {}),
  };
}

/** Least privilege, no `*` action; the one `*` resource is DescribeMetricFilters (see below). */
function executionStatements(props: NotifierProps): Statement[] {
  const { names, accountId, region, kmsKeyArn } = props;
  const ownLogs = logGroupArn(region, accountId, names.logGroup);
  const monitored = props.monitoredLogGroupNames.flatMap((name) => {
    const arn = logGroupArn(region, accountId, name);
    return [arn, `${arn}:*`];
  });
  return [
    { sid: 'WriteOwnLogs', effect: 'Allow', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${ownLogs}:*`] },
    {
      // The Service Authorization Reference lists log-group as this action's resource type, but the notifier
      // looks an alarm's filter up by metric name + namespace without naming a log group: there is no
      // log-group ARN to scope the call to, and only "*" authorizes it for certain. It reveals filter
      // definitions (List access level), never log data.
      sid: 'FindMetricFilterOfAlarm',
      effect: 'Allow',
      actions: ['logs:DescribeMetricFilters'],
      resources: ['*'],
    },
    { sid: 'ReadMonitoredLogGroups', effect: 'Allow', actions: ['logs:FilterLogEvents'], resources: monitored },
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
