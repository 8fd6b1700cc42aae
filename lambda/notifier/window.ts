/**
 * The time range to re-read the log group over. A metric filter publishes each match at the log
 * event's own timestamp, and FilterLogEvents filters on that same timestamp (reference:
 * alarm-notifier-formats §4.2), so the evaluated metric periods are the exact range; slack
 * widens it for the cases where those periods are only estimated.
 */
import type { AlarmTiming } from './alarm';

export interface LogWindow {
  /** Milliseconds since the epoch (FilterLogEvents takes ms; seconds silently match nothing). */
  readonly startMs: number;
  readonly endMs: number;
  /** Where the range came from, most precise first. */
  readonly basis: 'reason-data' | 'reason-datapoints' | 'state-change' | 'follow-up';
}

export interface WindowSlack {
  readonly beforeMs: number;
  readonly afterMs: number;
}

/** The product's default alarm period, used when a payload states none. */
export const DEFAULT_PERIOD_SECONDS = 300;

/**
 * In order of precision:
 * 1. `reasonData.startDate` (alarm action, EventBridge) + period × evaluated datapoints;
 * 2. the datapoint period starts quoted in the state reason (SNS, and the others without reasonData);
 * 3. `[StateChangeTime − period × evaluationPeriods, StateChangeTime]` (e.g. `set-alarm-state` tests).
 * Then `slack.beforeMs` is taken off the start and `slack.afterMs` added to the end.
 */
export function computeWindow(timing: Omit<AlarmTiming, 'datapointValues'>, slack: WindowSlack, now: Date): LogWindow {
  const periodMs = (timing.periodSeconds ?? DEFAULT_PERIOD_SECONDS) * 1000;
  const widen = (startMs: number, endMs: number, basis: LogWindow['basis']): LogWindow => ({
    startMs: startMs - slack.beforeMs,
    endMs: endMs + slack.afterMs,
    basis,
  });
  if (timing.evaluatedFrom && timing.periodSeconds) {
    const start = timing.evaluatedFrom.getTime();
    return widen(start, start + periodMs * Math.max(1, timing.evaluatedDatapoints ?? 1), 'reason-data');
  }
  if (timing.datapointTimes.length > 0) {
    const starts = timing.datapointTimes.map((d) => d.getTime());
    return widen(Math.min(...starts), Math.max(...starts) + periodMs, 'reason-datapoints');
  }
  const end = (timing.stateTime ?? now).getTime();
  return widen(end - periodMs * (timing.evaluationPeriods ?? 1), end, 'state-change');
}
