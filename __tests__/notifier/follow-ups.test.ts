import { isSweep, noticeOf, openAlarmItem, parseOpenAlarm, periodStart, SWEEP_EVENT, type OpenAlarm } from '../../lambda/notifier/follow-ups';

const open: OpenAlarm = {
  alarmArn: 'arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:UnauthorizedAPICall',
  alarmName: 'UnauthorizedAPICall',
  metricName: 'UnauthorizedAPICall',
  namespace: 'trailwatch',
  periodSeconds: 300,
  stateTime: new Date('2026-01-07T04:36:05.472Z'),
  lastIngestionMs: Date.UTC(2026, 0, 7, 4, 34),
};

describe('open alarms', () => {
  it('read back exactly from their table item', () => {
    expect(parseOpenAlarm(openAlarmItem(open, Date.UTC(2026, 0, 7, 5)))).toEqual(open);
    expect(parseOpenAlarm({ pk: { S: 'detection|x' } })).toBeUndefined();
  });

  it('become the notice of the transition they follow, with region and account from the ARN', () => {
    expect(noticeOf(open)).toMatchObject({ state: 'ALARM', alarmArn: open.alarmArn, regionCode: 'ap-northeast-2', accountId: '123456789012', metric: { kind: 'metric', name: 'UnauthorizedAPICall', namespace: 'trailwatch' } });
  });

  it('one follow-up per alarm period: the key is the period the sweep falls in', () => {
    expect(periodStart(open, Date.UTC(2026, 0, 7, 5, 4, 59))).toEqual(new Date(Date.UTC(2026, 0, 7, 5, 0)));
    expect(periodStart({ ...open, periodSeconds: 60 }, Date.UTC(2026, 0, 7, 5, 4, 59))).toEqual(new Date(Date.UTC(2026, 0, 7, 5, 4)));
  });

  it('knows the sweep event and nothing else', () => {
    expect(isSweep(SWEEP_EVENT)).toBe(true);
    expect(isSweep({ Records: [] })).toBe(false);
    expect(isSweep(null)).toBe(false);
  });
});
