/**
 * Dooray! incoming hook (reference: alarm-notifier-formats §5): `{ botName, text, attachments[] }`, 200 on
 * success. Dooray! refuses a message with HTTP 200 and `{"header":{"isSuccessful":false,...}}` (body format
 * unverified, so any other 2xx body counts as success), or with HTTP 400/413.
 */
import type { Alert } from '../alert';
import { httpRefusal, type RefusalRules } from '../webhook';
import { charCount, clipText, eventLines, facts, headline, lookupStatus, minimalLines, stringsOf, trailerLines } from './lines';
import type { ChatTarget } from './target';

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
 * Hard cap on the characters of `text` plus attachments. Dooray! documents no limit; the only figure found is
 * an unverified ~4,000 characters (reference: alarm-notifier-formats §5), so 3,500 keeps a margin under it.
 */
export const MAX_MESSAGE_CHARS = 3500;

/** Severity colours (Dooray! takes named or hex colours). */
export const DOORAY_COLORS = { high: '#D32F2F', medium: '#F9A825', low: '#9E9E9E', resolved: '#2E7D32' } as const;

export function doorayRefusal(status: number, body: string): string | undefined {
  const http = httpRefusal(status, body);
  if (http !== undefined) return http;
  if (status < 200 || status >= 300) return undefined;
  try {
    const header = (JSON.parse(body) as { header?: { isSuccessful?: unknown; resultCode?: unknown; resultMessage?: unknown } }).header;
    if (header?.isSuccessful !== false) return undefined;
    return `isSuccessful=false resultCode=${String(header.resultCode)} ${String(header.resultMessage ?? '')}`.trim();
  } catch {
    return undefined;
  }
}

const attachmentChars = (attachments: readonly DoorayAttachment[]) =>
  attachments.reduce((n, a) => n + charCount(a.title ?? '') + charCount(a.titleLink ?? '') + charCount(a.text ?? ''), 0);

function attachments(alert: Alert, shown: number): DoorayAttachment[] {
  const s = stringsOf(alert);
  const color = alert.kind === 'resolved' ? DOORAY_COLORS.resolved : DOORAY_COLORS[alert.severity];
  const list: DoorayAttachment[] = [];
  if (alert.links.alarm) list.push({ title: s.consoleLink, titleLink: alert.links.alarm, color });
  if (alert.links.insights) list.push({ title: s.insightsLink, titleLink: alert.links.insights, color });
  for (const e of alert.events.slice(0, shown)) {
    const id = e.summary.kind === 'cloudtrail' ? e.summary.eventId : undefined;
    if (e.historyLink && e.summary.kind === 'cloudtrail') list.push({ title: `${s.eventLink}: ${e.summary.eventName ?? '-'} ${id}`, titleLink: e.historyLink, color });
  }
  return list;
}

function text(alert: Alert, shown: number, withRollup: boolean): string {
  const s = stringsOf(alert);
  const lines = [headline(alert), ...facts(alert, shown).map(([label, value]) => `${label}: ${value}`)];
  const status = lookupStatus(alert);
  const events = alert.events.slice(0, shown);
  if (events.length > 0 || status !== undefined || alert.kind === 'detection') {
    lines.push('');
    if (events.length === 0) lines.push(`${s.relatedLogs}: ${status ?? '-'}`);
    else lines.push(`${s.relatedLogs}:${status ? ` ${status}` : ''}`, ...events.flatMap((e) => eventLines(alert, e)));
  }
  lines.push(...trailerLines(alert, withRollup));
  return lines.join('\n');
}

/**
 * Drops events from the end (with their links) until everything fits, keeping the roll-up (it tells who is
 * behind the events not shown); then the roll-up; cuts the text as a last resort.
 */
export function renderDooray(alert: Alert): DoorayMessage {
  for (const withRollup of [true, false]) {
    for (let shown = alert.events.length; shown >= 0; shown -= 1) {
      const links = attachments(alert, shown);
      const body = text(alert, shown, withRollup);
      if (charCount(body) + attachmentChars(links) <= MAX_MESSAGE_CHARS) return message(alert, body, links);
    }
  }
  const links = attachments(alert, 0);
  const room = MAX_MESSAGE_CHARS - attachmentChars(links);
  return room > 500 ? message(alert, clipText(text(alert, 0, false), room), links) : message(alert, clipText(text(alert, 0, false), MAX_MESSAGE_CHARS), []);
}

function message(alert: Alert, body: string, links: readonly DoorayAttachment[]): DoorayMessage {
  return links.length > 0 ? { botName: alert.botName, text: body, attachments: links } : { botName: alert.botName, text: body };
}

export function renderDoorayMinimal(alert: Alert): DoorayMessage {
  return { botName: alert.botName, text: minimalLines(alert).join('\n') };
}

const rules: RefusalRules = { label: 'Dooray!', refusal: doorayRefusal };

export const dooray: ChatTarget = { rules, render: renderDooray, renderMinimal: renderDoorayMinimal };
