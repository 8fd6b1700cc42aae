import type { TimeRange } from '../sql/query';
import { UsageError } from './usage-error';

const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * A moment given on the command line: a duration back from `now` (`90m`, `36h`, `7d`, `2w`), a date
 * (`2024-05-01`, UTC midnight) or an ISO 8601 time (`2024-05-01T10:00:00Z`).
 */
export function parseMoment(option: string, text: string, now: Date): Date {
  const duration = /^(\d+)([mhdw])$/.exec(text);
  if (duration) return new Date(now.getTime() - Number(duration[1]) * UNIT_MS[duration[2]]);
  const time = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(time)) throw new UsageError(`${option} must be a duration such as 7d, 36h, 90m, 2w, or a date such as 2024-05-01 or 2024-05-01T10:00:00Z, got "${text}"`);
  return new Date(time);
}

/** `--since` (inclusive) and `--until` (exclusive, default now). */
export function parseTimeRange(since: string, until: string | undefined, now: Date): TimeRange {
  const range = { since: parseMoment('--since', since, now), until: until === undefined ? now : parseMoment('--until', until, now) };
  if (range.since >= range.until) throw new UsageError(`--since (${range.since.toISOString()}) must be before --until (${range.until.toISOString()})`);
  return range;
}
