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
  | { readonly kind: 'no-filter'; readonly metric: MetricRef }
  | { readonly kind: 'failed'; readonly logGroups: readonly string[]; readonly error: string }
  | {
      readonly kind: 'found';
      readonly logGroups: readonly string[];
      readonly window: LogWindow;
      readonly events: readonly EventSummary[];
      readonly moreCount: number;
      readonly moreIsLowerBound: boolean;
      /** The time budget ended the reading before the results did. */
      readonly cutShort: boolean;
      /** Log groups that could not be read while others could. */
      readonly failedGroups: readonly { readonly logGroupName: string; readonly error: string }[];
    };

export interface RelatedLogsDeps {
  readonly client: CloudWatchLogsClient;
  readonly directory: MetricFilterDirectory;
}

export interface LookupOptions {
  readonly maxEvents: number;
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
  let logGroups: string[] = [];
  try {
    const filters = await deps.directory.find(metric, options.signal);
    if (filters.length === 0) return { kind: 'no-filter', metric: { name: metric.name, namespace: metric.namespace } };
    logGroups = [...new Set(filters.map((f) => f.logGroupName))];
    const read = await readMatchingEvents(deps.client, filters, window, options);
    const failedGroups = read.failures.map((f) => ({ logGroupName: f.logGroupName, error: describeError(f.error) }));
    for (const f of failedGroups) logDecision('warn', 'log-group-unreadable', { logGroupName: f.logGroupName, error: f.error });
    if (failedGroups.length === filters.length) return { kind: 'failed', logGroups, error: failedGroups[0].error };
    return {
      kind: 'found',
      logGroups,
      window,
      events: read.shown.map((e) => summarizeLogEvent(e.message, e.timestamp)),
      moreCount: read.moreCount,
      moreIsLowerBound: read.moreIsLowerBound,
      cutShort: read.cutShort,
      failedGroups,
    };
  } catch (error) {
    const reason = options.signal.aborted ? 'time budget spent' : describeError(error);
    logDecision('warn', 'logs-lookup-failed', { metric: `${metric.namespace}/${metric.name}`, error: reason });
    return { kind: 'failed', logGroups, error: reason };
  }
}
