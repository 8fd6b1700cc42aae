/**
 * The Dooray! message: everything the on-call needs in `text` (who did what, where, from which
 * IP, with which error), plus a console link as an attachment. Pure: same input, same message.
 */
import type { Locale } from '../../catalog/types';
import type { AlarmNotice } from './alarm';
import type { EventSummary } from './cloudtrail';
import type { RelatedLogs } from './related-logs';
import { STRINGS, type MessageStrings } from './strings';

/** Dooray! incoming hook body (reference: alarm-notifier-formats §5). */
export interface DoorayMessage {
  readonly botName: string;
  readonly text: string;
  readonly attachments?: readonly DoorayAttachment[];
}

export interface DoorayAttachment {
  readonly title?: string;
  readonly titleLink?: string;
  readonly text?: string;
  readonly color?: string;
}

/**
 * Hard cap on the characters of `text` plus attachments. Dooray! documents no limit; the only
 * figure found is an unverified ~4,000 characters (reference: alarm-notifier-formats §5, "keep
 * text + attachments ≲ 3–4 KB"), so 3,500 keeps a margin under it. A default message with five
 * events is about 1,500 characters; the cap binds only on oversized fields or many events.
 */
export const MAX_MESSAGE_CHARS = 3500;

/** Longest value shown per field, in characters; longer values end with `…`. */
const FIELD_CHARS = {
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
} as const;

export interface MessageInput {
  readonly notice: AlarmNotice;
  readonly title: string;
  readonly logs: RelatedLogs;
  readonly locale: Locale;
  readonly botName: string;
  /** Formats an instant in the configured zone (`YYYY-MM-DD HH:MM:SS KST`). */
  readonly formatTime: (instant: Date) => string;
  /** When the alarm changed state (or when the notifier got it, if the payload says nothing). */
  readonly alarmTime: Date;
}

export function buildMessage(input: MessageInput): DoorayMessage {
  const s = STRINGS[input.locale];
  const link = consoleLink(input.notice);
  const attachments: DoorayAttachment[] = link ? [{ title: s.consoleLink, titleLink: link, color: 'red' }] : [];
  const attachmentChars = attachments.reduce((n, a) => n + charCount(a.title ?? '') + charCount(a.titleLink ?? ''), 0);
  const text = fitText(input, s, MAX_MESSAGE_CHARS - attachmentChars);
  return attachments.length > 0 ? { botName: input.botName, text, attachments } : { botName: input.botName, text };
}

/**
 * The message to send when the service refuses the full one: title, alarm, account, time, count and the
 * console link, in plain text only (no attachment), short enough for any target.
 */
export function buildMinimalMessage(input: MessageInput): DoorayMessage {
  const s = STRINGS[input.locale];
  const { notice, logs } = input;
  const matched = logs.kind === 'found' ? logs.events.length + logs.moreCount : undefined;
  const lines = [
    `${s.headline(clip(input.title, FIELD_CHARS.title))} ${s.minimalNote}`,
    `${s.alarmName}: ${clip(notice.alarmName, FIELD_CHARS.alarmName)}`,
    `${s.account}: ${clip(notice.accountId ?? '-', FIELD_CHARS.short)}`,
    `${s.time}: ${input.formatTime(input.alarmTime)}`,
    ...(matched === undefined ? [] : [s.matched(matched, logs.kind === 'found' && logs.moreIsLowerBound)]),
  ];
  const link = consoleLink(notice);
  if (link) lines.push(link);
  return { botName: input.botName, text: lines.join('\n') };
}

/** Drops events from the end (counting them as "more") until the text fits, then cuts as a last resort. */
function fitText(input: MessageInput, s: MessageStrings, maxChars: number): string {
  const logs = input.logs;
  let shown = logs.kind === 'found' ? logs.events.length : 0;
  for (;;) {
    const text = renderText(input, s, shown);
    if (charCount(text) <= maxChars) return text;
    if (shown === 0) return clipKeepingLines(text, maxChars);
    shown -= 1;
  }
}

function renderText(input: MessageInput, s: MessageStrings, shownEvents: number): string {
  const { notice, logs } = input;
  const lines = [
    s.headline(clip(input.title, FIELD_CHARS.title)),
    `${s.time}: ${input.formatTime(input.alarmTime)}`,
    `${s.alarmName}: ${clip(notice.alarmName, FIELD_CHARS.alarmName)}`,
    `${s.account}: ${clip(notice.accountId ?? '-', FIELD_CHARS.short)}`,
    `${s.region}: ${clip(notice.regionCode ?? '-', FIELD_CHARS.region)}`,
  ];
  if (logs.kind === 'found' || (logs.kind === 'failed' && logs.logGroups.length > 0)) {
    lines.push(`${s.logGroup}: ${clip(logs.logGroups.join(', '), FIELD_CHARS.logGroups)}`);
  }
  lines.push('');
  switch (logs.kind) {
    case 'not-applicable':
      lines.push(`${s.relatedLogs}: ${s.notApplicable[logs.why]}`);
      break;
    case 'no-filter':
      lines.push(`${s.relatedLogs}: ${s.noFilter(clip(`${logs.metric.namespace}/${logs.metric.name}`, FIELD_CHARS.action))}`);
      break;
    case 'failed':
      lines.push(`${s.relatedLogs}: ${s.lookupFailed(clip(logs.error, FIELD_CHARS.reason))}`);
      break;
    case 'found': {
      if (logs.events.length === 0) {
        const range = s.noMatches(input.formatTime(new Date(logs.window.startMs)), input.formatTime(new Date(logs.window.endMs)));
        lines.push(`${s.relatedLogs}: ${range}${logs.cutShort ? ` ${s.cutShort}` : ''}`);
      } else {
        lines.push(`${s.relatedLogs}:${logs.cutShort ? ` ${s.cutShort}` : ''}`);
        for (const e of logs.events.slice(0, shownEvents)) lines.push(...eventLines(e, input.formatTime));
        const more = logs.moreCount + (logs.events.length - shownEvents);
        if (more > 0 || logs.moreIsLowerBound) lines.push(s.more(more, logs.moreIsLowerBound));
      }
      for (const f of logs.failedGroups) {
        lines.push(s.groupFailed(clip(f.logGroupName, FIELD_CHARS.action), clip(f.error, FIELD_CHARS.reason)));
      }
      break;
    }
  }
  return lines.join('\n');
}

/** One or two lines per event: when and what (and the error), then who, from where, which region, which event. */
function eventLines(e: EventSummary, formatTime: (d: Date) => string): string[] {
  if (e.kind === 'raw') return [`- ${formatTime(e.time)}  raw: ${clip(e.excerpt, FIELD_CHARS.raw)}`];
  const action = [e.eventSource, e.eventName].filter(Boolean).join('/') || '-';
  const first = [`- ${formatTime(e.time)}`, clip(action, FIELD_CHARS.action)];
  if (e.error) first.push(`err=${clip(e.error, FIELD_CHARS.error)}`);
  const second = [`  user=${clip(e.principal ?? '-', FIELD_CHARS.principal)}`];
  if (e.sourceIp) second.push(`ip=${clip(e.sourceIp, FIELD_CHARS.short)}`);
  if (e.region) second.push(`region=${clip(e.region, FIELD_CHARS.region)}`);
  if (e.eventId) second.push(`id=${clip(e.eventId, FIELD_CHARS.short)}`);
  return [first.join('  '), second.join('  ')];
}

/** Deep link to the alarm in the console of its partition; none without a region. */
function consoleLink(notice: AlarmNotice): string | undefined {
  const region = notice.regionCode;
  if (!region || !/^[a-z0-9-]+$/.test(region)) return undefined;
  const host = region.startsWith('cn-')
    ? 'console.amazonaws.cn'
    : region.startsWith('us-gov-')
      ? 'console.amazonaws-us-gov.com'
      : 'console.aws.amazon.com';
  return `https://${host}/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(notice.alarmName)}`;
}

/** Characters as a reader counts them (code points, so a surrogate pair is never split). */
function charCount(value: string): number {
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

function clipKeepingLines(text: string, max: number): string {
  return `${Array.from(text).slice(0, max - 1).join('')}…`;
}
