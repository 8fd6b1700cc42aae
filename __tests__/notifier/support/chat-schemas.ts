/**
 * What each chat service documents about the payloads it accepts, as checks a webhook stand-in applies before
 * it answers (a problem → HTTP 400, as the service would). Sources:
 * - Dooray!: reference alarm-notifier-formats §5 (`text` required; `botName`, `botIconImage`, `attachments[]`
 *   of `title`, `titleLink`, `text`, `color`);
 * - Slack: Block Kit reference (api.slack.com/reference/block-kit/blocks, …/composition-objects): 50 blocks,
 *   header plain_text ≤ 150, section text ≤ 3,000, ≤ 10 fields of ≤ 2,000, context ≤ 10 elements, actions ≤ 25
 *   elements, button text ≤ 75 and URL ≤ 3,000;
 * - Teams Workflows: a `message` with one Adaptive Card attachment (contentType
 *   application/vnd.microsoft.card.adaptive), card version ≤ 1.5, Teams' ~28 KB message cap.
 */
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isUrl = (v: unknown): boolean => typeof v === 'string' && /^https:\/\/[^\s]+$/.test(v);
const chars = (s: string) => Array.from(s).length;
const unknownKeys = (o: Json, allowed: readonly string[], where: string) => Object.keys(o).filter((k) => !allowed.includes(k)).map((k) => `${where}: unknown field ${k}`);

export function doorayProblems(body: unknown): string[] {
  if (!isObject(body)) return ['body is not a JSON object'];
  const problems = unknownKeys(body, ['botName', 'botIconImage', 'text', 'attachments'], 'message');
  if (typeof body.text !== 'string' || body.text.length === 0) problems.push('text is required');
  if (body.botName !== undefined && typeof body.botName !== 'string') problems.push('botName must be a string');
  if (body.attachments !== undefined) {
    if (!Array.isArray(body.attachments)) return [...problems, 'attachments must be an array'];
    body.attachments.forEach((a, i) => {
      if (!isObject(a)) return void problems.push(`attachments[${i}] is not an object`);
      problems.push(...unknownKeys(a, ['title', 'titleLink', 'text', 'color'], `attachments[${i}]`));
      if (a.titleLink !== undefined && !isUrl(a.titleLink)) problems.push(`attachments[${i}].titleLink is not an https URL`);
    });
  }
  return problems;
}

function slackText(t: unknown, where: string, max: number, types: readonly string[] = ['mrkdwn', 'plain_text']): string[] {
  if (!isObject(t)) return [`${where} is not a text object`];
  const problems = unknownKeys(t, ['type', 'text', 'emoji', 'verbatim'], where);
  if (!types.includes(String(t.type))) problems.push(`${where}.type must be ${types.join(' or ')}`);
  if (typeof t.text !== 'string' || t.text.length === 0) problems.push(`${where}.text is required`);
  else if (chars(t.text) > max) problems.push(`${where}.text is longer than ${max}`);
  return problems;
}

export function slackProblems(body: unknown): string[] {
  if (!isObject(body)) return ['body is not a JSON object'];
  const problems = unknownKeys(body, ['text', 'blocks'], 'message');
  if (typeof body.text !== 'string' || body.text.length === 0) problems.push('no_text: text is required as the notification fallback');
  if (body.blocks === undefined) return problems;
  if (!Array.isArray(body.blocks)) return [...problems, 'blocks must be an array'];
  if (body.blocks.length > 50) problems.push('invalid_blocks: more than 50 blocks');
  body.blocks.forEach((b, i) => {
    const at = `blocks[${i}]`;
    if (!isObject(b)) return void problems.push(`${at} is not an object`);
    switch (b.type) {
      case 'header':
        problems.push(...unknownKeys(b, ['type', 'text', 'block_id'], at), ...slackText(b.text, `${at}.text`, 150, ['plain_text']));
        break;
      case 'section': {
        problems.push(...unknownKeys(b, ['type', 'text', 'fields', 'block_id', 'accessory'], at));
        if (b.text === undefined && b.fields === undefined) problems.push(`${at}: text or fields is required`);
        if (b.text !== undefined) problems.push(...slackText(b.text, `${at}.text`, 3000));
        if (b.fields !== undefined) {
          if (!Array.isArray(b.fields) || b.fields.length === 0 || b.fields.length > 10) problems.push(`${at}.fields must hold 1–10 items`);
          else b.fields.forEach((f, j) => problems.push(...slackText(f, `${at}.fields[${j}]`, 2000)));
        }
        break;
      }
      case 'context':
        problems.push(...unknownKeys(b, ['type', 'elements', 'block_id'], at));
        if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 10) problems.push(`${at}.elements must hold 1–10 items`);
        else b.elements.forEach((e, j) => problems.push(...slackText(e, `${at}.elements[${j}]`, 3000)));
        break;
      case 'divider':
        problems.push(...unknownKeys(b, ['type', 'block_id'], at));
        break;
      case 'actions':
        problems.push(...unknownKeys(b, ['type', 'elements', 'block_id'], at));
        if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 25) problems.push(`${at}.elements must hold 1–25 items`);
        else
          b.elements.forEach((e, j) => {
            if (!isObject(e) || e.type !== 'button') return void problems.push(`${at}.elements[${j}] is not a button`);
            problems.push(...unknownKeys(e, ['type', 'text', 'url', 'action_id', 'style', 'value'], `${at}.elements[${j}]`));
            problems.push(...slackText(e.text, `${at}.elements[${j}].text`, 75, ['plain_text']));
            if (!isUrl(e.url) || chars(String(e.url)) > 3000) problems.push(`${at}.elements[${j}].url must be an https URL of at most 3000 characters`);
          });
        break;
      default:
        problems.push(`${at}: unsupported block type ${String(b.type)}`);
    }
  });
  return problems;
}

function adaptiveElementProblems(e: unknown, at: string): string[] {
  if (!isObject(e)) return [`${at} is not an object`];
  switch (e.type) {
    case 'TextBlock':
      return typeof e.text === 'string' && e.text.length > 0 ? [] : [`${at}.text is required`];
    case 'FactSet':
      return Array.isArray(e.facts) && e.facts.every((f) => isObject(f) && typeof f.title === 'string' && typeof f.value === 'string')
        ? []
        : [`${at}.facts must be {title, value} strings`];
    case 'Container':
      return Array.isArray(e.items) ? e.items.flatMap((item, i) => adaptiveElementProblems(item, `${at}.items[${i}]`)) : [`${at}.items is required`];
    default:
      return [`${at}: unsupported element type ${String(e.type)}`];
  }
}

export function teamsProblems(body: unknown): string[] {
  if (!isObject(body)) return ['body is not a JSON object'];
  const problems: string[] = [];
  if (Buffer.byteLength(JSON.stringify(body), 'utf8') > 28 * 1024) problems.push('RequestEntityTooLarge: message over 28 KB');
  if (body.type !== 'message') problems.push('type must be "message"');
  if (!Array.isArray(body.attachments) || body.attachments.length === 0) return [...problems, 'attachments must hold the card'];
  const [attachment] = body.attachments as unknown[];
  if (!isObject(attachment) || attachment.contentType !== 'application/vnd.microsoft.card.adaptive') return [...problems, 'attachments[0].contentType must be application/vnd.microsoft.card.adaptive'];
  const card = attachment.content;
  if (!isObject(card) || card.type !== 'AdaptiveCard') return [...problems, 'attachments[0].content must be an AdaptiveCard'];
  if (!['1.0', '1.1', '1.2', '1.3', '1.4', '1.5'].includes(String(card.version))) problems.push('card version must be 1.0–1.5');
  if (!Array.isArray(card.body) || card.body.length === 0) problems.push('card body is required');
  else card.body.forEach((e, i) => problems.push(...adaptiveElementProblems(e, `body[${i}]`)));
  if (card.actions !== undefined) {
    if (!Array.isArray(card.actions)) problems.push('actions must be an array');
    else
      card.actions.forEach((a, i) => {
        if (!isObject(a) || a.type !== 'Action.OpenUrl' || typeof a.title !== 'string' || !isUrl(a.url)) problems.push(`actions[${i}] must be an Action.OpenUrl with a title and an https url`);
      });
  }
  return problems;
}

/** Each service's success answer and its schema. */
export const CHAT_SERVICES = {
  dooray: { ok: { status: 200, body: JSON.stringify({ header: { isSuccessful: true, resultCode: 0, resultMessage: '' }, result: {} }) }, problems: doorayProblems },
  slack: { ok: { status: 200, body: 'ok' }, problems: slackProblems },
  teams: { ok: { status: 202, body: '' }, problems: teamsProblems },
} as const;
