/**
 * The constructs as a library user composes them: wired by reference, validated at synth with errors that name
 * the construct and the field, and the pipeline inside a stack of the user's own.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Backend, Testing, TerraformStack } from 'cdktf';
import { Alerting } from '../../stacks/alerting';
import { EncryptionKey } from '../../stacks/encryption-key';
import { DetectionPipeline, type DetectionPipelineProps } from '../../stacks/pipeline';
import { Trail } from '../../stacks/trail';
import { inspect, type Json } from './synth';

const ACCOUNT = '123456789012';

function userStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'theirs');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  new S3Backend(stack, { bucket: 'their-state', key: 'security.tfstate', region: 'eu-west-1' });
  return stack;
}

function pipelineProps(overrides: Partial<DetectionPipelineProps> = {}): DetectionPipelineProps {
  return {
    baseName: 'sec',
    accountId: ACCOUNT,
    region: 'eu-west-1',
    logGroupName: 'aws-controltower/CloudTrailLogs',
    webhookCiphertext: 'AQIDAHg=',
    healthEmails: ['oncall@example.com'],
    ...overrides,
  };
}

/** Synthesizes with validations, as `cdktf synth` does; returns the messages of a failed validation. */
function validationErrors(stack: TerraformStack): string {
  try {
    Testing.synth(stack, true);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

describe('DetectionPipeline in a stack of the user’s own', () => {
  const stack = userStack();
  new DetectionPipeline(stack, 'security', pipelineProps({ detections: { profile: 'cis-securityhub' }, namePrefix: 'sec-' }));
  const json = JSON.parse(Testing.synth(stack, true)) as Json;
  const synthesized = inspect(json);

  it('keeps the user’s provider and backend, and adds none', () => {
    expect((json.provider as Json).aws).toEqual([{ region: 'eu-west-1' }]);
    expect((json.terraform as Json).backend).toEqual({ s3: { bucket: 'their-state', key: 'security.tfstate', region: 'eu-west-1' } });
  });

  it('puts every filter on the existing log group, names prefixed alike', () => {
    const filters = Object.values(synthesized.resources('aws_cloudwatch_log_metric_filter'));
    expect(filters.length).toBeGreaterThan(10);
    for (const filter of filters) {
      expect(filter.log_group_name).toBe('aws-controltower/CloudTrailLogs');
      expect(String(filter.name).startsWith('sec-')).toBe(true);
    }
  });

  it('lets the notifier read that log group only, and strips the prefix it was given', () => {
    const read = synthesized.statements().find(({ statement }) => statement.sid === 'ReadMonitoredLogGroups')!.statement;
    expect(read.resources).toEqual([`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:aws-controltower/CloudTrailLogs`, `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:aws-controltower/CloudTrailLogs:*`]);
    const fn = Object.values(synthesized.resources('aws_lambda_function'))[0];
    expect(((fn.environment as Json).variables as Json).ALARM_NAME_PREFIX).toBe('sec-');
  });
});

describe('synth-time validation for library users', () => {
  it('names the pipeline and the setting behind a name AWS would refuse', () => {
    const stack = userStack();
    new DetectionPipeline(stack, 'security', pipelineProps({ baseName: 'sec', namePrefix: 'x'.repeat(60) }));
    const message = validationErrors(stack);
    expect(message).toContain('DetectionPipeline theirs/security: namePrefix: alarm name "' + 'x'.repeat(60));
    expect(message).toContain('in eu-west-1 an alarm notification\'s subject (ALARM: "<name>" in <region>, under 100 characters) holds 71');
  });

  it('refuses a pipeline whose broken notifier nobody would hear about', () => {
    const stack = userStack();
    new DetectionPipeline(stack, 'security', pipelineProps({ healthEmails: [] }));
    expect(validationErrors(stack)).toContain("theirs/security/alerting: healthEmails: at least one address must receive the notifier's health alarms");
  });

  it('checks detections written by hand as compileDetections would: pattern and alarm settings', () => {
    const stack = userStack();
    const bad = { name: 'Mine', title: { ko: '내 것', en: 'Mine' }, description: '', basis: 'custom', pattern: '{ $.eventName = ', period: 45, threshold: 0, evaluationPeriods: 1 };
    new DetectionPipeline(stack, 'security', pipelineProps({ detections: [bad] }));
    const message = validationErrors(stack);
    expect(message).toContain('Detections theirs/security/detections: detections: "Mine": pattern: ');
    expect(message).toContain('Detections theirs/security/detections: detections: "Mine": period 45 is not allowed; use one of 60, 120, 180, 240, 300 seconds.');
    expect(message).toContain('Detections theirs/security/detections: detections: "Mine": threshold 0 must be a whole number of at least 1.');
  });

  it('refuses an alarm topic no alarm may publish to', () => {
    const stack = userStack();
    const key = new EncryptionKey(stack, 'key', { accountId: ACCOUNT, alias: 'alias/k', description: 'k' });
    new Alerting(stack, 'alerting', { topicName: 'a', healthTopicName: 'h', accountId: ACCOUNT, key, healthEmails: ['o@example.com'] });
    const message = validationErrors(stack);
    expect(message).toContain('theirs/alerting/alarms: no alarm may publish to topic a; allow its alarms');
    expect(message).toContain('theirs/alerting/health: no alarm may publish to topic h; allow its alarms');
  });

  it('refuses a key policy statement id given twice', () => {
    const key = new EncryptionKey(userStack(), 'key', { accountId: ACCOUNT, alias: 'alias/k', description: 'k' });
    key.addStatements({ sid: 'S', effect: 'Allow', actions: ['kms:Decrypt'], resources: ['*'] });
    expect(() => key.addStatements({ sid: 'S', effect: 'Allow', actions: ['kms:Encrypt'], resources: ['*'] })).toThrow(
      'EncryptionKey theirs/key: statements: a statement with sid "S" is already in the key policy.',
    );
  });

  it('checks a trail’s names and retention', () => {
    const stack = userStack();
    new Trail(stack, 'trail', { baseName: 'my--trail', accountId: ACCOUNT, region: 'eu-west-1', glacierTransitionDays: 400, expirationDays: 300 });
    const message = validationErrors(stack);
    expect(message).toContain('Trail theirs/trail: baseName: CloudTrail trail name "my--trail" is refused by AWS: no "." "_" or "-" next to another');
    expect(message).toContain('Trail theirs/trail: expirationDays: 300 must be more than glacierTransitionDays (400)');
  });
});
