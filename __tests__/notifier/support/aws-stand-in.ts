/**
 * A local stand-in for the AWS APIs the notifier calls, speaking the AWS JSON 1.1 protocol the SDK
 * uses for CloudWatch Logs and KMS (and JSON 1.0 for DynamoDB and SQS): `POST /` with
 * `X-Amz-Target: <Prefix>.<Operation>` and a JSON body; errors are `{"__type": "<Code>", "message": ...}`
 * with a 4xx/5xx status. A request without X-Amz-Target (Lambda's REST Invoke) is routed by
 * `POST <path>`. Point the clients at it with the AWS_ENDPOINT_URL_<SERVICE> variables.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export const TARGETS = {
  describeMetricFilters: 'Logs_20140328.DescribeMetricFilters',
  filterLogEvents: 'Logs_20140328.FilterLogEvents',
  decrypt: 'TrentService.Decrypt',
  encrypt: 'TrentService.Encrypt',
} as const;

export interface AwsReply {
  /** @default 200 */
  readonly status?: number;
  /** Sent as JSON, unless `raw` is given. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as is (e.g. an XML answer of the Query protocol) instead of `body` as JSON. */
  readonly raw?: string;
}

/** Answers one call (now or later); `index` counts the calls to the same target, from 0. */
export type AwsRoute = (body: Record<string, unknown>, index: number) => AwsReply | Promise<AwsReply>;

export interface AwsCall {
  readonly target: string;
  readonly body: Record<string, unknown>;
  readonly receivedAt: number;
  /** When the answer was sent; undefined while it is pending. */
  readonly respondedAt?: number;
}

export interface AwsStandIn {
  readonly url: string;
  readonly calls: AwsCall[];
  callsTo(target: string): AwsCall[];
  /** Replaces the route of one target. */
  route(target: string, route: AwsRoute): void;
  close(): Promise<void>;
}

export function awsError(type: string, message: string, status = 400): AwsReply {
  return { status, body: { __type: type, message } };
}

export interface AwsStandInOptions {
  readonly routes?: Readonly<Record<string, AwsRoute>>;
  /** Added before every answer, to measure sequential round trips. @default 0 */
  readonly delayMs?: number;
}

export async function startAwsStandIn(options: AwsStandInOptions = {}): Promise<AwsStandIn> {
  const routes = new Map<string, AwsRoute>(Object.entries(options.routes ?? {}));
  const calls: AwsCall[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? `${req.method} ${req.url}`);
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        // left empty: the route sees {}
      }
      const index = calls.filter((c) => c.target === target).length;
      const call: { -readonly [K in keyof AwsCall]: AwsCall[K] } = { target, body, receivedAt: Date.now() };
      calls.push(call);
      const route = routes.get(target);
      void Promise.resolve(route ? route(body, index) : awsError('UnknownOperationException', `no stand-in route for ${target}`)).then((reply) => {
        const send = () => {
          call.respondedAt = Date.now();
          const type = reply.raw === undefined ? 'application/x-amz-json-1.1' : 'text/xml';
          res.writeHead(reply.status ?? 200, { 'content-type': type, 'x-amzn-requestid': `req-${calls.length}`, ...reply.headers });
          res.end(reply.raw ?? JSON.stringify(reply.body));
        };
        if (options.delayMs) setTimeout(send, options.delayMs).unref();
        else send();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    callsTo: (target) => calls.filter((c) => c.target === target),
    route: (target, route) => void routes.set(target, route),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The process environment the SDK reads: endpoints, region, fake credentials. */
export function awsEnvironment(endpoint: string): Record<string, string> {
  return {
    AWS_REGION: 'ap-northeast-2',
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: endpoint,
    AWS_ENDPOINT_URL_KMS: endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_ENDPOINT_URL_SQS: endpoint,
    AWS_ENDPOINT_URL_LAMBDA: endpoint,
    AWS_ENDPOINT_URL_CLOUDWATCH: endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
  };
}

/**
 * The longest chain of calls where each was received after the previous one was answered: the
 * number of AWS round trips a client made one after another.
 */
export function sequentialDepth(calls: readonly AwsCall[]): number {
  const depth = new Map<AwsCall, number>();
  for (const call of [...calls].sort((a, b) => a.receivedAt - b.receivedAt)) {
    const before = calls.filter((p) => p.respondedAt !== undefined && p.respondedAt <= call.receivedAt);
    depth.set(call, 1 + Math.max(0, ...before.map((p) => depth.get(p) ?? 0)));
  }
  return Math.max(0, ...depth.values());
}
