import type { CompiledDetection } from '../catalog/types';
import { compileMatcher, type Matcher, needsSourceText } from '../pattern/evaluate';
import { parsePattern } from '../pattern/parse';
import { type CloudTrailRecord, MAX_REASON, notCloudTrailReason, notJsonReason } from './cloudtrail-record';
import { DetectionTally, type TallySnapshot } from './detection-tally';
import { EventNameDispatch } from './event-name-dispatch';
import { forEachLine, linesText, logEventText } from './line-blocks';
import type { Problem } from './report';

/** What replay needs of a detection: its deployed filter pattern and alarm settings. */
export type ReplayDetection = Pick<CompiledDetection, 'name' | 'pattern' | 'period' | 'threshold' | 'evaluationPeriods'>;

/**
 * A unit of work: the bytes of whole JSON lines, record texts split from a `Records` file, or the records of a
 * whole `Records` file already parsed (see read-input.ts; only for a processor whose {@link RecordProcessor.needsRecordText}
 * is false). Structured-clone safe.
 */
export type Block =
  | { readonly kind: 'lines'; readonly file: string; readonly bytes: Uint8Array; readonly firstLine: number }
  | { readonly kind: 'records'; readonly file: string; readonly texts: readonly string[]; readonly firstRecord: number }
  | { readonly kind: 'events'; readonly file: string; readonly events: readonly unknown[]; readonly firstRecord: number };

/** A processor's totals as plain data, to send from a worker thread and merge. */
export interface ProcessorSnapshot {
  readonly events: number;
  readonly firstEventTime?: string;
  readonly lastEventTime?: string;
  /** In detection order. */
  readonly tallies: readonly TallySnapshot[];
}

/**
 * The hot path of replay: parses each record once, checks it is CloudTrail, runs the detections that may
 * match its event name (see event-name-dispatch.ts) with the evaluator of pattern/evaluate.ts — the
 * semantics the deployed metric filters have — and tallies the matches. One per thread.
 */
export class RecordProcessor {
  private readonly matchers: Matcher[];
  /** Whether some detection may read a record's own JSON text (a number compared as text): then records must come as text. */
  readonly needsRecordText: boolean;
  private readonly dispatch: EventNameDispatch;
  private readonly tallies: DetectionTally[];
  private events = 0;
  // ISO 8601 UTC times in one format order as text, so the span costs no date parsing per event.
  private firstTime: string | undefined;
  private lastTime: string | undefined;

  constructor(
    detections: readonly ReplayDetection[],
    private readonly problem: (problem: Problem) => void,
  ) {
    const patterns = detections.map((detection) => parsePattern(detection.pattern));
    this.matchers = patterns.map((pattern) => compileMatcher(pattern));
    this.needsRecordText = patterns.some(needsSourceText);
    this.dispatch = new EventNameDispatch(patterns);
    this.tallies = detections.map((detection) => new DetectionTally(detection));
  }

  get eventCount(): number {
    return this.events;
  }

  process(block: Block): void {
    const { file } = block;
    if (block.kind === 'lines') {
      forEachLine(linesText(block.bytes), block.firstLine, (text, line) => {
        const json = logEventText(text);
        if (isBlank(json)) return;
        const reason = this.record(json);
        if (reason !== undefined) this.problem({ file, line, reason });
      });
    } else if (block.kind === 'records') {
      const { texts, firstRecord } = block;
      for (let i = 0; i < texts.length; i++) {
        const reason = this.record(texts[i]);
        if (reason !== undefined) this.problem({ file, record: firstRecord + i, reason });
      }
    } else {
      const { events, firstRecord } = block;
      for (let i = 0; i < events.length; i++) {
        const reason = this.event(events[i]);
        if (reason !== undefined) this.problem({ file, record: firstRecord + i, reason });
      }
    }
  }

  /** Handles one record's JSON text; returns why it was skipped, or `undefined`. */
  record(json: string): string | undefined {
    let event: unknown;
    try {
      event = JSON.parse(json);
    } catch (error) {
      return notJsonReason(error);
    }
    return this.event(event, json);
  }

  /** Handles one parsed record, given with its JSON text when it has one; returns why it was skipped, or `undefined`. */
  private event(event: unknown, json?: string): string | undefined {
    const reason = notCloudTrailReason(event);
    if (reason !== undefined) return reason;
    const trail = event as CloudTrailRecord;
    const candidates = this.dispatch.candidates(trail.eventName);
    let time = 0;
    for (let k = 0; k < candidates.length; k++) {
      const i = candidates[k];
      if (!this.matchers[i](event, json)) continue;
      // Only matches need their time (for alarm periods): no date parsing for the other events.
      time ||= Date.parse(trail.eventTime);
      if (Number.isNaN(time)) return `eventTime is not a timestamp: ${JSON.stringify(trail.eventTime).slice(0, MAX_REASON)}`;
      this.tallies[i].add(trail, time);
    }
    this.events++;
    if (this.firstTime === undefined || trail.eventTime < this.firstTime) this.firstTime = trail.eventTime;
    if (this.lastTime === undefined || trail.eventTime > this.lastTime) this.lastTime = trail.eventTime;
    return undefined;
  }

  snapshot(): ProcessorSnapshot {
    return {
      events: this.events,
      ...(this.firstTime !== undefined && { firstEventTime: this.firstTime, lastEventTime: this.lastTime }),
      tallies: this.tallies.map((tally) => tally.snapshot()),
    };
  }
}

function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  const first = text.charCodeAt(0);
  return (first === 32 || first === 9 || first === 13) && text.trim() === '';
}
