import { computeWindow } from '../../lambda/notifier/window';

const slack = { beforeMs: 60_000, afterMs: 30_000 };
const now = new Date('2026-01-07T05:00:00Z');
const at = (iso: string) => Date.parse(iso);

describe('computeWindow', () => {
  it('uses reasonData.startDate + period × evaluated datapoints when present', () => {
    const w = computeWindow(
      {
        stateTime: new Date('2026-01-07T04:36:05Z'),
        periodSeconds: 300,
        evaluatedFrom: new Date('2026-01-07T04:25:00Z'),
        evaluatedDatapoints: 2,
        datapointTimes: [new Date('2026-01-07T04:30:00Z')],
      },
      slack,
      now,
    );
    expect(w).toEqual({ startMs: at('2026-01-07T04:24:00Z'), endMs: at('2026-01-07T04:35:30Z'), basis: 'reason-data' });
  });

  it('uses the datapoint periods quoted in the state reason (SNS)', () => {
    const w = computeWindow(
      {
        stateTime: new Date('2026-01-07T04:36:05Z'),
        periodSeconds: 60,
        evaluationPeriods: 3,
        datapointTimes: [new Date('2026-01-07T04:33:00Z'), new Date('2026-01-07T04:31:00Z')],
      },
      slack,
      now,
    );
    expect(w).toEqual({ startMs: at('2026-01-07T04:30:00Z'), endMs: at('2026-01-07T04:34:30Z'), basis: 'reason-datapoints' });
  });

  it('falls back to period × evaluation periods before StateChangeTime', () => {
    const w = computeWindow({ stateTime: new Date('2026-01-07T04:36:05Z'), periodSeconds: 60, evaluationPeriods: 5, datapointTimes: [] }, slack, now);
    expect(w).toEqual({ startMs: at('2026-01-07T04:30:05Z'), endMs: at('2026-01-07T04:36:35Z'), basis: 'state-change' });
  });

  it('assumes one 300 s period ending now when the payload gives nothing', () => {
    const w = computeWindow({ datapointTimes: [] }, { beforeMs: 0, afterMs: 0 }, now);
    expect(w).toEqual({ startMs: at('2026-01-07T04:55:00Z'), endMs: at('2026-01-07T05:00:00Z'), basis: 'state-change' });
  });

  it('yields milliseconds (seconds would silently match nothing in FilterLogEvents)', () => {
    const w = computeWindow({ stateTime: new Date('2026-01-07T04:36:05Z'), datapointTimes: [] }, slack, now);
    expect(w.startMs).toBeGreaterThan(1e12);
  });
});
