import type {} from 'cdktf/lib/testing/adapters/jest'; // typings of cdktf's jest matchers (registered in __tests__/setup.ts)
import { Testing } from 'cdktf';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { Construct } from 'constructs';
import type { CompiledDetection } from '../../catalog/types';
import { Alerting } from '../../stacks/alerting';
import { Detections } from '../../stacks/detections';
import { EncryptionKey } from '../../stacks/encryption-key';

/** The alerting a Detections construct notifies, by reference. */
function alertingIn(scope: Construct): Alerting {
  const key = new EncryptionKey(scope, 'key', { accountId: '123456789012', alias: 'alias/test', description: 'test' });
  return new Alerting(scope, 'alerting', { topicName: 'alarms', healthTopicName: 'health', accountId: '123456789012', key, healthEmails: ['a@example.com'] });
}
const TOPIC = /^\$\{aws_sns_topic\.alerting_alarms_topic_[A-F0-9]+\.arn\}$/;

const detection = (name: string, overrides: Partial<CompiledDetection> = {}): CompiledDetection => ({
  name,
  title: { ko: '테스트', en: 'Test' },
  description: 'A test detection.',
  basis: 'custom',
  pattern: `{$.eventName="${name}"}`,
  period: 300,
  threshold: 1,
  evaluationPeriods: 1,
  ...overrides,
});

describe('Detections', () => {
  it('one filter and one alarm per detection, the prefix applied alike', () => {
    const synth = Testing.synthScope((scope) => {
      new Detections(scope, 'detections', {
        detections: [detection('A', { period: 60, threshold: 3, evaluationPeriods: 2 })],
        logGroupName: 'trail-logs',
        metricNamespace: 'ns',
        namePrefix: 'dev-',
        alerting: alertingIn(scope),
        locale: 'ko',
      });
    });
    expect(synth).toHaveResourceWithProperties(CloudwatchLogMetricFilter, {
      name: 'dev-A',
      log_group_name: 'trail-logs',
      pattern: '{$.eventName="A"}',
      metric_transformation: { name: 'dev-A', namespace: 'ns', value: '1' },
    });
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'dev-A',
      alarm_description: '테스트 (custom): A test detection.',
      metric_name: 'dev-A',
      namespace: 'ns',
      statistic: 'Sum',
      period: 60,
      threshold: 3,
      evaluation_periods: 2,
      datapoints_to_alarm: 2,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      treat_missing_data: 'notBreaching',
      alarm_actions: [expect.stringMatching(TOPIC)],
    });
    // No default value: quiet periods publish nothing (see the construct's comment).
    expect(JSON.stringify(JSON.parse(synth).resource.aws_cloudwatch_log_metric_filter)).not.toContain('default_value');
  });

  it('caps the alarm description at CloudWatch’s 1024 characters', () => {
    const synth = Testing.synthScope((scope) => {
      new Detections(scope, 'detections', {
        detections: [detection('Long', { description: 'x'.repeat(2000) })],
        logGroupName: 'g',
        metricNamespace: 'ns',
        alerting: alertingIn(scope),
        locale: 'en',
      });
    });
    const alarm = Object.values(JSON.parse(synth).resource.aws_cloudwatch_metric_alarm as Record<string, { alarm_description: string }>)[0];
    expect(alarm.alarm_description).toHaveLength(1024);
    expect(alarm.alarm_description.startsWith('Test (custom): xxx')).toBe(true);
  });

  it('refuses more metric filters than one log group can carry', () => {
    const detections = Array.from({ length: 101 }, (_, i) => detection(`D${i}`));
    expect(() =>
      Testing.synthScope((scope) => {
        new Detections(scope, 'detections', { detections, logGroupName: 'trail-logs', metricNamespace: 'ns', alerting: alertingIn(scope) });
      }),
    ).toThrow('Detections stack/detections: detections: 101 detections need as many metric filters on log group trail-logs; CloudWatch Logs allows 100 per log group.');
  });
});
