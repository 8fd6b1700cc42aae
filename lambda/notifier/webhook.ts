/**
 * Delivers a message to the Dooray! incoming hook. Transient failures (5xx, 429, 408, network
 * errors, timeouts) are retried with exponential backoff and full jitter inside the invocation's
 * time budget, honouring Retry-After; anything else fails at once. A failed delivery throws, so
 * Lambda's asynchronous retries and the dead-letter queue keep the alert (the reference Lambda
 * returned 502 instead, and the alert was lost).
 * The URL is the only credential of the hook: it never appears in a log line or an error.
 */
import { describeError, logDecision } from './log';

export interface DeliveryPolicy {
  /** Per-attempt timeout, capped by the time left. @default 5000 */
  readonly attemptTimeoutMs: number;
  /** Backoff base: the wait before retry n is uniform in [0, min(maxDelayMs, baseDelayMs × 2^(n−1))]. @default 500 */
  readonly baseDelayMs: number;
  /** @default 8000 */
  readonly maxDelayMs: number;
  /** @default 5 */
  readonly maxAttempts: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = { attemptTimeoutMs: 5000, baseDelayMs: 500, maxDelayMs: 8000, maxAttempts: 5 };

/** An attempt with less time than this left is not started. */
const MIN_ATTEMPT_MS = 100;
/** Longest part of a response body quoted in an error. */
const BODY_EXCERPT_CHARS = 200;

export interface Delivered {
  readonly attempts: number;
  readonly status: number;
}

export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    message: string,
    readonly attempts: number,
    /** HTTP status of the last response, if there was one. */
    readonly status?: number,
  ) {
    super(message);
  }
}

type Outcome =
  | { readonly ok: true; readonly status: number }
  | { readonly ok: false; readonly retryable: boolean; readonly reason: string; readonly status?: number; readonly retryAfterMs?: number };

export interface DeliveryClock {
  readonly now: () => number;
  readonly random: () => number;
}

export async function deliver(
  url: string,
  message: unknown,
  deadlineMs: number,
  policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY,
  clock: DeliveryClock = { now: Date.now, random: Math.random },
): Promise<Delivered> {
  const body = JSON.stringify(message);
  let last: Outcome | undefined;
  let attempts = 0;
  while (attempts < policy.maxAttempts) {
    const timeLeft = deadlineMs - clock.now();
    if (timeLeft < MIN_ATTEMPT_MS) break;
    attempts += 1;
    const outcome = await attempt(url, body, Math.min(policy.attemptTimeoutMs, timeLeft));
    if (outcome.ok) return { attempts, status: outcome.status };
    last = outcome;
    if (!outcome.retryable) {
      throw new DeliveryError(`Dooray! webhook rejected the message: ${outcome.reason} (not retried)`, attempts, outcome.status);
    }
    if (attempts >= policy.maxAttempts) break;
    const backoff = clock.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempts - 1));
    const delayMs = Math.round(Math.max(backoff, outcome.retryAfterMs ?? 0));
    if (clock.now() + delayMs + MIN_ATTEMPT_MS > deadlineMs) break;
    logDecision('warn', 'webhook-retry', { attempt: attempts, reason: outcome.reason, delayMs });
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  const why = last && !last.ok ? last.reason : 'no time left to try';
  throw new DeliveryError(`Dooray! webhook failed after ${attempts} attempt(s): ${why}`, attempts, last && !last.ok ? last.status : undefined);
}

async function attempt(url: string, body: string, timeoutMs: number): Promise<Outcome> {
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
    if (res.status >= 200 && res.status < 300) {
      const refusal = doorayRefusal(text);
      return refusal === undefined ? { ok: true, status: res.status } : { ok: false, retryable: false, status: res.status, reason: refusal };
    }
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

/**
 * Dooray! answers 200 with `{"header":{"isSuccessful":false,"resultMessage":...}}` when it refuses
 * a message (reference: alarm-notifier-formats §5; body format unverified, so any other body counts
 * as success).
 */
function doorayRefusal(body: string): string | undefined {
  try {
    const header = (JSON.parse(body) as { header?: { isSuccessful?: unknown; resultCode?: unknown; resultMessage?: unknown } }).header;
    if (header?.isSuccessful !== false) return undefined;
    return `isSuccessful=false resultCode=${String(header.resultCode)} ${String(header.resultMessage ?? '')}`.trim().slice(0, BODY_EXCERPT_CHARS);
  } catch {
    return undefined;
  }
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
