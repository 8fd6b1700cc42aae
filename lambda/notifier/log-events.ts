/**
 * Re-reads the events that made an alarm fire: FilterLogEvents with the metric filter's own
 * pattern over the alarm's window. Semantics that shape the loop (reference:
 * alarm-notifier-formats §4.2): a page may be partially full or even empty while `nextToken` is
 * present, and only a missing `nextToken` ends the results; events come oldest first; `limit`
 * caps a page, it does not promise to fill it.
 */
import { FilterLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { MetricFilterRef } from './metric-filters';
import type { LogWindow } from './window';

/**
 * Events asked for per page: the API's maximum, so a busy window costs few round trips (a page also stops at
 * 1 MB). Every page is read, within the time budget, so the count of matches is exact.
 */
export const PAGE_LIMIT = 10_000;

/** Most events read per alarm (a few KB each): beyond it the count is a lower bound, and memory stays bounded. */
export const MAX_EVENTS_READ = 10_000;

export interface RawLogEvent {
  readonly logGroupName: string;
  readonly eventId?: string;
  readonly timestamp: number;
  /** When CloudWatch Logs received it (CloudTrail delivers minutes after the event's own time). */
  readonly ingestionTime: number;
  readonly message: string;
}

export interface MatchingEvents {
  /** Every match read, once each, oldest first. */
  readonly events: readonly RawLogEvent[];
  /** False when more matches may exist than were read (the time budget or {@link MAX_EVENTS_READ} stopped the reading). */
  readonly complete: boolean;
  /** True when the time budget stopped the reading before the results ended. */
  readonly cutShort: boolean;
  /** Log groups that could not be read, with the reason; the others still count. */
  readonly failures: readonly { readonly logGroupName: string; readonly error: unknown }[];
}

export interface ReadOptions {
  /** Keep only events ingested after this instant (a follow-up reads what arrived since the last message). */
  readonly ingestedAfterMs?: number;
  /** Aborts in-flight requests when the lookup's time budget is spent. */
  readonly signal: AbortSignal;
}

/** Reads every filter's matches concurrently (normally there is one filter). */
export async function readMatchingEvents(
  client: CloudWatchLogsClient,
  filters: readonly MetricFilterRef[],
  window: LogWindow,
  options: ReadOptions,
): Promise<MatchingEvents> {
  const results = await Promise.allSettled(filters.map((f) => readFilter(client, f, window, options)));
  const seen = new Set<string>();
  const events: RawLogEvent[] = [];
  const failures: { logGroupName: string; error: unknown }[] = [];
  let stoppedEarly = false;
  let cutShort = false;
  results.forEach((result, i) => {
    if (result.status === 'rejected') {
      failures.push({ logGroupName: filters[i].logGroupName, error: result.reason });
      return;
    }
    stoppedEarly ||= result.value.stoppedEarly;
    cutShort ||= result.value.cutShort;
    for (const e of result.value.events) {
      // Two filters on one log group can both match an event; show it once.
      const key = e.eventId ? `${e.logGroupName}\u0000${e.eventId}` : undefined;
      if (key && seen.has(key)) continue;
      if (key) seen.add(key);
      events.push(e);
    }
  });
  events.sort((a, b) => a.timestamp - b.timestamp);
  return { events, complete: !stoppedEarly && !cutShort, cutShort, failures };
}

interface FilterResult {
  readonly events: RawLogEvent[];
  /** A `nextToken` was left unread. */
  readonly stoppedEarly: boolean;
  readonly cutShort: boolean;
}

async function readFilter(client: CloudWatchLogsClient, filter: MetricFilterRef, window: LogWindow, options: ReadOptions): Promise<FilterResult> {
  const events: RawLogEvent[] = [];
  let nextToken: string | undefined;
  for (;;) {
    if (options.signal.aborted) return { events, stoppedEarly: true, cutShort: true };
    let page;
    try {
      page = await client.send(
        new FilterLogEventsCommand({
          logGroupName: filter.logGroupName,
          filterPattern: filter.filterPattern,
          startTime: window.startMs,
          endTime: window.endMs,
          limit: PAGE_LIMIT,
          nextToken,
        }),
        { abortSignal: options.signal },
      );
    } catch (error) {
      // Out of time: keep what was read. Any other failure is the caller's to report.
      if (options.signal.aborted) return { events, stoppedEarly: true, cutShort: true };
      throw error;
    }
    for (const e of page.events ?? []) {
      const ingestionTime = e.ingestionTime ?? e.timestamp ?? 0;
      if (options.ingestedAfterMs !== undefined && ingestionTime <= options.ingestedAfterMs) continue;
      events.push({ logGroupName: filter.logGroupName, eventId: e.eventId, timestamp: e.timestamp ?? 0, ingestionTime, message: e.message ?? '' });
    }
    // A token equal to the one just sent would loop forever; the AWS CLI guards the same way.
    const more = !!page.nextToken && page.nextToken !== nextToken;
    if (!more) return { events, stoppedEarly: false, cutShort: false };
    if (events.length >= MAX_EVENTS_READ) return { events, stoppedEarly: true, cutShort: false };
    nextToken = page.nextToken;
  }
}
