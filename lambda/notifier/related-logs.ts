/**
 * From an alarm to the CloudTrail events behind it: metric → metric filter(s) → matching events.
 * Never throws: a lookup failure must not block the alert, it becomes part of the message.
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { AlarmMetric } from './alarm';
import { summarizeLogEvent, type EventSummary } from './cloudtrail';
import { readMatchingEvents } from './log-events';
import { describeError, logDecision } from './log';
import type { MetricFilterDirectory, MetricRef } from './metric-filters';
import type { LogWindow } from './window';

export type RelatedLogs =
  /** The alarm has no single metric, so no metric filter leads back to log events. */
  | { readonly kind: 'not-applicable'; readonly why: Exclude<AlarmMetric['kind'], 'metric'> }
  /** An AWS service metric (`AWS/…`, a namespace no metric filter may publish to): the notifier's health alarms and the like. */
  | { readonly kind: 'aws-metric'; readonly metric: MetricRef }
  | { readonly kind: 'no-filter'; readonly metric: MetricRef }
  | { readonly kind: 'failed'; readonly logGroups: readonly string[]; readonly error: string }
  | {
      readonly kind: 'found';
      readonly logGroups: readonly string[];
      readonly window: LogWindow;
      /** The events to show: the oldest `maxEvents` matches. */
      readonly events: readonly EventSummary[];
      /** Every match the logs returned (each once). */
      readonly matched: number;
      /** False when more may exist than were read (time budget or read cap). */
      readonly complete: boolean;
      /** The time budget ended the reading before the results did. */
      readonly cutShort: boolean;
      /** Counts over every match, when not all are shown. */
      readonly rollup?: Rollup;
      /** The latest ingestion time among the matches read (none read: undefined). */
      readonly lastIngestionMs?: number;
      /** Log groups that could not be read while others could. */
      readonly failedGroups: readonly { readonly logGroupName: string; readonly error: string }[];
    };

export interface Count {
  readonly value: string;
  readonly count: number;
}

/** Who, from where, what and where, counted over every match: one actor behind 40 calls shows at once. */
export interface Rollup {
  readonly principals: readonly Count[];
  readonly sourceIps: readonly Count[];
  readonly eventNames: readonly Count[];
  readonly regions: readonly Count[];
}

/** Values kept per roll-up dimension, most frequent first. */
export const ROLLUP_TOP = 3;

export function rollUp(events: readonly EventSummary[]): Rollup {
  const top = (pick: (e: Extract<EventSummary, { kind: 'cloudtrail' }>) => string | undefined): Count[] => {
    const counts = new Map<string, number>();
    for (const e of events) {
      const value = e.kind === 'cloudtrail' ? pick(e) : undefined;
      if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    return [...counts]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, ROLLUP_TOP)
      .map(([value, count]) => ({ value, count }));
  };
  return { principals: top((e) => e.principal), sourceIps: top((e) => e.sourceIp), eventNames: top((e) => e.eventName), regions: top((e) => e.region) };
}

export interface RelatedLogsDeps {
  readonly client: CloudWatchLogsClient;
  readonly directory: MetricFilterDirectory;
}

export interface LookupOptions {
  readonly maxEvents: number;
  /** Keep only events ingested after this instant. */
  readonly ingestedAfterMs?: number;
  /** Fires when the lookup's share of the invocation's time is spent. */
  readonly signal: AbortSignal;
}

export async function findRelatedLogs(
  deps: RelatedLogsDeps,
  metric: AlarmMetric,
  window: LogWindow,
  options: LookupOptions,
): Promise<RelatedLogs> {
  if (metric.kind !== 'metric') return { kind: 'not-applicable', why: metric.kind };
  if (metric.namespace.startsWith('AWS/')) return { kind: 'aws-metric', metric: { name: metric.name, namespace: metric.namespace } };
  let logGroups: string[] = [];
  try {
    const filters = await deps.directory.find(metric, options.signal);
    if (filters.length === 0) return { kind: 'no-filter', metric: { name: metric.name, namespace: metric.namespace } };
    logGroups = [...new Set(filters.map((f) => f.logGroupName))];
    const read = await readMatchingEvents(deps.client, filters, window, { signal: options.signal, ingestedAfterMs: options.ingestedAfterMs });
    const failedGroups = read.failures.map((f) => ({ logGroupName: f.logGroupName, error: describeError(f.error) }));
    for (const f of failedGroups) logDecision('warn', 'log-group-unreadable', { logGroupName: f.logGroupName, error: f.error });
    if (failedGroups.length === filters.length) return { kind: 'failed', logGroups, error: failedGroups[0].error };
    const all = read.events.map((e) => summarizeLogEvent(e.message, e.timestamp));
    return {
      kind: 'found',
      logGroups,
      window,
      events: all.slice(0, options.maxEvents),
      matched: all.length,
      complete: read.complete,
      cutShort: read.cutShort,
      ...(all.length > options.maxEvents ? { rollup: rollUp(all) } : {}),
      ...(read.events.length > 0 ? { lastIngestionMs: Math.max(...read.events.map((e) => e.ingestionTime)) } : {}),
      failedGroups,
    };
  } catch (error) {
    const reason = options.signal.aborted ? 'time budget spent' : describeError(error);
    logDecision('warn', 'logs-lookup-failed', { metric: `${metric.namespace}/${metric.name}`, error: reason });
    return { kind: 'failed', logGroups, error: reason };
  }
}
