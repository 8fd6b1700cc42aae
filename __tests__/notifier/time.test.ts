import { createTimeFormatter, parseAwsTimestamp, parseReasonDatapointTimes } from '../../lambda/notifier/time';

describe('parseAwsTimestamp', () => {
  it.each([
    ['2025-02-02T12:06:35.472+0000', '2025-02-02T12:06:35.472Z'],
    ['2025-02-02T21:06:35.472+0900', '2025-02-02T12:06:35.472Z'],
    ['2019-10-02T17:04:40Z', '2019-10-02T17:04:40.000Z'],
    ['2019-10-02T17:04:40.989+00:00', '2019-10-02T17:04:40.989Z'],
  ])('%s', (input, iso) => {
    expect(parseAwsTimestamp(input)?.toISOString()).toBe(iso);
  });

  it.each([undefined, null, '', 'yesterday', '02/02/25 12:05:00', 42])('rejects %p', (input) => {
    expect(parseAwsTimestamp(input)).toBeUndefined();
  });
});

describe('parseReasonDatapointTimes', () => {
  it('reads dd/MM/yy HH:mm:ss UTC datapoints', () => {
    const reason = 'Threshold Crossed: 2 out of the last 3 datapoints [3.0 (07/01/26 04:33:00), 1.0 (07/01/26 04:31:00)] were greater than or equal to the threshold (1.0).';
    expect(parseReasonDatapointTimes(reason).map((d) => d.toISOString())).toEqual(['2026-01-07T04:33:00.000Z', '2026-01-07T04:31:00.000Z']);
  });

  it('finds none in a manual set-alarm-state reason, and skips impossible dates', () => {
    expect(parseReasonDatapointTimes('test')).toEqual([]);
    expect(parseReasonDatapointTimes('[1.0 (31/02/26 04:33:00)]')).toEqual([]);
    expect(parseReasonDatapointTimes(undefined)).toEqual([]);
  });
});

describe('createTimeFormatter', () => {
  const instant = new Date('2026-01-07T04:31:05Z');
  it.each([
    ['Asia/Seoul', '2026-01-07 13:31:05 KST'],
    ['UTC', '2026-01-07 04:31:05 UTC'],
    ['America/New_York', '2026-01-06 23:31:05 EST'],
    ['Europe/Berlin', '2026-01-07 05:31:05 Europe/Berlin'],
  ])('%s', (zone, expected) => {
    expect(createTimeFormatter(zone)(instant)).toBe(expected);
  });

  it('writes midnight as 00, not 24', () => {
    expect(createTimeFormatter('Asia/Seoul')(new Date('2026-01-07T15:00:00Z'))).toBe('2026-01-08 00:00:00 KST');
  });
});
