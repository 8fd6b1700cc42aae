/**
 * What the message says about a detection: its title, severity and first action. Built-in detections come
 * from the detection catalog, custom ones from the operator's DETECTION_TITLES (title only); an alarm that is
 * neither is not a detection, and is shown under its own name.
 */
import type { Detection, Locale, Severity, Titles } from '../../catalog/types';

export interface DetectionInfo {
  readonly title: string;
  readonly severity: Severity;
  readonly firstAction?: string;
}

type Entry = Pick<Detection, 'title'> & Partial<Pick<Detection, 'severity' | 'firstAction'>>;
export type TitleBook = ReadonlyMap<string, Entry>;

/** A custom detection's severity: the operator did not say, so neither raised nor lowered. */
const CUSTOM_SEVERITY: Severity = 'medium';

/** Catalog entries, with custom titles taking precedence for the same name. */
export function createTitleBook(catalog: readonly (Entry & Pick<Detection, 'name'>)[], custom: Readonly<Record<string, Titles>>): TitleBook {
  return new Map<string, Entry>([...catalog.map((d) => [d.name, d] as const), ...Object.entries(custom).map(([name, title]) => [name, { title }] as const)]);
}

/** AlarmName = prefix + detection name; an alarm without the prefix is looked up as is. */
export function detectionNameOf(alarmName: string, prefix: string): string {
  return prefix && alarmName.startsWith(prefix) ? alarmName.slice(prefix.length) : alarmName;
}

export function detectionOf(book: TitleBook, alarmName: string, prefix: string, locale: Locale): DetectionInfo | undefined {
  const entry = book.get(detectionNameOf(alarmName, prefix));
  if (!entry) return undefined;
  return { title: entry.title[locale], severity: entry.severity ?? CUSTOM_SEVERITY, firstAction: entry.firstAction?.[locale] };
}

export function titleOf(book: TitleBook, alarmName: string, prefix: string, locale: Locale): string {
  return detectionOf(book, alarmName, prefix, locale)?.title ?? alarmName;
}
