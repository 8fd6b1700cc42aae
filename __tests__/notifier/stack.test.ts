/**
 * The Notifier construct as synthesized: the environment it hands the Lambda (read back by the Lambda's own
 * reader), the state table, least-privilege permissions, the health alarms, and validation at synth.
 */
import { Testing, TerraformStack } from 'cdktf';
import { readEnvironment } from '../../lambda/notifier/environment';
import { notifierNames } from '../../stacks/naming';
import { NOTIFIER_PROPS_DEFAULTS } from '../../stacks/defaults';
import { Notifier, type NotifierProps } from '../../stacks/notifier';

// The deployment package is the build's (npm run build), not this test's: a stand-in zip keeps dist/ untouched.
jest.mock('../../stacks/notifier-package', () => ({
  notifierPackage: () => ({ zipPath: __filename, sha256: 'c2hh', sha256Hex: '00' }),
}));

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const names = notifierNames('trailwatch-prod', '');
const KEY = 'arn:aws:kms:ap-northeast-2:123456789012:key/alerting';
const props: NotifierProps = {
  names,
  accountId: '123456789012',
  region: 'ap-northeast-2',
  kmsKeyArn: KEY,
  topicArn: 'arn:aws:sns:ap-northeast-2:123456789012:trailwatch-prod-alarms',
  healthTopicArn: 'arn:aws:sns:ap-northeast-2:123456789012:trailwatch-prod-health',
  monitoredLogGroupNames: ['/trailwatch-prod/cloudtrail'],
  webhookUrlCiphertext: 'AQICAHh0ZXN0',
  accountName: 'prod',
  detections: [
    { name: 'root-alert', title: { ko: 'root 계정', en: 'Root account' } },
    { name: 'Custom', title: { ko: '비용 ${x} 100%{y}', en: 'Custom' } },
  ],
};

function synth(overrides: Partial<NotifierProps> = {}): Json {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new Notifier(stack, 'notifier', { ...props, ...overrides });
  return JSON.parse(Testing.synth(stack)) as Json;
}

const only = (json: Json, type: string): Json => {
  const all = Object.values((json.resource?.[type] ?? {}) as Record<string, Json>);
  expect(all).toHaveLength(1);
  return all[0];
};

describe('Notifier', () => {
  const json = synth();
  const fn = only(json, 'aws_lambda_function');
  const statements = (Object.values(json.data.aws_iam_policy_document) as Json[]).flatMap((d) => d.statement as Json[]);
  const sid = (name: string) => statements.find((s) => s.sid === name);

  it('hands the Lambda an environment its own reader accepts, with the neutral names', () => {
    const env = fn.environment.variables as Record<string, string>;
    expect(env).toEqual({
      WEBHOOK_TARGET: 'dooray',
      LOCALE: 'ko',
      TIME_ZONE: 'Asia/Seoul',
      LOG_MAX_EVENTS: '5',
      WINDOW_SLACK_BEFORE_SECONDS: '60',
      WINDOW_SLACK_AFTER_SECONDS: '60',
      BOT_NAME: 'trailwatch',
      NOTIFY_ON_OK: 'false',
      WEBHOOK_URL: 'AQICAHh0ZXN0',
      STATE_TABLE: 'trailwatch-prod-notifier-state',
      ALARM_TOPIC_ARN: props.topicArn,
      ACCOUNT_NAME: 'prod',
      ALARM_NAME_PREFIX: '',
      MONITORED_LOG_GROUPS: '/trailwatch-prod/cloudtrail',
    });
    expect(readEnvironment({ ...env, AWS_LAMBDA_FUNCTION_NAME: names.functionName })).toMatchObject({ target: 'dooray', stateTable: names.stateTable });
  });

  it('leaves concurrency unreserved by default, and reserves when asked', () => {
    expect(NOTIFIER_PROPS_DEFAULTS.reservedConcurrency).toBeNull();
    expect(fn).not.toHaveProperty('reserved_concurrent_executions');
    expect(only(synth({ reservedConcurrency: 2 }), 'aws_lambda_function').reserved_concurrent_executions).toBe(2);
  });

  it('creates the delivery-record table, encrypted with the alerting key, with TTL', () => {
    expect(only(json, 'aws_dynamodb_table')).toMatchObject({
      name: 'trailwatch-prod-notifier-state',
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'pk',
      attribute: [{ name: 'pk', type: 'S' }],
      ttl: { attribute_name: 'expiresAt', enabled: true },
      server_side_encryption: { enabled: true, kms_key_arn: KEY },
    });
  });

  it('grants no * resource: DescribeMetricFilters is scoped to the monitored log group, the table to two item actions', () => {
    for (const s of statements.filter((st) => st.effect === 'Allow' && !(st.principals ?? []).length)) expect(s.resources).not.toContain('*');
    const group = 'arn:aws:logs:ap-northeast-2:123456789012:log-group:/trailwatch-prod/cloudtrail';
    expect(sid('ReadMonitoredLogGroups')).toMatchObject({ actions: ['logs:DescribeMetricFilters', 'logs:FilterLogEvents'], resources: [group, `${group}:*`] });
    const table = `\${aws_dynamodb_table.${Object.keys(json.resource.aws_dynamodb_table)[0]}.arn}`;
    expect(sid('ReadState')).toMatchObject({ actions: ['dynamodb:GetItem', 'dynamodb:Scan'], resources: [table] });
    // The function writes delivery records (keyed by alarm ARN) and open alarms only, never the detection items.
    expect(sid('WriteDeliveryRecordsAndOpenAlarms')).toMatchObject({
      actions: ['dynamodb:PutItem'],
      resources: [table],
      condition: [{ test: 'ForAllValues:StringLike', variable: 'dynamodb:LeadingKeys', values: ['arn:*', 'open|*'] }],
    });
    expect(sid('CloseOpenAlarms')).toMatchObject({ actions: ['dynamodb:DeleteItem'], condition: [{ values: ['open|*'] }] });
    expect(sid('ReadDetectionAlarmState')).toMatchObject({ actions: ['cloudwatch:DescribeAlarms'], resources: ['arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:*'] });
    expect(sid('UseTableKey')).toMatchObject({ resources: [KEY], condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: ['dynamodb.ap-northeast-2.amazonaws.com'] }] });
  });

  it('writes one table item per detection from the catalog, user text kept literal for Terraform', () => {
    const items = Object.values(json.resource.aws_dynamodb_table_item as Record<string, Json>).map((i) => JSON.parse(i.item as string)).sort((a, b) => String(b.pk.S).localeCompare(String(a.pk.S)));
    expect(items).toEqual([
      {
        pk: { S: 'detection|root-alert' },
        titleKo: { S: 'root 계정' },
        titleEn: { S: 'Root account' },
        severity: { S: 'high' },
        firstActionKo: { S: expect.stringContaining('root') },
        firstActionEn: { S: expect.stringContaining('root') },
      },
      { pk: { S: 'detection|Custom' }, titleKo: { S: '비용 $${x} 100%%{y}' }, titleEn: { S: 'Custom' }, severity: { S: 'medium' } },
    ]);
  });

  it('sweeps for follow-ups every 5 minutes through EventBridge Scheduler, with a role that may only invoke the function', () => {
    const schedule = only(json, 'aws_scheduler_schedule');
    expect(schedule).toMatchObject({
      name: 'trailwatch-prod-notifier-follow-ups',
      schedule_expression: 'rate(5 minutes)',
      flexible_time_window: { mode: 'OFF' },
      target: { input: JSON.stringify({ trailwatch: 'follow-up-sweep' }), retry_policy: { maximum_retry_attempts: 0 } },
    });
    expect(schedule.target.arn).toMatch(/^\$\{aws_lambda_function\..+\.arn\}$/);
    expect(sid('SchedulerAssumes')).toMatchObject({ principals: [{ type: 'Service', identifiers: ['scheduler.amazonaws.com'] }] });
    expect(sid('InvokeNotifier')).toMatchObject({ actions: ['lambda:InvokeFunction'], resources: [schedule.target.arn] });
  });

  it('admits only the alarm topic in the resource policy', () => {
    expect(only(json, 'aws_lambda_permission')).toMatchObject({ principal: 'sns.amazonaws.com', source_arn: props.topicArn, action: 'lambda:InvokeFunction' });
  });

  it('sends its four health alarms to the health topic, never the alarm topic', () => {
    const alarms = Object.values(json.resource.aws_cloudwatch_metric_alarm as Record<string, Json>);
    const byName = Object.fromEntries(alarms.map((a) => [a.alarm_name, [a.namespace, a.metric_name, a.alarm_actions]]));
    expect(byName).toEqual({
      [names.errorsAlarm]: ['AWS/Lambda', 'Errors', [props.healthTopicArn]],
      [names.deadLetterAlarm]: ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', [props.healthTopicArn]],
      [names.destinationFailuresAlarm]: ['AWS/Lambda', 'DestinationDeliveryFailures', [props.healthTopicArn]],
      [names.eventsDroppedAlarm]: ['AWS/Lambda', 'AsyncEventsDropped', [props.healthTopicArn]],
    });
  });

  it.each([
    [{ logMaxEvents: 50 }, 'Notifier test/notifier: logMaxEvents must be an integer from 1 to 20, got 50'],
    [{ locale: 'ja' as never }, 'Notifier test/notifier: locale must be "ko" or "en", got "ja"'],
    [{ target: 'discord' as never }, 'Notifier test/notifier: target must be "dooray" or "slack" or "teams", got "discord"'],
    [{ timeZone: 'Mars/Olympus' }, 'Notifier test/notifier: timeZone must be an IANA time zone such as "Asia/Seoul", got "Mars/Olympus"'],
    [{ reservedConcurrency: 0 }, 'Notifier test/notifier: reservedConcurrency must be null (unreserved) or an integer from 1 to 1000, got 0'],
    [{ timeoutSeconds: 10 }, 'Notifier test/notifier: timeoutSeconds must be an integer from 30 to 900, got 10'],
    [{ logRetentionDays: 42 }, 'Notifier test/notifier: logRetentionDays must be one of'],
  ])('refuses %p at synth, naming the construct and the field', (bad, message) => {
    expect(() => synth(bad)).toThrow(message);
  });
});
