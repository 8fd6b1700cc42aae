import { type CloudTrailRecord, MAX_REASON, notCloudTrailReason, notJsonReason } from '../replay/cloudtrail-record';
import { DetectionTally } from '../replay/detection-tally';
import type { ReplayDetection } from '../replay/replay';
import { MAX_REPORTED_PROBLEMS, type DetectionReport, type Problem, type ReplayReport } from '../replay/report';
import { type Backoff, type FilterLogEvents, filterPages } from './filter-pages';

/** What a terminal's progress line shows; updated in place. */
export interface HuntProgress {
  detection: string;
  /** From 1. */
  detectionIndex: number;
  detectionsTotal: number;
  pages: number;
  matches: number;
  throttled: number;
}

export interface HuntOptions {
  readonly progress?: HuntProgress;
  readonly backoff?: Backoff;
  readonly onProblem?: (problem: Problem) => void;
}

/**
 * Runs each detection's deployed filter pattern over a log group with FilterLogEvents — CloudWatch Logs
 * itself decides what matches, exactly as the metric filter does — and tallies the matching CloudTrail
 * records into the report `replay` prints (replay/report.ts), alarm periods included. `events` counts the
 * distinct events that matched some detection: FilterLogEvents returns matches only.
 * `since` inclusive, `until` exclusive.
 */
export async function hunt(filterLogEvents: FilterLogEvents, logGroupName: string, detections: readonly ReplayDetection[], since: Date, until: Date, options: HuntOptions = {}): Promise<ReplayReport> {
  const progress = options.progress ?? { detection: '', detectionIndex: 0, detectionsTotal: 0, pages: 0, matches: 0, throttled: 0 };
  progress.detectionsTotal = detections.length;
  const problems: Problem[] = [];
  let skipped = 0;
  const seen = new Set<string>();
  let first: string | undefined;
  let last: string | undefined;
  const reports: Record<string, DetectionReport> = {};

  for (const [index, detection] of detections.entries()) {
    Object.assign(progress, { detection: detection.name, detectionIndex: index + 1 });
    const tally = new DetectionTally(detection);
    const search = { logGroupName, filterPattern: detection.pattern, startTime: since.getTime(), endTime: until.getTime() - 1 };
    const backoff = { ...options.backoff, onThrottled: () => void progress.throttled++ };
    for await (const page of filterPages(filterLogEvents, search, backoff)) {
      progress.pages++;
      for (const event of page) {
        const record = parseRecord(event.message ?? '');
        if (typeof record === 'string') {
          skipped++;
          const problem = { file: `${logGroupName} ${event.logStreamName ?? ''}`.trim(), reason: `${detection.name}: event ${event.eventId ?? '?'}: ${record}` };
          if (problems.length < MAX_REPORTED_PROBLEMS) problems.push(problem);
          options.onProblem?.(problem);
          continue;
        }
        tally.add(record, Date.parse(record.eventTime));
        progress.matches++;
        seen.add(typeof record.eventID === 'string' ? record.eventID : (event.eventId ?? ''));
        if (first === undefined || record.eventTime < first) first = record.eventTime;
        if (last === undefined || record.eventTime > last) last = record.eventTime;
      }
    }
    reports[detection.name] = tally.report();
  }
  return { events: seen.size, skipped, ...(first !== undefined && { firstEventTime: first, lastEventTime: last }), detections: reports, problems };
}

/** The CloudTrail record of a log event, or why it is not one. */
function parseRecord(message: string): (CloudTrailRecord & { readonly eventID?: unknown }) | string {
  let record: unknown;
  try {
    record = JSON.parse(message);
  } catch (error) {
    return notJsonReason(error);
  }
  const reason = notCloudTrailReason(record);
  if (reason !== undefined) return reason;
  const trail = record as CloudTrailRecord;
  if (Number.isNaN(Date.parse(trail.eventTime))) return `eventTime is not a timestamp: ${JSON.stringify(trail.eventTime).slice(0, MAX_REASON)}`;
  return trail;
}
