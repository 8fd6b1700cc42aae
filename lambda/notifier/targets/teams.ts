/**
 * Microsoft Teams through a Workflows webhook ("Post to a channel when a webhook request is received"), which
 * takes a message whose attachment is an Adaptive Card (learn.microsoft.com/microsoftteams/platform/
 * webhooks-and-connectors/how-to/connectors-using): `{ type: 'message', attachments: [{ contentType:
 * 'application/vnd.microsoft.card.adaptive', content: <card> }] }`. Teams messages are capped at about 28 KB
 * including the card, so this renderer keeps the JSON under 27,000 bytes. The workflow answers 202 Accepted;
 * it refuses a bad or oversized card with HTTP 400/413.
 */
import type { Alert, AlertEvent } from '../alert';
import { httpRefusal, type RefusalRules } from '../webhook';
import { eventLines, facts, headline, lookupStatus, minimalLines, stringsOf, trailerLines } from './lines';
import type { ChatTarget } from './target';

export const TEAMS_MAX_BYTES = 27_000;
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Teams renders Adaptive Cards up to 1.5; 1.4 is what every Teams client shows. */
export const ADAPTIVE_CARD_VERSION = '1.4';

type Element =
  | { readonly type: 'TextBlock'; readonly text: string; readonly wrap: true; readonly weight?: 'Bolder'; readonly size?: 'Medium'; readonly color?: string; readonly spacing?: 'Small' | 'Medium'; readonly isSubtle?: true }
  | { readonly type: 'FactSet'; readonly facts: readonly { readonly title: string; readonly value: string }[] }
  | { readonly type: 'Container'; readonly items: readonly Element[]; readonly separator?: true };

export interface TeamsMessage {
  readonly type: 'message';
  readonly attachments: readonly [
    {
      readonly contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE;
      readonly contentUrl: null;
      readonly content: {
        readonly $schema: string;
        readonly type: 'AdaptiveCard';
        readonly version: string;
        readonly body: readonly Element[];
        readonly actions?: readonly { readonly type: 'Action.OpenUrl'; readonly title: string; readonly url: string }[];
        readonly msteams: { readonly width: 'Full' };
      };
    },
  ];
}

const COLORS = { high: 'Attention', medium: 'Warning', low: 'Default' } as const;

/** Adaptive Card TextBlocks read a Markdown subset: literal `*`, `_`, `[` and backticks are escaped. */
const escapeMarkdown = (value: string): string => value.replace(/([\\`*_[\]])/g, '\\$1');

const text = (value: string, extra: Partial<Extract<Element, { type: 'TextBlock' }>> = {}): Element => ({ type: 'TextBlock', text: value, wrap: true, ...extra });

function eventContainer(alert: Alert, event: AlertEvent): Element {
  const lines = eventLines(alert, event).map((l) => escapeMarkdown(l.trim()));
  const items: Element[] = [text(lines[0], { weight: 'Bolder' }), ...lines.slice(1).map((l) => text(l, { spacing: 'Small' }))];
  if (event.historyLink) items.push(text(`[${escapeMarkdown(stringsOf(alert).eventLink)}](${event.historyLink})`, { spacing: 'Small' }));
  return { type: 'Container', items, separator: true };
}

function card(alert: Alert, body: Element[]): TeamsMessage {
  const s = stringsOf(alert);
  const actions = [alert.links.alarm && { type: 'Action.OpenUrl' as const, title: s.consoleLink, url: alert.links.alarm }, alert.links.insights && { type: 'Action.OpenUrl' as const, title: s.insightsLink, url: alert.links.insights }].filter(
    (a): a is { type: 'Action.OpenUrl'; title: string; url: string } => !!a,
  );
  return {
    type: 'message',
    attachments: [
      {
        contentType: ADAPTIVE_CARD_CONTENT_TYPE,
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: ADAPTIVE_CARD_VERSION,
          body,
          ...(actions.length > 0 ? { actions } : {}),
          msteams: { width: 'Full' },
        },
      },
    ],
  };
}

const bytes = (message: unknown) => Buffer.byteLength(JSON.stringify(message), 'utf8');

function fullBody(alert: Alert, shown: number, withRollup: boolean): Element[] {
  const s = stringsOf(alert);
  const color = alert.kind === 'resolved' ? 'Good' : COLORS[alert.severity];
  const body: Element[] = [
    text(escapeMarkdown(headline(alert)), { weight: 'Bolder', size: 'Medium', color }),
    { type: 'FactSet', facts: facts(alert, shown).map(([title, value]) => ({ title, value: escapeMarkdown(value) })) },
  ];
  const status = lookupStatus(alert);
  const events = alert.events.slice(0, shown);
  if (events.length > 0 || status !== undefined || alert.kind === 'detection') {
    body.push(text(`**${escapeMarkdown(s.relatedLogs)}**${status ? ` ${escapeMarkdown(status)}` : ''}`, { spacing: 'Medium' }));
    body.push(...events.map((e) => eventContainer(alert, e)));
  }
  const trailer = trailerLines(alert, withRollup);
  if (trailer.length > 0) body.push(...trailer.map((l) => text(escapeMarkdown(l.trim()), { isSubtle: true, spacing: 'Small' })));
  return body;
}

/** Drops events from the end until the card fits, keeping the roll-up; then the roll-up. */
export function renderTeams(alert: Alert): TeamsMessage {
  for (const withRollup of [true, false]) {
    for (let shown = alert.events.length; shown >= 0; shown -= 1) {
      const message = card(alert, fullBody(alert, shown, withRollup));
      if (bytes(message) <= TEAMS_MAX_BYTES) return message;
    }
  }
  return renderTeamsMinimal(alert);
}

export function renderTeamsMinimal(alert: Alert): TeamsMessage {
  const [first, ...rest] = minimalLines(alert);
  return card(alert, [text(escapeMarkdown(first), { weight: 'Bolder' }), ...rest.map((l) => text(escapeMarkdown(l), { spacing: 'Small' }))]);
}

const rules: RefusalRules = { label: 'Teams', refusal: httpRefusal };

export const teams: ChatTarget = { rules, render: renderTeams, renderMinimal: renderTeamsMinimal };
