/**
 * The alert as lines of plain text, shared by the renderers (each lays them out its own way: Dooray! text,
 * Slack mrkdwn sections, Teams TextBlocks and facts). Every value is one line, clipped to its field's size.
 */
import type { Alert, AlertEvent } from '../alert';
import type { Rollup } from '../related-logs';
import { STRINGS, type MessageStrings } from '../strings';

/** Longest value shown per field, in characters; longer values end with `…`. */
export const FIELD_CHARS = {
  title: 120,
  alarmName: 255,
  logGroups: 300,
  action: 160,
  principal: 200,
  error: 120,
  short: 64,
  region: 32,
  raw: 300,
  reason: 200,
  description: 600,
} as const;

export const stringsOf = (alert: Alert): MessageStrings => STRINGS[alert.locale];

/** Characters as a reader counts them (code points, so a surrogate pair is never split). */
export function charCount(value: string): number {
  let n = 0;
  for (const _ of value) n += 1;
  return n;
}

/** One line (control characters and line breaks become spaces), at most `max` characters. */
export function clip(value: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const line = value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
  return charCount(line) <= max ? line : `${Array.from(line).slice(0, max - 1).join('')}…`;
}

/** Cuts a text to `max` characters, marking the cut. */
export function clipText(text: string, max: number): string {
  return charCount(text) <= max ? text : `${Array.from(text).slice(0, max - 1).join('')}…`;
}

export function headline(alert: Alert): string {
  const s = stringsOf(alert);
  const title = clip(alert.title, FIELD_CHARS.title);
  if (alert.kind === 'resolved') return s.resolvedHeadline(title);
  return `[${s.severity[alert.severity]}] ${alert.followUp ? s.followUpHeadline(title) : s.headline(title)}`;
}

export function accountText(alert: Alert): string {
  const id = clip(alert.accountId ?? '-', FIELD_CHARS.short);
  return alert.accountName ? `${id} (${clip(alert.accountName, FIELD_CHARS.short)})` : id;
}

/** The facts under the headline, as label/value pairs; `shown` is how many events this rendering shows. */
export function facts(alert: Alert, shown: number): [string, string][] {
  const s = stringsOf(alert);
  const rows: [string, string][] = [
    [s.alarmTime, alert.formatTime(alert.alarmTime)],
    [s.alarmName, clip(alert.alarmName, FIELD_CHARS.alarmName)],
    [s.account, accountText(alert)],
    [s.alarmRegion, clip(alert.alarmRegion ?? '-', FIELD_CHARS.region)],
  ];
  const logs = alert.logs;
  if (logs.kind === 'found' || (logs.kind === 'failed' && logs.logGroups.length > 0)) rows.push([s.logGroup, clip(logs.logGroups.join(', '), FIELD_CHARS.logGroups)]);
  if (alert.counts) rows.push([s.counts, s.countParts(alert.counts.alarm, alert.counts.logs, alert.counts.complete, shown)]);
  if (alert.kind === 'alarm' || alert.kind === 'resolved') {
    if (alert.description) rows.push([s.description, clip(alert.description, FIELD_CHARS.description)]);
    if (alert.reason) rows.push([s.reason, clip(alert.reason, FIELD_CHARS.description)]);
  }
  if (alert.firstAction) rows.push([s.firstAction, clip(alert.firstAction, FIELD_CHARS.description)]);
  return rows;
}

/** What the lookup says when it shows no event list (or a note above it); undefined when there is nothing to say. */
export function lookupStatus(alert: Alert): string | undefined {
  const s = stringsOf(alert);
  const logs = alert.logs;
  switch (logs.kind) {
    case 'not-applicable':
      // Any other alarm says what it is through its description and reason.
      return alert.kind === 'detection' ? s.notApplicable[logs.why] : undefined;
    case 'aws-metric':
      return undefined;
    case 'no-filter':
      return s.noFilter(clip(`${logs.metric.namespace}/${logs.metric.name}`, FIELD_CHARS.action));
    case 'failed':
      return s.lookupFailed(clip(logs.error, FIELD_CHARS.reason));
    case 'found':
      if (logs.events.length === 0) {
        const range = s.noMatches(alert.formatTime(new Date(logs.window.startMs)), alert.formatTime(new Date(logs.window.endMs)));
        return `${range}${logs.cutShort ? ` ${s.cutShort}` : ''}`;
      }
      return logs.cutShort ? s.cutShort : undefined;
  }
}

/** One event: when, where, what (and the error); who, from where, which event; the verdict. */
export function eventLines(alert: Alert, event: AlertEvent): string[] {
  const e = event.summary;
  const time = alert.formatTime(e.time);
  if (e.kind === 'raw') return [`- ${time}  raw: ${clip(e.excerpt, FIELD_CHARS.raw)}`];
  const action = [e.eventSource, e.eventName].filter(Boolean).join('/') || '-';
  const first = [`- ${time}`];
  if (e.region) first.push(clip(e.region, FIELD_CHARS.region));
  first.push(clip(action, FIELD_CHARS.action));
  if (e.error) first.push(`err=${clip(e.error, FIELD_CHARS.error)}`);
  const second = [`  user=${clip(e.principal ?? '-', FIELD_CHARS.principal)}`];
  if (e.sourceIp) second.push(`ip=${clip(e.sourceIp, FIELD_CHARS.short)}`);
  if (e.eventId) second.push(`id=${clip(e.eventId, FIELD_CHARS.short)}`);
  const lines = [first.join('  '), second.join('  ')];
  if (event.verdict) lines.push(`  ${stringsOf(alert).verdict(event.verdict)}`);
  return lines;
}

export function rollupLines(alert: Alert, rollup: Rollup, total: number): string[] {
  const s = stringsOf(alert);
  const row = (label: string, counts: Rollup['principals']) =>
    counts.length === 0 ? [] : [`  ${label}: ${counts.map((c) => `${clip(c.value, FIELD_CHARS.principal)} ×${c.count}`).join(', ')}`];
  return [
    `${s.rollup(total)}:`,
    ...row(s.rollupRows.principals, rollup.principals),
    ...row(s.rollupRows.sourceIps, rollup.sourceIps),
    ...row(s.rollupRows.eventNames, rollup.eventNames),
    ...row(s.rollupRows.regions, rollup.regions),
  ];
}

/** Lines after the event list: failed groups, the roll-up, the late-delivery caveat. */
export function trailerLines(alert: Alert, withRollup: boolean): string[] {
  const s = stringsOf(alert);
  const logs = alert.logs;
  const lines: string[] = [];
  if (logs.kind === 'found') {
    for (const f of logs.failedGroups) lines.push(s.groupFailed(clip(f.logGroupName, FIELD_CHARS.action), clip(f.error, FIELD_CHARS.reason)));
    if (withRollup && alert.rollup) lines.push(...rollupLines(alert, alert.rollup, logs.matched));
  }
  if (alert.counts?.moreMayArrive) lines.push(s.moreMayArrive);
  return lines;
}

/** The minimal message: title, alarm, account, time, count and links, one per line. */
export function minimalLines(alert: Alert): string[] {
  const s = stringsOf(alert);
  const lines = [
    `${headline(alert)} ${s.minimalNote}`,
    `${s.alarmName}: ${clip(alert.alarmName, FIELD_CHARS.alarmName)}`,
    `${s.account}: ${accountText(alert)}`,
    `${s.alarmTime}: ${alert.formatTime(alert.alarmTime)}`,
  ];
  const counts = alert.counts;
  if (counts) lines.push(s.matched(counts.alarm ?? counts.logs, counts.alarm === undefined && !counts.complete));
  if (alert.links.alarm) lines.push(alert.links.alarm);
  return lines;
}
