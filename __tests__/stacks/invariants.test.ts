import fc from 'fast-check';
import { DETECTION_CATALOG } from '../../catalog/detections';
import type { AccountConfigInput } from '../../stacks/config';
import { account, synthAccount, type Json } from './synth';

/** Random but valid configurations: prefix, mode, disabled detections, alarm overrides. */
const configurations = fc
  .record({
    namePrefix: fc.stringMatching(/^[A-Za-z0-9._-]{0,12}$/),
    trail: fc.oneof(
      fc.constant({ mode: 'create' as const }),
      fc.constant({ mode: 'existing' as const, logGroupName: 'aws-controltower/CloudTrailLogs' }),
      fc.constant({ mode: 'organization' as const, organizationId: 'o-a1b2c3d4e5' }),
    ),
    disabled: fc.subarray(DETECTION_CATALOG.map((d) => d.name), { maxLength: DETECTION_CATALOG.length - 1 }),
    tuned: fc.dictionary(
      fc.constantFrom(...DETECTION_CATALOG.map((d) => d.name)),
      fc.record({ period: fc.constantFrom(60, 120, 180, 240, 300), threshold: fc.integer({ min: 1, max: 20 }), evaluationPeriods: fc.integer({ min: 1, max: 5 }) }),
    ),
  })
  .map(({ namePrefix, trail, disabled, tuned }): { input: AccountConfigInput; enabled: string[] } => {
    const overrides: Record<string, object> = { ...tuned };
    for (const name of disabled) overrides[name] = { enabled: false };
    return {
      input: account({ namePrefix, trail, detections: { overrides } }),
      enabled: DETECTION_CATALOG.map((d) => d.name).filter((name) => !disabled.includes(name)),
    };
  });

describe('invariants of any valid configuration', () => {
  it('one filter and one alarm per enabled detection, named alike; Sum, ≥ 1, notBreaching; only own alarms publish; no wildcard action', () => {
    fc.assert(
      fc.property(configurations, ({ input, enabled }) => {
        const stack = synthAccount(input);
        const prefix = input.namePrefix ?? '';
        const expected = enabled.map((name) => prefix + name).sort();
        const filters = Object.values(stack.resources('aws_cloudwatch_log_metric_filter'));
        const alarms = Object.values(stack.resources('aws_cloudwatch_metric_alarm'));
        const detectionAlarms = alarms.filter((a) => a.namespace === 'trailwatch');

        expect(filters.map((f) => f.name).sort()).toEqual(expected);
        expect(filters.map((f) => (f.metric_transformation as Json).name).sort()).toEqual(expected);
        expect(detectionAlarms.map((a) => a.alarm_name).sort()).toEqual(expected);
        expect(detectionAlarms.map((a) => a.metric_name).sort()).toEqual(expected);
        for (const alarm of detectionAlarms) {
          expect(alarm).toMatchObject({ statistic: 'Sum', comparison_operator: 'GreaterThanOrEqualToThreshold', treat_missing_data: 'notBreaching' });
          expect(alarm.threshold).toBeGreaterThanOrEqual(1);
          expect([60, 120, 180, 240, 300]).toContain(alarm.period);
        }

        // Every alarm may publish to exactly one topic, and nothing else may.
        const publishers = stack
          .statements()
          .filter(({ statement }) => statement.effect === 'Allow' && statement.actions.includes('sns:Publish'))
          .flatMap(({ statement }) => statement.condition!.find((c) => c.variable === 'aws:SourceArn')!.values);
        const alarmIds = Object.keys(stack.resources('aws_cloudwatch_metric_alarm'));
        expect(publishers.sort()).toEqual(alarmIds.map((id) => `\${aws_cloudwatch_metric_alarm.${id}.arn}`).sort());

        for (const { statement } of stack.statements()) {
          for (const action of statement.actions) if (action === '*' || /:\*$/.test(action)) expect(statement.effect).toBe('Deny');
        }
        expect(Object.keys(stack.resources('aws_cloudtrail'))).toHaveLength(input.trail?.mode === 'existing' ? 0 : 1);
      }),
      { numRuns: 12 },
    );
  });
});
