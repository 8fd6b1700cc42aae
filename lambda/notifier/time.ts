/**
 * Timestamps as CloudWatch writes them, and as the on-call reads them.
 */

/**
 * Parses the ISO-8601 timestamps of alarm payloads. CloudWatch writes offsets without a colon
 * (`2025-02-02T12:06:35.472+0000`), which is not ECMAScript's date-time format; V8 happens to
 * accept it, but the colon is restored first so the result does not depend on a fallback parser.
 */
export function parseAwsTimestamp(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const normalized = value.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(normalized)) return undefined;
  const ms = Date.parse(normalized);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/**
 * Datapoint times quoted in a state reason, e.g. `Threshold Crossed: 1 datapoint [1.0 (02/02/25 12:05:00)]
 * was greater than or equal to the threshold (1.0).` The format is `dd/MM/yy HH:mm:ss` in UTC
 * (reference: alarm-notifier-formats §3.1); each time is the start of a metric period.
 */
export function parseReasonDatapointTimes(reason: unknown): Date[] {
  if (typeof reason !== 'string') return [];
  const times: Date[] = [];
  for (const m of reason.matchAll(/\((\d{2})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})\)/g)) {
    const [, dd, mm, yy, hh, mi, ss] = m.map(Number);
    const ms = Date.UTC(2000 + yy, mm - 1, dd, hh, mi, ss);
    // Date.UTC rolls 31/02 over into March: keep only times that read back as written.
    if (new Date(ms).getUTCDate() === dd) times.push(new Date(ms));
  }
  return times;
}

/**
 * Datapoint values quoted in a state reason: `[40.0 (07/01/26 04:30:00)]` → 40. For a detection (Sum of 1 per
 * matching event) each value is the number of matches the metric counted in that period.
 */
export function parseReasonDatapointValues(reason: unknown): number[] {
  if (typeof reason !== 'string') return [];
  return [...reason.matchAll(/(-?\d+(?:\.\d+)?(?:E-?\d+)?) \(\d{2}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}\)/g)].map((m) => Number(m[1]));
}

/** `true` when the runtime knows the IANA zone. */
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Asia/Seoul is the default zone; ICU names it `GMT+9`, Korean readers expect `KST`. */
const ZONE_LABELS: Readonly<Record<string, string>> = { 'Asia/Seoul': 'KST' };

/**
 * Formats instants as `YYYY-MM-DD HH:MM:SS <zone>`: `KST` for Asia/Seoul, the zone's
 * abbreviation where ICU has a letter one (`UTC`, `EST`, `PDT`), the IANA name otherwise
 * (`Europe/Berlin` rather than `GMT+1`, which reads as a fixed offset).
 */
export function createTimeFormatter(zone: string): (instant: Date) => string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  });
  return (instant) => {
    const p: Record<string, string> = {};
    for (const { type, value } of parts.formatToParts(instant)) p[type] = value;
    const label = ZONE_LABELS[zone] ?? (/^[A-Z]{2,5}$/.test(p.timeZoneName ?? '') ? p.timeZoneName : zone);
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${label}`;
  };
}
