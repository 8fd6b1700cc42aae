import type { AlarmSettings } from '../catalog/types';

/**
 * What a detection's alarm would have done over replayed events, the way CloudWatch evaluates the alarms
 * trailwatch deploys: the metric filter adds 1 per matching event; the alarm takes the Sum over periods of
 * `period` seconds aligned to the epoch (minute/5-minute boundaries); a period breaches when its sum is
 * ≥ `threshold` (GreaterThanOrEqualToThreshold); periods without matches are missing data, treated as not
 * breaching (`treat_missing_data = notBreaching`); the alarm is in ALARM after `evaluationPeriods`
 * consecutive breaching periods (datapoints to alarm = evaluation periods), and notifies once per OK → ALARM
 * transition (CloudWatch User Guide, "Using Amazon CloudWatch alarms": evaluation periods and missing data).
 */
export interface AlarmOutcome {
  /** Periods at whose end the alarm is in ALARM. */
  readonly alarmPeriods: number;
  /** OK → ALARM transitions: the messages the notifier would have posted. */
  readonly notifications: number;
}

/** The index of the alarm period holding `timeMs` (periods aligned to the epoch). */
export function periodIndex(timeMs: number, periodSeconds: number): number {
  return Math.floor(timeMs / (periodSeconds * 1000));
}

/** @param counts matching events per period index, as counted with {@link periodIndex} */
export function alarmOutcome(counts: ReadonlyMap<number, number>, settings: AlarmSettings): AlarmOutcome {
  const breaching = [...counts].filter(([, sum]) => sum >= settings.threshold).map(([index]) => index);
  breaching.sort((a, b) => a - b);
  let alarmPeriods = 0;
  let notifications = 0;
  let run = 0;
  for (let i = 0; i < breaching.length; i++) {
    run = i > 0 && breaching[i] === breaching[i - 1] + 1 ? run + 1 : 1;
    if (run >= settings.evaluationPeriods) {
      alarmPeriods++;
      if (run === settings.evaluationPeriods) notifications++;
    }
  }
  return { alarmPeriods, notifications };
}
