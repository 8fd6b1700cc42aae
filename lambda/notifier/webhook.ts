/**
 * Delivers a message to a chat webhook. Transient failures (5xx, 429, 408, network errors, timeouts)
 * are retried with exponential backoff and full jitter inside the invocation's time budget, honouring
 * Retry-After. A refusal of the message itself (HTTP 400/413, or the target's own refusal such as
 * Dooray!'s `isSuccessful: false`) is not retried as is: the target's minimal message goes instead, once.
 * Anything else fails at once. A failed delivery throws, so Lambda's asynchronous retries and the
 * dead-letter queue keep the alert (the reference Lambda returned 502 instead, and the alert was lost).
 * The URL is the only credential of the hook: it never appears in a log line or an error.
 */
import { describeError, logDecision } from './log';

export interface DeliveryPolicy {
  /**
   * Per-attempt timeout, capped by the time left. A webhook that accepts a post and answers late must not
   * be posted to again: 5 s turned a hook answering after 6 s into five identical posts. Chat webhooks
   * answer in well under a second when healthy; 15 s still leaves the default 60 s invocation room for
   * two more attempts after the log lookup (≤ 10 s).
   * @default 15000
   */
  readonly attemptTimeoutMs: number;
  /** Backoff base: the wait before retry n is uniform in [0, min(maxDelayMs, baseDelayMs × 2^(n−1))]. @default 500 */
  readonly baseDelayMs: number;
  /** @default 8000 */
  readonly maxDelayMs: number;
  /** @default 5 */
  readonly maxAttempts: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = { attemptTimeoutMs: 15_000, baseDelayMs: 500, maxDelayMs: 8000, maxAttempts: 5 };

/** An attempt with less time than this left is not started. */
const MIN_ATTEMPT_MS = 100;
/** Longest part of a response body quoted in an error. */
const BODY_EXCERPT_CHARS = 200;

export interface Delivered {
  readonly attempts: number;
  readonly status: number;
  /** The full message was refused and the minimal one was accepted. */
  readonly fallback: boolean;
}

/** What a chat service answers when it refuses a message, as the target's renderer knows it. */
export interface RefusalRules {
  /** e.g. `Dooray!`, `Slack`, `Teams`: names the service in errors. */
  readonly label: string;
  /** A refusal of this message (a shorter one may pass), from a response that is not a transient failure. */
  readonly refusal: (status: number, body: string) => string | undefined;
}

/** The message, and the minimal one to send if the service refuses it. */
export interface Outbound {
  readonly rules: RefusalRules;
  readonly message: unknown;
  readonly fallback?: unknown;
}

export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    message: string,
    readonly attempts: number,
    /** HTTP status of the last response, if there was one. */
    readonly status?: number,
    /** The service refused the message itself (a shorter one may pass). */
    readonly refused = false,
  ) {
    super(message);
  }
}

type Outcome =
  | { readonly ok: true; readonly status: number }
  | {
      readonly ok: false;
      readonly retryable: boolean;
      /** The service refused this message; a shorter one may pass. */
      readonly refused?: boolean;
      readonly reason: string;
      readonly status?: number;
      readonly retryAfterMs?: number;
    };

export interface DeliveryClock {
  readonly now: () => number;
  readonly random: () => number;
}

export async function deliver(
  url: string,
  outbound: Outbound,
  deadlineMs: number,
  policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY,
  clock: DeliveryClock = { now: Date.now, random: Math.random },
): Promise<Delivered> {
  try {
    return { ...(await deliverOne(url, outbound.rules, outbound.message, deadlineMs, policy, clock)), fallback: false };
  } catch (error) {
    if (!(error instanceof DeliveryError) || !error.refused || outbound.fallback === undefined) throw error;
    logDecision('warn', 'webhook-refused-full-message', { reason: error.message, fallback: 'minimal' });
    const delivered = await deliverOne(url, outbound.rules, outbound.fallback, deadlineMs, policy, clock);
    return { attempts: error.attempts + delivered.attempts, status: delivered.status, fallback: true };
  }
}

async function deliverOne(
  url: string,
  rules: RefusalRules,
  message: unknown,
  deadlineMs: number,
  policy: DeliveryPolicy,
  clock: DeliveryClock,
): Promise<{ readonly attempts: number; readonly status: number }> {
  const body = JSON.stringify(message);
  let last: Outcome | undefined;
  let attempts = 0;
  while (attempts < policy.maxAttempts) {
    const timeLeft = deadlineMs - clock.now();
    if (timeLeft < MIN_ATTEMPT_MS) break;
    attempts += 1;
    const outcome = await attempt(url, body, Math.min(policy.attemptTimeoutMs, timeLeft), rules);
    if (outcome.ok) return { attempts, status: outcome.status };
    last = outcome;
    if (!outcome.retryable) {
      throw new DeliveryError(`${rules.label} webhook rejected the message: ${outcome.reason} (not retried)`, attempts, outcome.status, outcome.refused);
    }
    if (attempts >= policy.maxAttempts) break;
    const backoff = clock.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempts - 1));
    const delayMs = Math.round(Math.max(backoff, outcome.retryAfterMs ?? 0));
    if (clock.now() + delayMs + MIN_ATTEMPT_MS > deadlineMs) break;
    logDecision('warn', 'webhook-retry', { attempt: attempts, reason: outcome.reason, delayMs });
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  const why = last && !last.ok ? last.reason : 'no time left to try';
  throw new DeliveryError(`${rules.label} webhook failed after ${attempts} attempt(s): ${why}`, attempts, last && !last.ok ? last.status : undefined);
}

async function attempt(url: string, body: string, timeoutMs: number, rules: RefusalRules): Promise<Outcome> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body,
      // A hook URL that redirects is misconfigured; following it would turn the POST into a GET.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    const refusal = rules.refusal(res.status, text);
    if (refusal !== undefined) return { ok: false, retryable: false, refused: true, status: res.status, reason: redact(refusal, url).slice(0, BODY_EXCERPT_CHARS) };
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    const excerpt = redact(text, url).replace(/\s+/g, ' ').trim().slice(0, BODY_EXCERPT_CHARS);
    return {
      ok: false,
      retryable: res.status >= 500 || res.status === 429 || res.status === 408,
      status: res.status,
      reason: `HTTP ${res.status}${excerpt ? ` ${excerpt}` : ''}`,
      retryAfterMs: retryAfterMs(res.headers.get('retry-after')),
    };
  } catch (error) {
    // Duck-typed: fetch's DOMException and undici's errors need not be instances of this realm's Error.
    const { name, cause } = (error ?? {}) as { name?: unknown; cause?: unknown };
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    return { ok: false, retryable: true, reason: timedOut ? `timed out after ${timeoutMs} ms` : redact(describeError(cause ?? error), url) };
  }
}

/** HTTP 400 (bad request) and 413 (too large): every target's answer to a message it will not take. */
export function httpRefusal(status: number, body: string): string | undefined {
  if (status !== 400 && status !== 413) return undefined;
  const excerpt = body.replace(/\s+/g, ' ').trim();
  return `HTTP ${status}${excerpt ? ` ${excerpt}` : ''}`;
}

/** `Retry-After: <seconds>` or `Retry-After: <HTTP-date>`. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** Removes the URL, and its path (the token) on its own, from any text. */
export function redact(text: string, url: string): string {
  let out = text.split(url).join('[redacted-url]');
  try {
    const { pathname } = new URL(url);
    if (pathname.length > 1) out = out.split(pathname).join('[redacted]');
  } catch {
    // not a URL: nothing more to hide than the whole string, done above
  }
  return out;
}
