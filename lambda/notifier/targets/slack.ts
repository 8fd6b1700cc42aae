/**
 * Slack incoming webhook with Block Kit (api.slack.com/messaging/webhooks, api.slack.com/reference/block-kit/blocks).
 * Limits that shape the message: at most 50 blocks; a header's plain text ≤ 150 characters; a section's text
 * ≤ 3,000 and at most 10 fields of ≤ 2,000; a context at most 10 elements; a button's text ≤ 75 and its URL
 * ≤ 3,000. The top-level `text` is the notification's fallback. Slack refuses a bad message with HTTP 400
 * (`invalid_blocks`, `invalid_payload`, `no_text`) and answers `ok` otherwise; 403/404/410 mean the hook or
 * channel is gone, which a shorter message does not fix.
 */
import type { Alert, AlertEvent } from '../alert';
import { httpRefusal, type RefusalRules } from '../webhook';
import { charCount, clip, clipText, eventLines, facts, headline, lookupStatus, minimalLines, stringsOf, trailerLines } from './lines';
import type { ChatTarget } from './target';

export const SLACK_LIMITS = { blocks: 50, header: 150, sectionText: 3000, fields: 10, fieldText: 2000, contextElements: 10, buttonText: 75, url: 3000 } as const;

type Text = { readonly type: 'mrkdwn' | 'plain_text'; readonly text: string };
export type SlackBlock =
  | { readonly type: 'header'; readonly text: Text }
  | { readonly type: 'section'; readonly text?: Text; readonly fields?: readonly Text[] }
  | { readonly type: 'context'; readonly elements: readonly Text[] }
  | { readonly type: 'divider' }
  | { readonly type: 'actions'; readonly elements: readonly { readonly type: 'button'; readonly text: Text; readonly url: string }[] };

export interface SlackMessage {
  readonly text: string;
  readonly blocks?: readonly SlackBlock[];
}

/** Slack's mrkdwn treats `&`, `<` and `>` as markup: every value is escaped (api.slack.com/reference/surfaces/formatting). */
export const escapeMrkdwn = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const mrkdwn = (text: string, max: number): Text => ({ type: 'mrkdwn', text: clipText(text, max) });

function eventBlock(alert: Alert, event: AlertEvent): SlackBlock {
  const lines = eventLines(alert, event).map((line) => escapeMrkdwn(line.trim()));
  if (event.historyLink && event.historyLink.length <= SLACK_LIMITS.url) lines.push(`<${event.historyLink}|${escapeMrkdwn(stringsOf(alert).eventLink)}>`);
  return { type: 'section', text: mrkdwn(lines.join('\n'), SLACK_LIMITS.sectionText) };
}

export function renderSlack(alert: Alert): SlackMessage {
  const s = stringsOf(alert);
  const title = headline(alert);
  const shown = alert.events.length;
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(title, SLACK_LIMITS.header) } },
    {
      type: 'section',
      fields: facts(alert, shown)
        .slice(0, SLACK_LIMITS.fields)
        .map(([label, value]) => mrkdwn(`*${escapeMrkdwn(label)}*\n${escapeMrkdwn(value)}`, SLACK_LIMITS.fieldText)),
    },
  ];
  const status = lookupStatus(alert);
  if (shown > 0 || status !== undefined || alert.kind === 'detection') {
    blocks.push({ type: 'divider' });
    blocks.push({ type: 'section', text: mrkdwn(`*${escapeMrkdwn(s.relatedLogs)}*${status ? ` ${escapeMrkdwn(status)}` : ''}`, SLACK_LIMITS.sectionText) });
    for (const e of alert.events) blocks.push(eventBlock(alert, e));
  }
  const trailer = trailerLines(alert, true);
  if (trailer.length > 0) blocks.push({ type: 'context', elements: [mrkdwn(escapeMrkdwn(trailer.join('\n')), SLACK_LIMITS.sectionText)] });
  const buttons = [
    alert.links.alarm && { label: s.consoleLink, url: alert.links.alarm },
    alert.links.insights && { label: s.insightsLink, url: alert.links.insights },
  ]
    .filter((b): b is { label: string; url: string } => !!b && charCount(b.url) <= SLACK_LIMITS.url)
    .map((b) => ({ type: 'button' as const, text: { type: 'plain_text' as const, text: clip(b.label, SLACK_LIMITS.buttonText) }, url: b.url }));
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
  // Events are at most 20 (LOG_MAX_EVENTS): 7 more blocks stay far under 50; the slice is the rule, not a hope.
  return { text: title, blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}

/** Plain text only: the minimal message needs no block that could be refused. */
export function renderSlackMinimal(alert: Alert): SlackMessage {
  return { text: escapeMrkdwn(minimalLines(alert).join('\n')) };
}

const rules: RefusalRules = { label: 'Slack', refusal: httpRefusal };

export const slack: ChatTarget = { rules, render: renderSlack, renderMinimal: renderSlackMinimal };
