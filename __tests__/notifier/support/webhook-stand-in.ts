/**
 * A local stand-in for the Dooray! incoming hook: records every POST and answers from a script of
 * replies (the last reply repeats). Its URL has a token-like path, as the real hook's does, so
 * tests can check that the token never reaches a log line.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookReply {
  /** @default 200 */
  readonly status?: number;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Waits this long before answering. */
  readonly delayMs?: number;
}

export interface ReceivedPost {
  readonly method: string;
  readonly contentType: string;
  readonly body: unknown;
  readonly receivedAt: number;
  /** What the schema check found wrong (the stand-in then answered 400, as the service would). */
  readonly problems?: readonly string[];
}

export interface WebhookStandInOptions {
  /** The service's documented payload rules: a post with problems is refused with HTTP 400. */
  readonly check?: (body: unknown) => string[];
  /** The success answer. @default Dooray!'s */
  readonly ok?: WebhookReply;
}

export interface WebhookStandIn {
  /** `http://127.0.0.1:<port>/services/<id>/<id>/<token>` */
  readonly url: string;
  /** The secret part of the URL. */
  readonly token: string;
  readonly posts: ReceivedPost[];
  /** Sets the replies for the next requests, in order; the last one repeats. Posts stay recorded. */
  reply(...replies: WebhookReply[]): void;
  close(): Promise<void>;
}

/** What Dooray! answers on success (reference: alarm-notifier-formats §5). */
export const DOORAY_OK_BODY = JSON.stringify({ header: { isSuccessful: true, resultCode: 0, resultMessage: '' }, result: {} });

export async function startWebhookStandIn(options: WebhookStandInOptions = {}): Promise<WebhookStandIn> {
  let replies: WebhookReply[] = [options.ok ?? { status: 200, body: DOORAY_OK_BODY }];
  const posts: ReceivedPost[] = [];
  let served = 0;
  const token = 'tok3n-SHOULD-NEVER-BE-LOGGED-9f8e7d';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // kept as text: a test will see it was not JSON
      }
      const problems = options.check?.(body) ?? [];
      const scripted = replies[Math.min(served++, replies.length - 1)];
      const reply = problems.length > 0 ? { status: 400, body: problems.join('; ') } : scripted;
      posts.push({ method: req.method ?? '', contentType: String(req.headers['content-type'] ?? ''), body, receivedAt: Date.now(), ...(problems.length ? { problems } : {}) });
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(reply.body ?? '');
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/3036349505739914786/4112157297759916022/${token}`,
    token,
    posts,
    reply: (...next) => {
      replies = next;
      served = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
