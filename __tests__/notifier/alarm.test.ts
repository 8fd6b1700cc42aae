import { parseInvocation, type AlarmNotice, type ParsedItem } from '../../lambda/notifier/alarm';
import { ACCOUNT, REGION, alarmActionEvent, alarmMessage, destinationRecord, eventBridgeEvent, snsEvent } from './support/fixtures';

function onlyNotice(items: ParsedItem[]): AlarmNotice {
  expect(items).toHaveLength(1);
  const [item] = items;
  if (item.kind !== 'alarm') throw new Error(`expected an alarm, got ${JSON.stringify(item)}`);
  return item.notice;
}

const SEOUL_WINDOW = {
  stateTime: new Date('2026-01-07T04:36:05.472Z'),
  periodSeconds: 300,
  datapointTimes: [new Date('2026-01-07T04:30:00Z')],
  datapointValues: [2],
};

describe('SNS-wrapped alarm notifications', () => {
  it('reads name, account, region code, metric and timing from the message body', () => {
    expect(onlyNotice(parseInvocation(snsEvent(alarmMessage())))).toEqual({
      source: 'sns',
      delivery: { messageId: 'e1a5d850-56a8-5cb9-873c-87524725ca49', topicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:trailwatch-alarms` },
      state: 'ALARM',
      description: undefined,
      reason: 'Threshold Crossed: 1 datapoint [2.0 (07/01/26 04:30:00)] was greater than or equal to the threshold (1.0).',
      alarmName: 'UnauthorizedAPICall',
      alarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:UnauthorizedAPICall`,
      accountId: ACCOUNT,
      regionCode: REGION,
      metric: { kind: 'metric', name: 'UnauthorizedAPICall', namespace: 'trailwatch' },
      timing: { ...SEOUL_WINDOW, evaluationPeriods: 1 },
    });
  });

  it.each([
    ['null', null],
    ['truncated to 100 characters', 'ALARM: "prod-SharedInfra-Alpha-Database-DatabaseInstanceObservabilityHighDatabaseConnec..." in EU (Milan)'],
    ['naming another alarm', 'ALARM: "SomethingElse" in Asia Pacific (Seoul)'],
  ])('takes the alarm name from the body when the Subject is %s', (_label, subject) => {
    const name = 'prod-SharedInfra-Alpha-Database-DatabaseInstanceObservabilityHighDatabaseConnections-1A2B3C4D5E6F';
    const notice = onlyNotice(parseInvocation(snsEvent(alarmMessage({ AlarmName: name }), subject)));
    expect(notice.alarmName).toBe(name);
  });

  it('tolerates a null AlarmDescription and odd action fields', () => {
    const message = alarmMessage({ AlarmDescription: null, OKActions: '', AlarmActions: '[arn:aws:sns:x]' });
    expect(onlyNotice(parseInvocation(snsEvent(message))).alarmName).toBe('UnauthorizedAPICall');
  });

  it('parses +0000 offsets (no colon) exactly', () => {
    const notice = onlyNotice(parseInvocation(snsEvent(alarmMessage({ StateChangeTime: '2025-02-02T12:06:35.472+0000' }))));
    expect(notice.timing.stateTime?.toISOString()).toBe('2025-02-02T12:06:35.472Z');
  });

  it('iterates every record', () => {
    const items = parseInvocation(snsEvent(alarmMessage(), null, 3));
    expect(items.map((i) => i.kind)).toEqual(['alarm', 'alarm', 'alarm']);
  });

  it.each(['OK', 'INSUFFICIENT_DATA'])('ignores the %s state', (state) => {
    expect(parseInvocation(snsEvent(alarmMessage({ NewStateValue: state })))).toEqual([
      { kind: 'ignored', reason: 'not-alarm-state', source: 'sns', alarmName: 'UnauthorizedAPICall', state },
    ]);
  });

  it('ignores a Message that is not JSON, or JSON that is not an object', () => {
    expect(parseInvocation(snsEvent('ALARM: something happened'))).toEqual([{ kind: 'ignored', reason: 'malformed-message', source: 'sns' }]);
    expect(parseInvocation(snsEvent('[1,2]'))).toEqual([{ kind: 'ignored', reason: 'malformed-message', source: 'sns' }]);
  });

  it('ignores records that are not SNS', () => {
    expect(parseInvocation({ Records: [{ eventSource: 'aws:sqs', body: '{}' }] })).toEqual([
      { kind: 'ignored', reason: 'not-an-alarm-event', source: 'record' },
    ]);
  });

  it('falls back to the topic region when the message has no alarm ARN', () => {
    const message = alarmMessage();
    delete message.AlarmArn;
    expect(onlyNotice(parseInvocation(snsEvent(message))).regionCode).toBe(REGION);
  });

  it('recognises a composite alarm (AlarmRule, no Trigger)', () => {
    const message = alarmMessage({ AlarmRule: 'ALARM("a") OR ALARM("b")', TriggeringChildren: [{ Arn: 'arn:x', State: { Value: 'ALARM' } }] });
    delete message.Trigger;
    expect(onlyNotice(parseInvocation(snsEvent(message))).metric).toEqual({ kind: 'composite' });
  });

  it('recognises a metric-math alarm (Trigger.Metrics with an expression, no MetricName)', () => {
    const message = alarmMessage({
      Trigger: {
        Period: 300,
        EvaluationPeriods: 1,
        Metrics: [
          { Id: 'e1', Expression: 'm1 + m2', Label: 'sum', ReturnData: true },
          { Id: 'm1', MetricStat: { Metric: { MetricName: 'A', Namespace: 'trailwatch', Dimensions: [] }, Period: 300, Stat: 'Sum' }, ReturnData: false },
          { Id: 'm2', MetricStat: { Metric: { MetricName: 'B', Namespace: 'trailwatch', Dimensions: [] }, Period: 300, Stat: 'Sum' }, ReturnData: false },
        ],
      },
    });
    expect(onlyNotice(parseInvocation(snsEvent(message))).metric).toEqual({ kind: 'metric-math' });
  });

  it('reads a single-metric alarm expressed as Trigger.Metrics[0].MetricStat', () => {
    const message = alarmMessage({
      Trigger: {
        EvaluationPeriods: 2,
        Metrics: [{ Id: 'm1', MetricStat: { Metric: { MetricName: 'X', Namespace: 'ns' }, Period: 60, Stat: 'Sum' }, ReturnData: true }],
      },
    });
    const notice = onlyNotice(parseInvocation(snsEvent(message)));
    expect(notice.metric).toEqual({ kind: 'metric', name: 'X', namespace: 'ns' });
    expect(notice.timing.periodSeconds).toBe(60);
    expect(notice.timing.evaluationPeriods).toBe(2);
  });

  it('reads an EventBridge event delivered through SNS (Subject null)', () => {
    const notice = onlyNotice(parseInvocation(snsEvent(eventBridgeEvent(), null)));
    expect(notice.source).toBe('eventbridge');
    expect(notice.alarmName).toBe('UnauthorizedAPICall');
    expect(notice.timing.evaluatedFrom?.toISOString()).toBe('2026-01-07T04:30:00.000Z');
  });

  it('ignores an alarm message without a name', () => {
    expect(parseInvocation(snsEvent(alarmMessage({ AlarmName: '' })))).toEqual([{ kind: 'ignored', reason: 'missing-alarm-name', source: 'sns' }]);
  });
});

describe('direct alarm actions', () => {
  it('reads the alarmData payload, with region code and account', () => {
    expect(onlyNotice(parseInvocation(alarmActionEvent()))).toEqual({
      source: 'alarm-action',
      delivery: {},
      state: 'ALARM',
      description: undefined,
      reason:
        'Threshold Crossed: 1 out of the last 1 datapoints [2.0 (07/01/26 04:30:00)] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).',
      alarmName: 'UnauthorizedAPICall',
      alarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:UnauthorizedAPICall`,
      accountId: ACCOUNT,
      regionCode: REGION,
      metric: { kind: 'metric', name: 'UnauthorizedAPICall', namespace: 'trailwatch' },
      timing: {
        stateTime: new Date('2026-01-07T04:36:05.472Z'),
        periodSeconds: 300,
        evaluatedFrom: new Date('2026-01-07T04:30:00Z'),
        evaluatedDatapoints: 1,
        datapointTimes: [new Date('2026-01-07T04:30:00Z')],
        datapointValues: [2],
      },
    });
  });

  it('ignores states other than ALARM', () => {
    expect(parseInvocation(alarmActionEvent('X', 'OK'))).toEqual([{ kind: 'ignored', reason: 'not-alarm-state', source: 'alarm-action', alarmName: 'X', state: 'OK' }]);
  });

  it('survives a malformed reasonData string (only the precise window is lost)', () => {
    const event = alarmActionEvent();
    (event.alarmData.state as Record<string, unknown>).reasonData = '{not json';
    const notice = onlyNotice(parseInvocation(event));
    expect(notice.timing.evaluatedFrom).toBeUndefined();
    expect(notice.timing.periodSeconds).toBe(300);
  });

  it('recognises composite and metric-math configurations', () => {
    const composite = alarmActionEvent();
    composite.alarmData.configuration = { alarmRule: 'ALARM(a)', description: null } as never;
    expect(onlyNotice(parseInvocation(composite)).metric).toEqual({ kind: 'composite' });

    const math = alarmActionEvent();
    math.alarmData.configuration.metrics = [
      { id: 'e1', expression: 'ANOMALY_DETECTION_BAND(m1, 2)', returnData: true },
      ...math.alarmData.configuration.metrics,
    ] as never;
    expect(onlyNotice(parseInvocation(math)).metric).toEqual({ kind: 'metric-math' });
  });
});

describe('EventBridge alarm state changes', () => {
  it('reads detail, the ARN from resources[0], account and region', () => {
    const notice = onlyNotice(parseInvocation(eventBridgeEvent()));
    expect(notice).toMatchObject({ source: 'eventbridge', alarmName: 'UnauthorizedAPICall', accountId: ACCOUNT, regionCode: REGION });
    expect(notice.timing.evaluatedFrom?.toISOString()).toBe('2026-01-07T04:30:00.000Z');
  });

  it('ignores other detail-types (e.g. configuration changes)', () => {
    expect(parseInvocation({ ...eventBridgeEvent(), 'detail-type': 'CloudWatch Alarm Configuration Change' })).toEqual([
      { kind: 'ignored', reason: 'not-an-alarm-event', source: 'eventbridge' },
    ]);
  });
});

describe('anything else', () => {
  it.each([null, 'text', 42, [], {}, { hello: 'world' }])('ignores %p', (event) => {
    const items = parseInvocation(event);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'ignored', reason: 'not-an-alarm-event' });
  });

  it('accepts a bare CloudWatch alarm message (a console test invoke)', () => {
    expect(onlyNotice(parseInvocation(alarmMessage())).source).toBe('alarm-message');
  });
});

describe('a Lambda on-failure destination record (the dead-letter queue, and redrive)', () => {
  const record = (payload: unknown) => destinationRecord(payload);

  it('handles the original event inside requestPayload, noting which request failed', () => {
    const original = onlyNotice(parseInvocation(snsEvent(alarmMessage())));
    expect(onlyNotice(parseInvocation(record(snsEvent(alarmMessage()))))).toEqual({
      ...original,
      delivery: { ...original.delivery, redriveOf: 'e4b46cbf-b738-xmpl-8880-a18cdf61200e' },
    });
  });

  it('ignores what the original event would have been ignored for', () => {
    expect(parseInvocation(record({ hello: 'world' }))).toEqual([{ kind: 'ignored', reason: 'not-an-alarm-event', source: 'unknown' }]);
  });
});

describe('only the alarm topic', () => {
  const topic = `arn:aws:sns:${REGION}:${ACCOUNT}:trailwatch-alarms`;

  it('handles notifications of the configured topic, directly and in a destination record', () => {
    expect(onlyNotice(parseInvocation(snsEvent(alarmMessage()), { alarmTopicArn: topic })).alarmName).toBe('UnauthorizedAPICall');
    expect(onlyNotice(parseInvocation(destinationRecord(snsEvent(alarmMessage())), { alarmTopicArn: topic })).alarmName).toBe('UnauthorizedAPICall');
  });

  it('ignores another topic and any direct invocation', () => {
    const other = snsEvent(alarmMessage());
    other.Records[0].Sns.TopicArn = `arn:aws:sns:${REGION}:${ACCOUNT}:someone-else`;
    expect(parseInvocation(other, { alarmTopicArn: topic })).toEqual([{ kind: 'ignored', reason: 'not-from-alarm-topic', source: 'sns' }]);
    expect(parseInvocation(alarmActionEvent(), { alarmTopicArn: topic })).toEqual([{ kind: 'ignored', reason: 'not-from-alarm-topic', source: 'direct' }]);
    expect(parseInvocation(eventBridgeEvent(), { alarmTopicArn: topic })).toEqual([{ kind: 'ignored', reason: 'not-from-alarm-topic', source: 'direct' }]);
  });
});

describe('resolved (OK) notices, when asked for', () => {
  it('ALARM → OK becomes a notice only with acceptOk; OK from elsewhere stays ignored', () => {
    const ok = snsEvent(alarmMessage({ NewStateValue: 'OK', OldStateValue: 'ALARM' }));
    expect(parseInvocation(ok)).toEqual([{ kind: 'ignored', reason: 'not-alarm-state', source: 'sns', alarmName: 'UnauthorizedAPICall', state: 'OK' }]);
    expect(onlyNotice(parseInvocation(ok, { acceptOk: true })).state).toBe('OK');
    const fromInsufficient = snsEvent(alarmMessage({ NewStateValue: 'OK', OldStateValue: 'INSUFFICIENT_DATA' }));
    expect(parseInvocation(fromInsufficient, { acceptOk: true })[0].kind).toBe('ignored');
  });
});

describe("the alarm's own count", () => {
  it('sums the datapoints quoted in the state reason', () => {
    const reason = 'Threshold Crossed: 2 out of the last 2 datapoints [40.0 (07/01/26 04:30:00), 3.0 (07/01/26 04:25:00)] were greater than or equal to the threshold (1.0).';
    expect(onlyNotice(parseInvocation(snsEvent(alarmMessage({ NewStateReason: reason })))).timing.datapointValues).toEqual([40, 3]);
  });
});
