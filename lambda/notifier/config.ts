/**
 * The notifier's settings, read from the environment the stack sets. Read at the first invocation
 * (never at import, so a bad value fails the invocation with a message naming the variable rather
 * than the container's init phase), then kept.
 */
import type { Locale, Titles } from '../../catalog/types';
import { isValidTimeZone } from './time';

export interface NotifierConfig {
  /** `DOORAY_HOOK_URL` (required): base64 KMS ciphertext of the webhook URL. Never logged. */
  readonly hookCiphertext: string;
  /** `AWS_LAMBDA_FUNCTION_NAME` (set by Lambda): the ciphertext's encryption context. */
  readonly functionName: string;
  /** `LOCALE`: message language. @default 'ko' */
  readonly locale: Locale;
  /** `TIME_ZONE`: IANA zone of the times in the message. @default 'Asia/Seoul' (shown as KST) */
  readonly timeZone: string;
  /** `LOG_MAX_EVENTS`: related CloudTrail events shown per message, 1–20. @default 5 */
  readonly logMaxEvents: number;
  /** `WINDOW_SLACK_BEFORE_SECONDS`, 0–3600, taken off the window's start. @default 60 */
  readonly slackBeforeMs: number;
  /** `WINDOW_SLACK_AFTER_SECONDS`, 0–3600, added to the window's end. @default 60 */
  readonly slackAfterMs: number;
  /** `BOT_NAME`: the sender name shown in Dooray!. @default 'trailwatch' */
  readonly botName: string;
  /** `ALARM_NAME_PREFIX`: the stack's per-stack prefix, stripped to find the detection. @default '' */
  readonly alarmNamePrefix: string;
  /** `DETECTION_TITLES`: JSON `{ "<name>": { "ko": "...", "en": "..." } }` for custom detections. @default {} */
  readonly customTitles: Readonly<Record<string, Titles>>;
}

export const DEFAULTS = {
  locale: 'ko',
  timeZone: 'Asia/Seoul',
  logMaxEvents: 5,
  /**
   * 60 s each side. The window is usually exact (the evaluated periods are quoted in the state
   * reason), so slack only absorbs timestamp rounding there; when it has to be estimated back from
   * StateChangeTime, the state change trails the period's end by the alarm's evaluation delay
   * (alarms evaluate about once a minute). More slack would mostly show older, already-reported events
   * first, since FilterLogEvents returns the oldest first.
   */
  slackSeconds: 60,
  botName: 'trailwatch',
  alarmNamePrefix: '',
} as const;

const MAX_LOG_EVENTS = 20;
const MAX_SLACK_SECONDS = 3600;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Validates the environment; throws a ConfigError naming the first bad variable. */
export function readConfig(env: Readonly<Record<string, string | undefined>>): NotifierConfig {
  const hookCiphertext = (env.DOORAY_HOOK_URL ?? '').trim();
  if (!hookCiphertext) throw new ConfigError('DOORAY_HOOK_URL is not set: it must hold the base64 KMS ciphertext of the Dooray! webhook URL.');
  // The value is never echoed: if it is a plain URL, echoing it would leak the secret into the logs.
  if (/^https?:/i.test(hookCiphertext)) {
    throw new ConfigError('DOORAY_HOOK_URL holds a plain URL; it must hold the base64 KMS ciphertext (see `npm run encrypt-webhook`).');
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(hookCiphertext)) throw new ConfigError('DOORAY_HOOK_URL is not base64 (expected the KMS CiphertextBlob).');
  const functionName = env.AWS_LAMBDA_FUNCTION_NAME ?? '';
  if (!functionName) throw new ConfigError('AWS_LAMBDA_FUNCTION_NAME is not set: it is the encryption context of DOORAY_HOOK_URL.');

  const locale = env.LOCALE || DEFAULTS.locale;
  if (locale !== 'ko' && locale !== 'en') throw new ConfigError(`LOCALE must be "ko" or "en", got ${JSON.stringify(locale)}.`);
  const timeZone = env.TIME_ZONE || DEFAULTS.timeZone;
  if (!isValidTimeZone(timeZone)) throw new ConfigError(`TIME_ZONE must be an IANA time zone such as "Asia/Seoul", got ${JSON.stringify(timeZone)}.`);

  return {
    hookCiphertext,
    functionName,
    locale,
    timeZone,
    logMaxEvents: integer(env, 'LOG_MAX_EVENTS', DEFAULTS.logMaxEvents, 1, MAX_LOG_EVENTS),
    slackBeforeMs: integer(env, 'WINDOW_SLACK_BEFORE_SECONDS', DEFAULTS.slackSeconds, 0, MAX_SLACK_SECONDS) * 1000,
    slackAfterMs: integer(env, 'WINDOW_SLACK_AFTER_SECONDS', DEFAULTS.slackSeconds, 0, MAX_SLACK_SECONDS) * 1000,
    botName: env.BOT_NAME || DEFAULTS.botName,
    alarmNamePrefix: env.ALARM_NAME_PREFIX ?? DEFAULTS.alarmNamePrefix,
    customTitles: parseTitles(env.DETECTION_TITLES),
  };
}

function integer(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}.`);
  }
  return value;
}

function parseTitles(raw: string | undefined): Record<string, Titles> {
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('DETECTION_TITLES is not valid JSON (expected {"<name>": {"ko": "...", "en": "..."}}).');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError('DETECTION_TITLES must be a JSON object keyed by detection name.');
  }
  const titles: Record<string, Titles> = {};
  for (const [name, value] of Object.entries(parsed)) {
    const t = value as Partial<Titles> | null;
    if (typeof t?.ko !== 'string' || typeof t?.en !== 'string' || !t.ko || !t.en) {
      throw new ConfigError(`DETECTION_TITLES.${name} must be {"ko": "<title>", "en": "<title>"} with non-empty strings.`);
    }
    titles[name] = { ko: t.ko, en: t.en };
  }
  return titles;
}
