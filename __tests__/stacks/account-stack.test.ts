import * as path from 'node:path';
import { DETECTION_CATALOG } from '../../catalog/detections';
import { detectionKey, parseDetectionItem } from '../../lambda/notifier/detection-records';
import { RECORD_KEY } from '../../lambda/notifier/dynamodb';
import { parseAccounts } from '../../stacks/config';
import { loadAccounts } from '../../stacks/config-file';
import { account, strings, synthAccount, type Json } from './synth';

const examples = loadAccounts(path.join(__dirname, '..', '..', 'trailwatch.config.json'));
const synthesized = new Map(examples.map((config) => [config.name, synthAccount(config)]));
const every = [...synthesized.entries()];

/**
 * What a reviewer reads first: every resource, data source, variable and output of each example stack by type
 * and logical id, plus the blocks no intent test below asserts (terraform settings, outputs). The resources'
 * contents are asserted by intent.
 */
function inventory(json: Json): Json {
  const ids = (block: unknown) => Object.fromEntries(Object.entries((block ?? {}) as Record<string, Json>).map(([type, byId]) => [type, Object.keys(byId).sort()]));
  const outputs = Object.fromEntries(Object.entries(json.output as Record<string, Json>).map(([name, output]) => [name, output.value]));
  return { terraform: json.terraform, resource: ids(json.resource), data: ids(json.data), variable: Object.keys(json.variable as Json), output: outputs };
}

describe('example stacks (trailwatch.config.json)', () => {
  it.each(every)('%s: inventory', (_, stack) => {
    expect(inventory(stack.json)).toMatchSnapshot();
  });
});

describe.each(every)('%s: detections', (name, stack) => {
  const config = examples.find((a) => a.name === name)!;
  const filters = Object.values(stack.resources('aws_cloudwatch_log_metric_filter'));
  const alarms = Object.values(stack.resources('aws_cloudwatch_metric_alarm'));
  const detectionAlarms = alarms.filter((a) => a.namespace === config.metricNamespace);
  const topicId = (name: string) => Object.entries(stack.resources('aws_sns_topic')).find(([, t]) => t.name === name)![0];
  const topic = `\${aws_sns_topic.${topicId(`trailwatch-${name}-alarms`)}.arn}`;
  const healthTopic = `\${aws_sns_topic.${topicId(`trailwatch-${name}-health`)}.arn}`;

  it('has exactly one metric filter and one alarm per enabled detection', () => {
    const expected = config.detections.map((d) => config.namePrefix + d.name).sort();
    expect(filters.map((f) => f.name).sort()).toEqual(expected);
    expect(detectionAlarms.map((a) => a.alarm_name).sort()).toEqual(expected);
  });

  it('names filter, metric and alarm alike, prefix included', () => {
    for (const filter of filters) {
      const transformation = filter.metric_transformation as Json;
      expect(transformation.name).toBe(filter.name);
      expect(transformation.namespace).toBe(config.metricNamespace);
      expect(transformation.value).toBe('1');
      expect(String(filter.name).startsWith(config.namePrefix)).toBe(true);
      const alarm = detectionAlarms.find((a) => a.alarm_name === filter.name)!;
      expect(alarm.metric_name).toBe(filter.name);
    }
  });

  it('deploys each compiled pattern verbatim on the monitored log group', () => {
    for (const detection of config.detections) {
      const filter = filters.find((f) => f.name === config.namePrefix + detection.name)!;
      expect(filter.pattern).toBe(detection.pattern);
      expect(filter.log_group_name).toEqual(config.trail.mode === 'existing' ? config.trail.logGroupName : expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.trail_log-group_[A-F0-9]+\.name\}$/));
    }
  });

  it('alarms on the Sum of matches, at least 1, quiet when data is missing, to the topic', () => {
    for (const alarm of alarms) {
      if (alarm.namespace === config.metricNamespace) expect(alarm.statistic).toBe('Sum');
      expect(alarm.threshold).toBeGreaterThanOrEqual(1);
      expect(alarm.comparison_operator).toBe('GreaterThanOrEqualToThreshold');
      expect(alarm.treat_missing_data).toBe('notBreaching');
      expect(alarm.period).toBeGreaterThanOrEqual(60);
      expect(alarm.period).toBeLessThanOrEqual(300);
      expect(alarm.actions_enabled).toBe(true);
      expect(alarm.alarm_actions).toEqual([alarm.namespace === config.metricNamespace ? topic : healthTopic]);
    }
  });

  const alarmArnsOf = (namespace: (ns: unknown) => boolean) =>
    Object.entries(stack.resources('aws_cloudwatch_metric_alarm'))
      .filter(([, a]) => namespace(a.namespace))
      .map(([id]) => `\${aws_cloudwatch_metric_alarm.${id}.arn}`)
      .sort();

  it.each([
    ['alarm', () => topic, (ns: unknown) => ns === config.metricNamespace],
    ['health', () => healthTopic, (ns: unknown) => ns !== config.metricNamespace],
  ])('lets exactly its own alarms publish to the %s topic, and denies everyone else', (_, topicOf, namespace) => {
    const document = Object.values(stack.resources('aws_sns_topic_policy')).find((p) => p.arn === topicOf())!.policy;
    const statements = stack.statements().filter((s) => String(document).includes(`.${s.document}.`)).map((s) => s.statement);
    const allow = statements.find((s) => s.effect === 'Allow')!;
    expect(allow.actions).toEqual(['sns:Publish']);
    expect(allow.principals).toEqual([{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }]);
    expect(allow.condition!.find((c) => c.variable === 'aws:SourceArn')!.values.sort()).toEqual(alarmArnsOf(namespace));
    expect(allow.condition).toContainEqual({ test: 'StringEquals', variable: 'aws:SourceAccount', values: [config.id] });
    const deny = statements.find((s) => s.effect === 'Deny')!;
    expect(deny).toMatchObject({ actions: ['sns:Publish'], principals: [{ type: 'AWS', identifiers: ['*'] }] });
    expect(deny.condition!.map((c) => ({ ...c, values: [...c.values].sort() }))).toEqual([{ test: 'ArnNotLike', variable: 'aws:SourceArn', values: alarmArnsOf(namespace) }]);
  });

  it('sends the health alarms to people by email, never to the notifier', () => {
    const subscriptions = Object.values(stack.resources('aws_sns_topic_subscription')).filter((s) => s.topic_arn === healthTopic);
    expect(subscriptions.map((s) => [s.protocol, s.endpoint])).toEqual(config.alerting.healthEmails.map((email) => ['email', email]));
  });
});

describe.each(every)('%s: encryption everywhere', (_, stack) => {
  const keys = Object.keys(stack.resources('aws_kms_key'));
  const keyArn = (value: unknown) => typeof value === 'string' && keys.some((k) => value === `\${aws_kms_key.${k}.arn}`);

  it('rotates every key', () => {
    for (const key of Object.values(stack.resources('aws_kms_key'))) expect(key.enable_key_rotation).toBe(true);
  });

  it('encrypts log groups, topic, queue and the Lambda environment with customer-managed keys', () => {
    for (const group of Object.values(stack.resources('aws_cloudwatch_log_group'))) expect(keyArn(group.kms_key_id)).toBe(true);
    for (const topic of Object.values(stack.resources('aws_sns_topic'))) expect(keyArn(topic.kms_master_key_id)).toBe(true);
    for (const queue of Object.values(stack.resources('aws_sqs_queue'))) expect(keyArn(queue.kms_master_key_id)).toBe(true);
    for (const fn of Object.values(stack.resources('aws_lambda_function'))) expect(keyArn(fn.kms_key_arn)).toBe(true);
  });

  it('encrypts every bucket: the trail bucket with its key, the access-log bucket with SSE-S3', () => {
    const rules = Object.entries(stack.resources('aws_s3_bucket_server_side_encryption_configuration'));
    expect(rules).toHaveLength(Object.keys(stack.resources('aws_s3_bucket')).length);
    for (const [id, config] of rules) {
      const sse = ((config.rule as Json[])[0].apply_server_side_encryption_by_default as Json);
      if (id.includes('access-logs')) {
        expect(sse).toEqual({ sse_algorithm: 'AES256' });
      } else {
        expect(sse.sse_algorithm).toBe('aws:kms');
        expect(keyArn(sse.kms_master_key_id)).toBe(true);
      }
    }
  });
});

describe.each(every)('%s: IAM', (_, stack) => {
  const statements = stack.statements();
  const identityDocuments = new Set(
    [...Object.values(stack.resources('aws_iam_role_policy'))].map((p) => /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(String(p.policy))![1]),
  );

  it('builds every policy from data.aws_iam_policy_document', () => {
    const policyAttributes = ['policy', 'assume_role_policy'];
    for (const [type, resources] of Object.entries((stack.json.resource as Record<string, Record<string, Json>>) ?? {})) {
      for (const resource of Object.values(resources)) {
        for (const attribute of policyAttributes.filter((a) => a in resource && type !== 'aws_s3_bucket')) {
          expect(resource[attribute]).toMatch(/^\$\{data\.aws_iam_policy_document\.[^.]+\.json\}$/);
        }
      }
    }
  });

  it('allows no wildcard action; service-wide actions appear only in the TLS-only denies', () => {
    for (const { statement } of statements) {
      for (const action of statement.actions) {
        expect(action).not.toBe('*');
        if (/^[a-z0-9-]+:\*$/.test(action)) {
          expect(statement.effect).toBe('Deny');
          expect(statement.condition).toEqual([{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }]);
        }
      }
    }
  });

  it('uses the "*" resource only in key policies (where it means this key)', () => {
    const keyPolicies = new Set(Object.values(stack.resources('aws_kms_key')).map((k) => /data\.aws_iam_policy_document\.([^.]+)\.json/.exec(String(k.policy))![1]));
    const unscoped = statements.filter(({ statement }) => statement.resources?.includes('*'));
    expect(unscoped.length).toBeGreaterThan(0);
    expect(unscoped.filter(({ document }) => !keyPolicies.has(document))).toEqual([]);
  });

  it('scopes every kms:Decrypt and logs:* grant of the execution roles to named resources', () => {
    const grants = statements.filter(({ document }) => identityDocuments.has(document)).map(({ statement }) => statement);
    const sensitive = grants.filter((s) => s.actions.some((a) => a === 'kms:Decrypt' || a.startsWith('logs:')) && !s.actions.includes('logs:DescribeMetricFilters'));
    expect(sensitive.length).toBeGreaterThan(0);
    for (const grant of sensitive) {
      for (const resource of grant.resources!) expect(resource).toMatch(/^(arn:aws:logs:[a-z0-9-]+:\d{12}:log-group:.+|\$\{aws_kms_key\.[^.]+\.arn\})$/);
    }
  });

  it('decrypts the webhook only with the function name as encryption context, and denies everyone else', () => {
    const decrypt = statements.map((s) => s.statement).find((s) => s.sid === 'DecryptWebhookUrl')!;
    const fn = Object.values(stack.resources('aws_lambda_function'))[0];
    expect(decrypt.condition).toEqual([{ test: 'StringEquals', variable: 'kms:EncryptionContext:LambdaFunctionName', values: [fn.function_name] }]);
    const deny = statements.map((s) => s.statement).find((s) => s.sid === 'OnlyTheNotifierDecryptsTheWebhook')!;
    expect(deny.effect).toBe('Deny');
    expect(deny.condition).toContainEqual({ test: 'StringNotEquals', variable: 'aws:PrincipalArn', values: [expect.stringMatching(/:role\/.*-notifier$/)] });
  });

  it('lets CloudWatch use the topic key without conditions it may not send', () => {
    const grant = statements.map((s) => s.statement).find((s) => s.sid === 'CloudWatchAlarmsPublishToEncryptedTopic')!;
    expect(grant).toEqual({ sid: grant.sid, effect: 'Allow', principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }], actions: ['kms:Decrypt', 'kms:GenerateDataKey*'], resources: ['*'] });
  });
});

describe('the notifier', () => {
  const stack = synthesized.get('hdclabs')!;
  const fn = Object.values(stack.resources('aws_lambda_function'))[0];

  it('runs the bundle on Node.js 22 with its settings and the ciphertext variable', () => {
    expect(fn).toMatchObject({ runtime: 'nodejs22.x', handler: 'index.handler', function_name: 'trailwatch-hdclabs-notifier' });
    // Unreserved by default: Lambda refuses a reservation that leaves a new account under its minimum unreserved concurrency.
    expect(fn).not.toHaveProperty('reserved_concurrent_executions');
    expect(fn.source_code_hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    // The message settings' variables are the Notifier's (__tests__/notifier/stack.test.ts); here, what the account wires.
    expect((fn.environment as Json).variables).toMatchObject({
      WEBHOOK_URL: '${var.webhook_url_ciphertext}',
      HIGH_SEVERITY_WEBHOOK_URL: '${var.high_severity_webhook_url_ciphertext}',
      BOT_NAME: 'AlarmBot',
      ACCOUNT_NAME: 'hdclabs',
      ALARM_NAME_PREFIX: '',
      ALARM_TOPIC_ARN: expect.stringMatching(/^\$\{aws_sns_topic\.pipeline_alerting_alarms_topic_\w+\.arn\}$/),
      STATE_TABLE: 'trailwatch-hdclabs-notifier-state',
      MONITORED_LOG_GROUPS: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.trail_log-group_\w+\.name\}$/),
    });
  });

  it.each(['webhook_url_ciphertext', 'high_severity_webhook_url_ciphertext'])('takes the ciphertext from a sensitive variable that refuses a plain URL: %s', (name) => {
    const variable = (stack.json.variable as Json)[name] as Json;
    expect(variable).toMatchObject({ type: 'string', sensitive: true, default: '' });
    expect(JSON.stringify(variable.validation)).toContain('^[A-Za-z0-9+/]+={0,2}$');
  });

  it('is invoked by the topic only, retries twice, then keeps the event in the dead-letter queue', () => {
    const topic = `\${aws_sns_topic.${Object.entries(stack.resources('aws_sns_topic')).find(([, t]) => t.name === 'trailwatch-hdclabs-alarms')![0]}.arn}`;
    expect(Object.values(stack.resources('aws_lambda_permission'))[0]).toMatchObject({ principal: 'sns.amazonaws.com', source_arn: topic, action: 'lambda:InvokeFunction' });
    expect(Object.values(stack.resources('aws_sns_topic_subscription'))).toContainEqual(expect.objectContaining({ protocol: 'lambda', topic_arn: topic }));
    const queue = Object.keys(stack.resources('aws_sqs_queue'))[0];
    expect(Object.values(stack.resources('aws_lambda_function_event_invoke_config'))[0]).toMatchObject({
      maximum_retry_attempts: 2,
      destination_config: { on_failure: { destination: `\${aws_sqs_queue.${queue}.arn}` } },
    });
  });

  it('is watched: alarms on its errors and dead-letter depth', () => {
    const alarms = Object.values(stack.resources('aws_cloudwatch_metric_alarm'));
    expect(alarms).toContainEqual(expect.objectContaining({ namespace: 'AWS/Lambda', metric_name: 'Errors', dimensions: { FunctionName: 'trailwatch-hdclabs-notifier' } }));
    expect(alarms).toContainEqual(
      expect.objectContaining({ namespace: 'AWS/SQS', metric_name: 'ApproximateNumberOfMessagesVisible', dimensions: { QueueName: 'trailwatch-hdclabs-notifier-dlq' } }),
    );
  });

  it('keeps its own log group, encrypted, for a year', () => {
    expect(Object.values(stack.resources('aws_cloudwatch_log_group'))).toContainEqual(
      expect.objectContaining({ name: '/aws/lambda/trailwatch-hdclabs-notifier', retention_in_days: 365 }),
    );
  });
});

describe('the trail (mode create)', () => {
  const stack = synthesized.get('hdclabs')!;
  const trail = Object.values(stack.resources('aws_cloudtrail'))[0];

  it('records management events of every region, validated and KMS-encrypted, into CloudWatch Logs', () => {
    expect(trail).toMatchObject({
      name: 'trailwatch-hdclabs',
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
      is_organization_trail: false,
      event_selector: [{ read_write_type: 'All', include_management_events: true }],
      kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.trail_key_[A-F0-9]+\.arn\}$/),
      cloud_watch_logs_group_arn: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.trail_log-group_[A-F0-9]+\.arn\}:\*$/),
    });
  });

  it('keeps the trail log group at least a year', () => {
    const group = Object.values(stack.resources('aws_cloudwatch_log_group')).find((g) => g.name === '/trailwatch-hdclabs/cloudtrail')!;
    expect(group.retention_in_days).toBeGreaterThanOrEqual(365);
  });

  it('blocks public access to both buckets, enforces bucket ownership and versions them', () => {
    expect(Object.values(stack.resources('aws_s3_bucket_public_access_block'))).toHaveLength(2);
    for (const block of Object.values(stack.resources('aws_s3_bucket_public_access_block'))) {
      expect(block).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    }
    for (const rule of Object.values(stack.resources('aws_s3_bucket_ownership_controls'))) expect(rule.rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    for (const versioning of Object.values(stack.resources('aws_s3_bucket_versioning'))) expect(versioning.versioning_configuration).toEqual({ status: 'Enabled' });
    expect(Object.values(stack.resources('aws_s3_bucket')).every((b) => !('force_destroy' in b) || b.force_destroy === false)).toBe(true);
  });

  it('logs access to the trail bucket into the access-log bucket, and moves logs to Glacier before they expire', () => {
    const logging = Object.values(stack.resources('aws_s3_bucket_logging'));
    expect(logging).toHaveLength(1);
    // Through the log bucket's policy: logging starts once delivery is allowed (moto: InvalidTargetBucketForLogging before).
    expect(logging[0].target_bucket).toMatch(/^\$\{aws_s3_bucket_policy\.trail_access-logs_policy_\w+\.bucket\}$/);
    const lifecycle = Object.entries(stack.resources('aws_s3_bucket_lifecycle_configuration')).find(([id]) => id.startsWith('trail_bucket'))![1];
    expect((lifecycle.rule as Json[])[0]).toMatchObject({ transition: [{ days: 90, storage_class: 'GLACIER' }], expiration: [{ days: 2555 }] });
  });

  it('lets only this trail write, with bucket-owner-full-control, and requires TLS', () => {
    const bucketPolicy = stack.statements().filter(({ document }) => document.startsWith('trail_bucket_policy-document')).map((s) => s.statement);
    const write = bucketPolicy.find((s) => s.actions.includes('s3:PutObject'))!;
    expect(write.resources).toEqual(['arn:aws:s3:::trailwatch-hdclabs-123456789012-cloudtrail/AWSLogs/123456789012/*']);
    expect(write.condition).toEqual([
      { test: 'StringEquals', variable: 'aws:SourceArn', values: ['arn:aws:cloudtrail:ap-northeast-2:123456789012:trail/trailwatch-hdclabs'] },
      { test: 'StringEquals', variable: 's3:x-amz-acl', values: ['bucket-owner-full-control'] },
    ]);
    expect(bucketPolicy.map((s) => s.sid)).toContain('DenyInsecureTransport');
  });

  it('delivers to CloudWatch Logs through a role limited to the trail log group’s streams', () => {
    const delivery = stack.statements().filter(({ document }) => document.startsWith('trail_delivery-permissions')).map((s) => s.statement);
    expect(delivery).toEqual([
      {
        sid: 'WriteTrailLogStreams',
        effect: 'Allow',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: ['arn:aws:logs:ap-northeast-2:123456789012:log-group:/trailwatch-hdclabs/cloudtrail:log-stream:123456789012_CloudTrail_ap-northeast-2*'],
      },
    ]);
  });
});

describe('modes and settings', () => {
  it('existing: attaches to the named log group and creates no trail, bucket or trail key', () => {
    const stack = synthAccount(account({ trail: { mode: 'existing', logGroupName: 'aws-controltower/CloudTrailLogs' } }));
    expect(stack.resources('aws_cloudtrail')).toEqual({});
    expect(stack.resources('aws_s3_bucket')).toEqual({});
    expect(Object.keys(stack.resources('aws_kms_key'))).toHaveLength(1);
    for (const filter of Object.values(stack.resources('aws_cloudwatch_log_metric_filter'))) expect(filter.log_group_name).toBe('aws-controltower/CloudTrailLogs');
    const read = stack.statements().find(({ statement }) => statement.sid === 'ReadMonitoredLogGroups')!.statement;
    expect(read.resources).toEqual([
      'arn:aws:logs:ap-northeast-2:123456789012:log-group:aws-controltower/CloudTrailLogs',
      'arn:aws:logs:ap-northeast-2:123456789012:log-group:aws-controltower/CloudTrailLogs:*',
    ]);
  });

  it('organization: an organization trail writing under the organization id too', () => {
    const stack = synthAccount(account({ trail: { mode: 'organization', organizationId: 'o-a1b2c3d4e5' } }));
    expect(Object.values(stack.resources('aws_cloudtrail'))[0]).toMatchObject({ is_organization_trail: true, is_multi_region_trail: true });
    const all = stack.statements().map((s) => s.statement);
    expect(all.find((s) => s.sid === 'CloudTrailWritesLogFiles')!.resources).toContain('arn:aws:s3:::trailwatch-prod-123456789012-cloudtrail/AWSLogs/o-a1b2c3d4e5/*');
    expect(all.find((s) => s.sid === 'WriteTrailLogStreams')!.resources).toContain(
      'arn:aws:logs:ap-northeast-2:123456789012:log-group:/trailwatch-prod/cloudtrail:log-stream:o-a1b2c3d4e5_*',
    );
  });

  it('organization: checks at plan time that CloudTrail has trusted access and that this is the management account', () => {
    const stack = synthAccount(account({ trail: { mode: 'organization', organizationId: 'o-a1b2c3d4e5' } }));
    const [orgId] = Object.keys((stack.json.data as Record<string, Json>).aws_organizations_organization);
    const org = `data.aws_organizations_organization.${orgId}`;
    const preconditions = ((Object.values(stack.resources('aws_cloudtrail'))[0].lifecycle as Json).precondition as Json[]).map((p) => [p.condition, p.error_message]);
    expect(preconditions).toEqual([
      [`\${contains(tolist(${org}.aws_service_access_principals), "cloudtrail.amazonaws.com")}`, expect.stringContaining('aws organizations enable-aws-service-access --service-principal cloudtrail.amazonaws.com')],
      [`\${(${org}.id == "o-a1b2c3d4e5")}`, 'This account is not in organization o-a1b2c3d4e5 (trail.organizationId in the configuration).'],
      [`\${(${org}.master_account_id == "123456789012")}`, expect.stringContaining('management account')],
    ]);
  });

  it('create: no organization lookup (it would fail outside an organization)', () => {
    expect((synthAccount(account()).json.data as Json).aws_organizations_organization).toBeUndefined();
  });

  it('a disabled detection has neither filter nor alarm, nor a seat in the topic policy', () => {
    const stack = synthAccount(account({ detections: { overrides: { UnauthorizedAPICall: { enabled: false } } } }));
    const names = Object.values(stack.resources('aws_cloudwatch_log_metric_filter')).map((f) => f.name);
    expect(names).toHaveLength(DETECTION_CATALOG.length - 1);
    expect(names).not.toContain('UnauthorizedAPICall');
    expect(Object.values(stack.resources('aws_cloudwatch_metric_alarm')).map((a) => a.alarm_name)).not.toContain('UnauthorizedAPICall');
    expect(strings(stack.json.data)).not.toContain('arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:UnauthorizedAPICall');
  });

  it('custom detections: deployed like the catalog’s, their titles handed to the notifier', () => {
    const title = { ko: '비밀 삭제', en: 'Secret deleted' };
    const stack = synthAccount(
      account({ namePrefix: 'p-', detections: { customDetections: [{ name: 'SecretDeleted', title, pattern: '{$.eventName="DeleteSecret"}', period: 60 }] } }),
    );
    expect(Object.values(stack.resources('aws_cloudwatch_log_metric_filter'))).toContainEqual(
      expect.objectContaining({ name: 'p-SecretDeleted', pattern: '{$.eventName="DeleteSecret"}' }),
    );
    expect(Object.values(stack.resources('aws_cloudwatch_metric_alarm'))).toContainEqual(expect.objectContaining({ alarm_name: 'p-SecretDeleted', period: 60 }));
    const variables = (Object.values(stack.resources('aws_lambda_function'))[0].environment as Json).variables as Json;
    const items = Object.values(stack.resources('aws_dynamodb_table_item')).map((i) => JSON.parse(String(i.item)) as Parameters<typeof parseDetectionItem>[1]);
    const records = items.map((item) => parseDetectionItem(String(item[RECORD_KEY]?.S).replace(detectionKey(''), ''), item));
    expect(records).toContainEqual({ name: 'SecretDeleted', title, severity: 'medium' });
    expect(variables.ALARM_NAME_PREFIX).toBe('p-');
  });

  it('reservedConcurrency reserves when asked', () => {
    const stack = synthAccount(account({ notifier: { reservedConcurrency: 3 } }));
    expect(Object.values(stack.resources('aws_lambda_function'))[0]).toHaveProperty('reserved_concurrent_executions', 3);
  });

  it('provider: region, assumed role, allowed accounts, default tags', () => {
    const stack = synthAccount(account({ assumeRoleArn: 'arn:aws:iam::123456789012:role/deploy', tags: { Team: 'sec' } }));
    expect((stack.json.provider as Json).aws).toEqual([
      {
        region: 'ap-northeast-2',
        allowed_account_ids: ['123456789012'],
        assume_role: [{ role_arn: 'arn:aws:iam::123456789012:role/deploy', session_name: 'trailwatch' }],
        default_tags: [{ tags: { ManagedBy: 'trailwatch', 'trailwatch:account': 'prod', Team: 'sec' } }],
      },
    ]);
  });

  it('backends: local by default, S3 with a per-account key and S3-native locking', () => {
    expect((synthAccount(account()).json.terraform as Json).backend).toEqual({ local: { path: 'terraform.trailwatch-prod.tfstate' } });
    const s3 = (synthAccount(account({ backend: { type: 's3', bucket: 'state' } })).json.terraform as Json).backend;
    expect(s3).toEqual({ s3: { bucket: 'state', key: 'trailwatch/prod.tfstate', region: 'ap-northeast-2', encrypt: true, use_lockfile: true } });
  });
});

describe('notifier settings reach the stack', () => {
  it('notifyOnOk gives every detection alarm an OK action to the alarm topic (none by default), and the notifier its flag', () => {
    const okActionsOf = (stack: ReturnType<typeof synthAccount>) =>
      Object.values(stack.resources('aws_cloudwatch_metric_alarm')).filter((a) => a.namespace === 'trailwatch').map((a) => a.ok_actions);
    expect(new Set(okActionsOf(synthAccount(account())))).toEqual(new Set([undefined]));
    const stack = synthAccount(account({ notifier: { notifyOnOk: true, target: 'slack' } }));
    const oks = okActionsOf(stack);
    expect(oks.length).toBe(17);
    for (const ok of oks) expect(ok).toEqual([expect.stringMatching(/^\$\{aws_sns_topic\.pipeline_alerting_alarms_topic_\w+\.arn\}$/)]);
    const env = (Object.values(stack.resources('aws_lambda_function'))[0].environment as { variables: Json }).variables;
    expect(env).toMatchObject({ NOTIFY_ON_OK: 'true', WEBHOOK_TARGET: 'slack' });
  });

  it('refuses a setting the Lambda would refuse, naming the account and field', () => {
    expect(() => parseAccounts([account({ notifier: { target: 'discord' as never } })], 'cfg')).toThrow(
      'cfg: account "prod": notifier.target: must be "dooray" or "slack" or "teams", got "discord"',
    );
  });
});

describe('what would fail at apply or leak', () => {
  const stack = synthesized.get('hdclabs')!;

  it('declares the Terraform version S3-native locking needs (use_lockfile: 1.10)', () => {
    for (const [, each] of every) expect((each.json.terraform as Json).required_version).toBe('>= 1.10.0');
  });

  it('grants no ReEncrypt to the account: it would re-encrypt the webhook secret without its encryption context', () => {
    const accountGrants = stack.statements().filter(({ statement }) => statement.sid === 'AccountAdministersAndUsesKey');
    expect(accountGrants.length).toBe(2);
    for (const { statement } of accountGrants) expect(statement.actions.filter((a) => a.startsWith('kms:ReEncrypt'))).toEqual([]);
  });

  it('states the lifecycle minimum object size: CloudTrail files under 128 KB stay in Standard, where they are cheaper', () => {
    for (const lifecycle of Object.values(stack.resources('aws_s3_bucket_lifecycle_configuration'))) {
      expect(lifecycle.transition_default_minimum_object_size).toBe('all_storage_classes_128K');
    }
  });
});

describe('the webhook URL never reaches Terraform', () => {
  const url = 'https://hook.dooray.com/services/1234567890/9876543210/s3cr3tT0k3n';

  it('has no configuration field: a URL given anyway is refused without being echoed', () => {
    expect(() => parseAccounts([account({ notifier: { webhookUrl: url } as never })], 'cfg')).toThrow('cfg: account "prod": notifier: unknown field "webhookUrl"');
    try {
      parseAccounts([account({ notifier: { webhookUrl: url } as never })], 'cfg');
    } catch (error) {
      expect(String(error)).not.toContain('s3cr3tT0k3n');
    }
  });

  it('appears nowhere in a synthesized stack, whatever the environment holds', () => {
    const saved = { ...process.env };
    Object.assign(process.env, { DOORAY_HOOK_URL: url, WEBHOOK_URL: url, TF_VAR_webhook_url_ciphertext: url });
    try {
      const stack = synthAccount(account({ alerting: { healthEmails: ['ops@example.com'], alarmEmails: ['sec@example.com'] } }));
      expect(strings(stack.json).filter((s) => s.includes('s3cr3tT0k3n') || s.includes('hook.dooray.com'))).toEqual([]);
      expect(strings(stack.json).filter((s) => /https?:\/\//.test(s))).toEqual([]);
    } finally {
      process.env = saved;
    }
  });
});

describe('athena (off by default)', () => {
  it('is absent unless enabled', () => {
    for (const [, stack] of every) expect(stack.resources('aws_athena_workgroup')).toEqual({});
  });

  it('when enabled, queries the trail bucket with the trail key, and the access-log bucket accepts the results bucket logs', () => {
    const stack = synthAccount(account({ trail: { mode: 'organization', organizationId: 'o-a1b2c3d4e5' }, athena: { enabled: true, accountIds: ['123456789012', '210987654321'] } }));
    const [table] = Object.values(stack.resources('aws_glue_catalog_table'));
    expect((table.storage_descriptor as Json).location).toMatch(/^s3:\/\/\$\{aws_s3_bucket\.trail_bucket_[0-9A-F]+\.bucket\}\/AWSLogs\/o-a1b2c3d4e5\/$/);
    expect((table.parameters as Json)['projection.account.values']).toBe('123456789012,210987654321');
    const [workgroup] = Object.values(stack.resources('aws_athena_workgroup'));
    const result = ((workgroup.configuration as Json).result_configuration as Json).encryption_configuration as Json;
    expect(result).toEqual({ encryption_option: 'SSE_KMS', kms_key_arn: expect.stringMatching(/^\$\{aws_kms_key\.trail_key_.*\.arn\}$/) });
    expect(Object.keys(stack.resources('aws_athena_named_query')).length).toBeGreaterThan(10);
    const delivery = stack.statements().filter(({ statement }) => statement.sid?.startsWith('S3ServerAccessLogDelivery')).map(({ statement }) => statement);
    // One statement per source bucket: its prefix, from that bucket only.
    expect(delivery.map((d) => [d.sid, d.resources, d.condition!.find((c) => c.variable === 'aws:SourceArn')!.values])).toEqual([
      ['S3ServerAccessLogDelivery', ['arn:aws:s3:::trailwatch-prod-123456789012-access-logs/trailwatch-prod-123456789012-cloudtrail/*'], ['arn:aws:s3:::trailwatch-prod-123456789012-cloudtrail']],
      ['S3ServerAccessLogDelivery2', ['arn:aws:s3:::trailwatch-prod-123456789012-access-logs/trailwatch-prod-123456789012-athena-results/*'], ['arn:aws:s3:::trailwatch-prod-123456789012-athena-results']],
    ]);
    const logging = Object.values(stack.resources('aws_s3_bucket_logging')).map((l) => l.target_prefix);
    expect(logging).toContain('trailwatch-prod-123456789012-athena-results/');
    expect(stack.json.output).toHaveProperty('athena_workgroup');
  });

  it('is refused with an existing trail, naming the account and field', () => {
    expect(() => parseAccounts([account({ trail: { mode: 'existing', logGroupName: 'aws-controltower/CloudTrailLogs' }, athena: { enabled: true } })], 'cfg')).toThrow(
      'cfg: account "prod": athena.enabled: needs a trail this stack creates',
    );
  });
});
