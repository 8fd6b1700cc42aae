import type { TopEntry } from './top-counter';

/** What `trailwatch replay --json` prints. */
export interface ReplayReport {
  /** CloudTrail records read. */
  readonly events: number;
  /** Files and records that could not be read (each also in `problems`, up to its cap). */
  readonly skipped: number;
  /** The earliest and latest `eventTime` read; absent when no event was read. */
  readonly firstEventTime?: string;
  readonly lastEventTime?: string;
  /** Keyed by detection name, in catalog order. */
  readonly detections: Readonly<Record<string, DetectionReport>>;
  /** The first {@link MAX_REPORTED_PROBLEMS} problems; `skipped` counts them all. */
  readonly problems: readonly Problem[];
}

export interface DetectionReport {
  readonly matches: number;
  /** Periods at whose end the alarm would have been in ALARM (see alarm-periods.ts). */
  readonly alarmPeriods: number;
  /** OK → ALARM transitions: the chat messages the notifier would have posted. */
  readonly notifications: number;
  readonly topPrincipals: readonly TopEntry[];
  readonly topEventNames: readonly TopEntry[];
  readonly topSourceIPs: readonly TopEntry[];
}

/** A file or record that was skipped, and why. `line` for JSON lines, `record` for `Records` files. */
export interface Problem {
  readonly file: string;
  readonly line?: number;
  readonly record?: number;
  readonly reason: string;
}

/** Problems kept in a report; enough to act on, bounded whatever the input. */
export const MAX_REPORTED_PROBLEMS = 100;
/** Entries in each top list. */
export const TOP = 5;
