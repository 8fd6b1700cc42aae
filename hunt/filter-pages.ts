import type { FilteredLogEvent, FilterLogEventsCommandInput, FilterLogEventsCommandOutput } from '@aws-sdk/client-cloudwatch-logs';

/** One FilterLogEvents call: the SDK client at the edge (cli/hunt.ts), a stand-in's in tests. */
export type FilterLogEvents = (input: FilterLogEventsCommandInput) => Promise<Pick<FilterLogEventsCommandOutput, 'events' | 'nextToken'>>;

/**
 * Every page of one FilterLogEvents search, oldest first. What shapes the loop (CloudWatch Logs API
 * Reference, FilterLogEvents, https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html):
 * a page holds at most 1 MB or 10,000 events, "can return empty results while there are more log events
 * available through the token", and only a missing `nextToken` ends the search. The API's quota is 5
 * transactions per second per account and Region, not adjustable (AWS Knowledge Center, "How do I
 * determine throttling in my CloudWatch logs?", https://repost.aws/knowledge-center/cloudwatch-logs-throttling),
 * and AWS asks for exponential backoff with jitter on ThrottlingException.
 */
export interface FilterSearch {
  readonly logGroupName: string;
  readonly filterPattern: string;
  /** Milliseconds since the epoch, inclusive. */
  readonly startTime: number;
  /** Milliseconds since the epoch, inclusive (the API returns events up to and including it). */
  readonly endTime: number;
}

export interface Backoff {
  /** Throttled attempts of one page before giving up. @default 10 */
  readonly maxRetries?: number;
  /** The first wait; each next one doubles, up to `maxDelayMs`, with full jitter. @default 250 */
  readonly baseDelayMs?: number;
  /** @default 10000 */
  readonly maxDelayMs?: number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Math.random */
  readonly random?: () => number;
  /** Called before each wait, with the throttled page's number (from 1). */
  readonly onThrottled?: (page: number) => void;
}

/** Errors CloudWatch Logs answers when the caller goes faster than the quota. */
const THROTTLING = new Set(['ThrottlingException', 'RequestLimitExceeded', 'RateExceeded', 'TooManyRequestsException']);

export async function* filterPages(filterLogEvents: FilterLogEvents, search: FilterSearch, backoff: Backoff = {}): AsyncGenerator<readonly FilteredLogEvent[]> {
  const { maxRetries = 10, baseDelayMs = 250, maxDelayMs = 10_000, random = Math.random, onThrottled } = backoff;
  const sleep = backoff.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let nextToken: string | undefined;
  let page = 0;
  do {
    page++;
    for (let attempt = 0; ; attempt++) {
      try {
        const reply = await filterLogEvents({ ...search, nextToken });
        nextToken = reply.nextToken;
        yield reply.events ?? [];
        break;
      } catch (error) {
        if (!THROTTLING.has((error as { name?: string }).name ?? '') || attempt >= maxRetries) throw error;
        onThrottled?.(page);
        await sleep(Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt)));
      }
    }
  } while (nextToken !== undefined);
}
