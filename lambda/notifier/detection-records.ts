/**
 * What the message says about each detection (title, severity, first action) reaches the Lambda from the stack,
 * as one item per detection in the notifier's table, rather than bundled: the catalog stays the single source
 * (stacks/notifier.ts writes the items from it), and editing it changes table items, not the function's code
 * hash, so no account redeploys the function for a wording change.
 *
 * Why a table item: Lambda caps the environment at 4 KB in total (docs.aws.amazon.com/lambda/latest/dg/
 * configuration-envvars.html), which 17 detections' titles and first actions in Korean (3 bytes a character)
 * already exceed; the alarm description (1,024 characters, carried by every notification) belongs to the
 * detections stack and is read by people in the console. The GetItem runs beside the decrypt and the metric
 * filter lookup, so it adds no sequential round trip, and its result is kept per container for 10 minutes.
 */
import type { Severity, Titles } from '../../catalog/types';
import type { AwsCaller } from './aws-request';
import { getItem, RECORD_KEY, type Item } from './dynamodb';

export interface DetectionRecord {
  readonly name: string;
  readonly title: Titles;
  readonly severity: Severity;
  readonly firstAction?: Titles;
}

/** Keys of detection items; delivery records are keyed by alarm ARN (`arn:…`), so the two never meet. */
export const detectionKey = (name: string): string => `detection|${name}`;

/** The item the stack writes (DynamoDB JSON). */
export function detectionItem(d: DetectionRecord): Item {
  return {
    [RECORD_KEY]: { S: detectionKey(d.name) },
    titleKo: { S: d.title.ko },
    titleEn: { S: d.title.en },
    severity: { S: d.severity },
    ...(d.firstAction ? { firstActionKo: { S: d.firstAction.ko }, firstActionEn: { S: d.firstAction.en } } : {}),
  };
}

export function parseDetectionItem(name: string, item: Item): DetectionRecord | undefined {
  const ko = item.titleKo?.S;
  const en = item.titleEn?.S;
  const severity = item.severity?.S;
  if (!ko || !en || (severity !== 'high' && severity !== 'medium' && severity !== 'low')) return undefined;
  const actionKo = item.firstActionKo?.S;
  const actionEn = item.firstActionEn?.S;
  return { name, title: { ko, en }, severity, ...(actionKo && actionEn ? { firstAction: { ko: actionKo, en: actionEn } } : {}) };
}

export interface DetectionDirectory {
  /** The detection's record; undefined when the alarm is not a detection (or its item is missing). */
  find(name: string, signal: AbortSignal): Promise<DetectionRecord | undefined>;
}

/**
 * @param ttlMs @default 600_000 (10 minutes): a wording change reaches warm containers within that.
 */
export function createDetectionDirectory(caller: AwsCaller, table: () => string, ttlMs = 600_000, now: () => number = Date.now): DetectionDirectory {
  const cache = new Map<string, { readonly at: number; readonly record: Promise<DetectionRecord | undefined> }>();
  return {
    find(name, signal) {
      const hit = cache.get(name);
      if (hit && now() - hit.at < ttlMs) return hit.record;
      const record = getItem(caller, table(), detectionKey(name), signal).then((item) => (item ? parseDetectionItem(name, item) : undefined));
      const entry = { at: now(), record };
      cache.set(name, entry);
      record.catch(() => {
        if (cache.get(name) === entry) cache.delete(name);
      });
      return record;
    },
  };
}
