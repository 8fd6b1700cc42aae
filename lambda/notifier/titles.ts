/**
 * The human title of an alarm: the detection catalog's title for built-in detections, the
 * operator's DETECTION_TITLES for custom ones, else the alarm name itself.
 */
import type { Detection, Locale, Titles } from '../../catalog/types';

export type TitleBook = ReadonlyMap<string, Titles>;

/** Catalog titles, with custom titles taking precedence for the same name. */
export function createTitleBook(
  catalog: readonly Pick<Detection, 'name' | 'title'>[],
  custom: Readonly<Record<string, Titles>>,
): TitleBook {
  return new Map<string, Titles>([...catalog.map((d) => [d.name, d.title] as const), ...Object.entries(custom)]);
}

/** AlarmName = prefix + detection name; an alarm without the prefix is looked up as is. */
export function detectionNameOf(alarmName: string, prefix: string): string {
  return prefix && alarmName.startsWith(prefix) ? alarmName.slice(prefix.length) : alarmName;
}

export function titleOf(book: TitleBook, alarmName: string, prefix: string, locale: Locale): string {
  return book.get(detectionNameOf(alarmName, prefix))?.[locale] ?? alarmName;
}
