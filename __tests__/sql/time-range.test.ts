import { parseMoment, parseTimeRange } from '../../cli/time-range';

const NOW = new Date('2026-01-08T12:00:00Z');

describe('--since / --until', () => {
  it('reads durations back from now, dates and ISO times', () => {
    expect(parseMoment('--since', '90m', NOW).toISOString()).toBe('2026-01-08T10:30:00.000Z');
    expect(parseMoment('--since', '7d', NOW).toISOString()).toBe('2026-01-01T12:00:00.000Z');
    expect(parseMoment('--since', '2024-05-01', NOW).toISOString()).toBe('2024-05-01T00:00:00.000Z');
    expect(parseMoment('--since', '2024-05-01T10:00:00Z', NOW).toISOString()).toBe('2024-05-01T10:00:00.000Z');
  });

  it('rejects anything else, and an empty range', () => {
    expect(() => parseMoment('--since', 'yesterday', NOW)).toThrow('--since must be a duration');
    expect(() => parseTimeRange('1d', '2d', NOW)).toThrow('must be before --until');
  });
});
