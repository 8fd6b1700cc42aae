/**
 * The channel-neutral alert: everything an on-call needs to decide in one read, before any chat format.
 * One renderer per target (targets/) turns it into that service's message. Pure: same input, same alert.
 */
import type { Locale, Severity } from '../../catalog/types';
import type { AlarmNotice } from './alarm';
import type { EventSummary } from './cloudtrail';
import { alarmLink, eventHistoryLink, insightsLink } from './links';
import type { RelatedLogs, Rollup } from './related-logs';
import type { DetectionInfo } from './titles';
import { verdictOf, type Verdict } from './verdict';

/**
 * CloudTrail "typically delivers logs within an average of about 5 minutes of an API call. This time is not
 * guaranteed" (AWS CloudTrail User Guide, "How CloudTrail works"; CloudWatch Logs delivery follows it). Within
 * this long after the window's end, events of the window may still arrive.
 */
export const LATE_DELIVERY_MS = 15 * 60_000;

export interface AlertEvent {
  readonly summary: EventSummary;
  /** For CloudTrail records. */
  readonly verdict?: Verdict;
  readonly historyLink?: string;
}

export interface AlertCounts {
  /** Matches the alarm's metric counted in its evaluated periods (the datapoints' sum). */
  readonly alarm?: number;
  /** Matches the logs returned for the window. */
  readonly logs: number;
  readonly shown: number;
  /** False when the reading stopped before the results ended (time budget or read cap): `logs` is a lower bound. */
  readonly complete: boolean;
  /** The window ended recently: CloudTrail may still deliver events of it. */
  readonly moreMayArrive: boolean;
}

export interface Alert {
  /** `detection`: a trailwatch detection; `alarm`: any other alarm (the notifier's health, a composite…), shown with its description. */
  readonly kind: 'detection' | 'alarm' | 'resolved';
  /** A follow-up while the alarm stays in ALARM. */
  readonly followUp: boolean;
  readonly locale: Locale;
  readonly botName: string;
  /** Formats an instant in the configured zone (`YYYY-MM-DD HH:MM:SS KST`). */
  readonly formatTime: (instant: Date) => string;
  readonly title: string;
  readonly severity: Severity;
  readonly firstAction?: string;
  readonly alarmName: string;
  /** When the alarm changed state (or when the notifier got it, if the payload says nothing). */
  readonly alarmTime: Date;
  /** The alarm's region (the stack's); each event carries its own. */
  readonly alarmRegion?: string;
  readonly accountId?: string;
  readonly accountName?: string;
  readonly description?: string;
  readonly reason?: string;
  readonly logs: RelatedLogs;
  readonly counts?: AlertCounts;
  readonly events: readonly AlertEvent[];
  readonly rollup?: Rollup;
  readonly links: { readonly alarm?: string; readonly insights?: string };
}

export interface AlertInput {
  readonly notice: AlarmNotice;
  /** The detection behind the alarm; none for any other alarm. */
  readonly detection?: DetectionInfo;
  readonly logs: RelatedLogs;
  readonly locale: Locale;
  readonly botName: string;
  readonly formatTime: (instant: Date) => string;
  readonly alarmTime: Date;
  readonly accountName?: string;
  readonly now: Date;
  /** @default false */
  readonly followUp?: boolean;
}

/** Neither raised nor lowered: an alarm the catalog does not know. */
const UNKNOWN_SEVERITY: Severity = 'medium';

export function buildAlert(input: AlertInput): Alert {
  const { notice, logs, detection } = input;
  const kind: Alert['kind'] = notice.state === 'OK' ? 'resolved' : detection || logs.kind === 'found' ? 'detection' : 'alarm';
  const events: AlertEvent[] =
    logs.kind === 'found'
      ? logs.events.map((summary) =>
          summary.kind === 'cloudtrail' ? { summary, verdict: verdictOf(summary), historyLink: eventHistoryLink(summary.region, summary.eventId) } : { summary },
        )
      : [];
  const alarmCount = notice.timing.datapointValues.length > 0 ? notice.timing.datapointValues.reduce((a, b) => a + b, 0) : undefined;
  return {
    kind,
    followUp: input.followUp ?? false,
    locale: input.locale,
    botName: input.botName,
    formatTime: input.formatTime,
    title: detection?.title ?? notice.alarmName,
    severity: detection?.severity ?? UNKNOWN_SEVERITY,
    firstAction: kind === 'detection' ? detection?.firstAction : undefined,
    alarmName: notice.alarmName,
    alarmTime: input.alarmTime,
    alarmRegion: notice.regionCode,
    accountId: notice.accountId,
    accountName: input.accountName,
    description: notice.description,
    reason: notice.reason,
    logs,
    counts:
      logs.kind === 'found'
        ? {
            alarm: alarmCount,
            logs: logs.matched,
            shown: events.length,
            complete: logs.complete,
            moreMayArrive: input.now.getTime() - logs.window.endMs < LATE_DELIVERY_MS,
          }
        : undefined,
    events,
    rollup: logs.kind === 'found' ? logs.rollup : undefined,
    links: {
      alarm: alarmLink(notice.regionCode, notice.alarmName),
      insights: logs.kind === 'found' ? insightsLink(notice.regionCode, logs.logGroups, logs.window) : undefined,
    },
  };
}
