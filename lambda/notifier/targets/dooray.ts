/**
 * Dooray! incoming hook (reference: alarm-notifier-formats §5): `{ botName, text, attachments[] }`, 200 on
 * success. Dooray! refuses a message with HTTP 200 and `{"header":{"isSuccessful":false,...}}` (body format
 * unverified, so any other 2xx body counts as success), or with HTTP 400/413.
 */
import { buildMessage, buildMinimalMessage } from '../message';
import { httpRefusal, type RefusalRules } from '../webhook';
import type { ChatTarget } from './target';

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

const rules: RefusalRules = { label: 'Dooray!', refusal: doorayRefusal };

export const dooray: ChatTarget = { rules, render: buildMessage, renderMinimal: buildMinimalMessage };
