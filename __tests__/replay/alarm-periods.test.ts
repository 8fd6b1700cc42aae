import { alarmOutcome, periodIndex } from '../../replay/alarm-periods';

const at = (iso: string): number => Date.parse(iso);
/** Matching-event counts per 5-minute period, keyed by period index from a base period. */
function counts(perPeriod: Record<number, number>, base = periodIndex(at('2024-05-01T00:00:00Z'), 300)): Map<number, number> {
  return new Map(Object.entries(perPeriod).map(([offset, sum]) => [base + Number(offset), sum]));
}

describe('periodIndex', () => {
  it('aligns periods to the epoch, like CloudWatch metric periods', () => {
    expect(periodIndex(at('2024-05-01T00:04:59.999Z'), 300)).toBe(periodIndex(at('2024-05-01T00:00:00Z'), 300));
    expect(periodIndex(at('2024-05-01T00:05:00Z'), 300)).toBe(periodIndex(at('2024-05-01T00:00:00Z'), 300) + 1);
    expect(periodIndex(at('2024-05-01T00:01:00Z'), 60)).toBe(at('2024-05-01T00:01:00Z') / 60_000);
  });
});

describe('alarmOutcome', () => {
  it('threshold 1, one evaluation period: every period with a match alarms; a run of periods notifies once', () => {
    expect(alarmOutcome(counts({ 0: 1, 1: 4, 2: 1, 5: 2 }), { period: 300, threshold: 1, evaluationPeriods: 1 })).toEqual({ alarmPeriods: 4, notifications: 2 });
  });

  it('a period breaches at exactly the threshold, not below', () => {
    const settings = { period: 300, threshold: 3, evaluationPeriods: 1 };
    expect(alarmOutcome(counts({ 0: 2 }), settings)).toEqual({ alarmPeriods: 0, notifications: 0 });
    expect(alarmOutcome(counts({ 0: 3 }), settings)).toEqual({ alarmPeriods: 1, notifications: 1 });
    expect(alarmOutcome(counts({ 0: 2, 1: 2 }), settings)).toEqual({ alarmPeriods: 0, notifications: 0 });
  });

  it('evaluation periods need that many consecutive breaching periods; a gap (missing data, not breaching) resets', () => {
    const settings = { period: 300, threshold: 1, evaluationPeriods: 3 };
    expect(alarmOutcome(counts({ 0: 1, 1: 1 }), settings)).toEqual({ alarmPeriods: 0, notifications: 0 });
    expect(alarmOutcome(counts({ 0: 1, 1: 1, 3: 1, 4: 1 }), settings)).toEqual({ alarmPeriods: 0, notifications: 0 });
    expect(alarmOutcome(counts({ 0: 1, 1: 1, 2: 1 }), settings)).toEqual({ alarmPeriods: 1, notifications: 1 });
    expect(alarmOutcome(counts({ 0: 1, 1: 1, 2: 1, 3: 1, 4: 1 }), settings)).toEqual({ alarmPeriods: 3, notifications: 1 });
    expect(alarmOutcome(counts({ 0: 1, 1: 1, 2: 1, 4: 1, 5: 1, 6: 1 }), settings)).toEqual({ alarmPeriods: 2, notifications: 2 });
  });

  it('a period below the threshold breaks a run like a missing one', () => {
    const settings = { period: 60, threshold: 2, evaluationPeriods: 2 };
    expect(alarmOutcome(counts({ 0: 2, 1: 1, 2: 2, 3: 5 }), settings)).toEqual({ alarmPeriods: 1, notifications: 1 });
  });

  it('does not depend on the order periods were first seen', () => {
    const settings = { period: 300, threshold: 1, evaluationPeriods: 2 };
    expect(alarmOutcome(new Map([[12, 1], [10, 1], [11, 1]]), settings)).toEqual({ alarmPeriods: 2, notifications: 1 });
  });

  it('nothing matched, nothing fired', () => {
    expect(alarmOutcome(new Map(), { period: 300, threshold: 1, evaluationPeriods: 1 })).toEqual({ alarmPeriods: 0, notifications: 0 });
  });
});
