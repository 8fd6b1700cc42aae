/**
 * What the message says about a detection: its title, severity and first action in the message's language,
 * from the detection's record (detection-records.ts). An alarm without one is not a detection, and is shown
 * under its own name.
 */
import type { Locale, Severity } from '../../catalog/types';
import type { DetectionRecord } from './detection-records';

export interface DetectionInfo {
  readonly title: string;
  readonly severity: Severity;
  readonly firstAction?: string;
}

/** AlarmName = prefix + detection name; an alarm without the prefix is looked up as is. */
export function detectionNameOf(alarmName: string, prefix: string): string {
  return prefix && alarmName.startsWith(prefix) ? alarmName.slice(prefix.length) : alarmName;
}

export function detectionInfo(record: DetectionRecord | undefined, locale: Locale): DetectionInfo | undefined {
  return record && { title: record.title[locale], severity: record.severity, firstAction: record.firstAction?.[locale] };
}
