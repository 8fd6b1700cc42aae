import { dooray } from '../../lambda/notifier/targets/dooray';
import { DeliveryError, deliver, redact, type DeliveryPolicy, type Outbound } from '../../lambda/notifier/webhook';
import { startWebhookStandIn, type WebhookStandIn } from './support/webhook-stand-in';

const FAST: DeliveryPolicy = { attemptTimeoutMs: 2000, baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 4 };
const message = { botName: 'trailwatch', text: '권한 없는 API 호출 경보 발생하였습니다' };
const outbound: Outbound = { rules: dooray.rules, message };

let hook: WebhookStandIn;
let logged: string[];
beforeEach(async () => {
  hook = await startWebhookStandIn();
  logged = [];
  for (const method of ['log', 'warn', 'error'] as const) {
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
  }
});
afterEach(async () => {
  jest.restoreAllMocks();
  await hook.close();
});

const inTenSeconds = () => Date.now() + 10_000;

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DeliveryError);
    return error as DeliveryError;
  }
  throw new Error('expected the delivery to fail');
}

describe('deliver', () => {
  it('POSTs the message as JSON once on 2xx', async () => {
    await expect(deliver(hook.url, outbound, inTenSeconds(), FAST)).resolves.toEqual({ attempts: 1, status: 200, fallback: false });
    expect(hook.posts).toEqual([{ method: 'POST', contentType: 'application/json; charset=utf-8', body: message, receivedAt: expect.any(Number) }]);
  });

  it('accepts a 2xx with a body that is not JSON', async () => {
    hook.reply({ status: 204, body: '' });
    await expect(deliver(hook.url, outbound, inTenSeconds(), FAST)).resolves.toEqual({ attempts: 1, status: 204, fallback: false });
  });

  it('retries a 503 and succeeds on the next attempt', async () => {
    hook.reply({ status: 503, body: 'unavailable' }, { status: 200 });
    await expect(deliver(hook.url, outbound, inTenSeconds(), FAST)).resolves.toEqual({ attempts: 2, status: 200, fallback: false });
    expect(hook.posts).toHaveLength(2);
    expect(logged.map((l) => JSON.parse(l))).toEqual([
      { level: 'warn', msg: 'webhook-retry', attempt: 1, reason: 'HTTP 503 unavailable', delayMs: expect.any(Number) },
    ]);
  });

  it.each([429, 408, 500, 502, 504])('retries %i', async (status) => {
    hook.reply({ status }, { status: 200 });
    await expect(deliver(hook.url, outbound, inTenSeconds(), FAST)).resolves.toEqual({ attempts: 2, status: 200, fallback: false });
  });

  it('gives up after maxAttempts on a webhook that always fails, and says so', async () => {
    hook.reply({ status: 500, body: '{"error":"boom"}' });
    const error = await failure(deliver(hook.url, outbound, inTenSeconds(), FAST));
    expect(hook.posts).toHaveLength(4);
    expect(error.attempts).toBe(4);
    expect(error.status).toBe(500);
    expect(error.message).toBe('Dooray! webhook failed after 4 attempt(s): HTTP 500 {"error":"boom"}');
  });

  it.each([400, 401, 403, 404, 410])('does not retry %i', async (status) => {
    hook.reply({ status, body: 'nope' });
    const error = await failure(deliver(hook.url, outbound, inTenSeconds(), FAST));
    expect(hook.posts).toHaveLength(1);
    expect(error.status).toBe(status);
    expect(error.message).toBe(`Dooray! webhook rejected the message: HTTP ${status} nope (not retried)`);
  });

  it('treats a 200 whose Dooray! header says isSuccessful=false as a failure', async () => {
    hook.reply({ status: 200, body: JSON.stringify({ header: { isSuccessful: false, resultCode: -1, resultMessage: 'Invalid payload' } }) });
    const error = await failure(deliver(hook.url, outbound, inTenSeconds(), FAST));
    expect(hook.posts).toHaveLength(1);
    expect(error.message).toContain('isSuccessful=false resultCode=-1 Invalid payload');
  });

  it('does not follow redirects (a POST would turn into a GET)', async () => {
    hook.reply({ status: 301, headers: { location: 'http://127.0.0.1:9/elsewhere' } });
    const error = await failure(deliver(hook.url, outbound, inTenSeconds(), FAST));
    expect(error.status).toBe(301);
    expect(hook.posts).toHaveLength(1);
  });

  it('times out a slow attempt and retries it', async () => {
    hook.reply({ status: 200, delayMs: 1000 }, { status: 200 });
    await expect(deliver(hook.url, outbound, inTenSeconds(), { ...FAST, attemptTimeoutMs: 100 })).resolves.toEqual({ attempts: 2, status: 200, fallback: false });
    expect(logged.map((l) => JSON.parse(l).reason)).toEqual(['timed out after 100 ms']);
  });

  it('stops at the deadline even with attempts left', async () => {
    hook.reply({ status: 200, delayMs: 2000 });
    const started = Date.now();
    const error = await failure(deliver(hook.url, outbound, started + 450, { ...FAST, attemptTimeoutMs: 200, maxAttempts: 50 }));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error.attempts).toBeGreaterThanOrEqual(2);
    expect(error.attempts).toBeLessThanOrEqual(3);
    expect(error.message).toMatch(/timed out after \d+ ms$/);
  });

  it('honours Retry-After (seconds)', async () => {
    hook.reply({ status: 429, headers: { 'retry-after': '1' } }, { status: 200 });
    await expect(deliver(hook.url, outbound, inTenSeconds(), FAST)).resolves.toEqual({ attempts: 2, status: 200, fallback: false });
    expect(hook.posts[1].receivedAt - hook.posts[0].receivedAt).toBeGreaterThanOrEqual(990);
  });

  it('gives up at once when Retry-After is beyond the deadline', async () => {
    hook.reply({ status: 503, headers: { 'retry-after': '120' } });
    const error = await failure(deliver(hook.url, outbound, inTenSeconds(), FAST));
    expect(error.attempts).toBe(1);
  });

  it('retries network errors, and never puts the URL or its token in errors or logs', async () => {
    const url = hook.url;
    await hook.close();
    const error = await failure(deliver(url, outbound, inTenSeconds(), FAST));
    expect(error.attempts).toBe(4);
    for (const text of [error.message, String(error.stack), ...logged]) {
      expect(text).not.toContain(hook.token);
      expect(text).not.toContain(url);
    }
  });
});

describe('a refused message', () => {
  const minimal = { botName: 'trailwatch', text: 'short' };

  it.each([
    ['HTTP 400', { status: 400, body: 'invalid_blocks' }, 'HTTP 400 invalid_blocks'],
    ['HTTP 413', { status: 413, body: '' }, 'HTTP 413'],
    ['Dooray! isSuccessful=false', { status: 200, body: JSON.stringify({ header: { isSuccessful: false, resultCode: -1, resultMessage: 'x' } }) }, 'isSuccessful=false resultCode=-1 x'],
  ])('%s: the fallback goes once instead', async (_label, refusal, reason) => {
    hook.reply(refusal, { status: 200 });
    await expect(deliver(hook.url, { ...outbound, fallback: minimal }, inTenSeconds(), FAST)).resolves.toEqual({ attempts: 2, status: 200, fallback: true });
    expect(hook.posts.map((p) => p.body)).toEqual([message, minimal]);
    expect(logged.map((l) => JSON.parse(l))).toEqual([
      { level: 'warn', msg: 'webhook-refused-full-message', reason: `Dooray! webhook rejected the message: ${reason} (not retried)`, fallback: 'minimal' },
    ]);
  });

  it('a refused fallback fails the delivery', async () => {
    hook.reply({ status: 400, body: 'no' });
    const error = await failure(deliver(hook.url, { ...outbound, fallback: minimal }, inTenSeconds(), FAST));
    expect(hook.posts).toHaveLength(2);
    expect(error.refused).toBe(true);
  });

  it.each([401, 403, 404])('%i is not a refusal of the message: no fallback', async (status) => {
    hook.reply({ status });
    await failure(deliver(hook.url, { ...outbound, fallback: minimal }, inTenSeconds(), FAST));
    expect(hook.posts).toHaveLength(1);
  });
});

describe('redact', () => {
  it('removes the URL and its path', () => {
    const url = 'https://hook.dooray.com/services/1/2/tok';
    expect(redact(`POST ${url} failed; path /services/1/2/tok`, url)).toBe('POST [redacted-url] failed; path [redacted]');
  });
});
