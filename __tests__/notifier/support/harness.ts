/**
 * Runs the real notifier handler against the local stand-ins: the SDK clients are pointed at the
 * AWS stand-in through the standard AWS_ENDPOINT_URL_* variables, with fake credentials, and the
 * webhook URL is a fake-KMS ciphertext bound to the function name, as in production.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { KMSClient } from '@aws-sdk/client-kms';
import { DETECTION_CATALOG } from '../../../catalog/detections';
import { detectionItem, detectionKey } from '../../../lambda/notifier/detection-records';
import { detectionRecordsOf } from '../../../stacks/notifier-detections';
import { createHandler, type HandlerDeps, type InvocationContext, type NotifierHandler } from '../../../lambda/notifier/handler';
import { awsEnvironment, startAwsStandIn, TARGETS, type AwsReply, type AwsRoute, type AwsStandIn } from './aws-stand-in';
import { fakeTable, type FakeTable } from './fake-dynamodb';
import { FAKE_KMS_ROUTES, fakeCiphertext } from './fake-kms';
import { LOG_GROUP } from './fixtures';
import { startWebhookStandIn, type WebhookStandIn } from './webhook-stand-in';

export const FUNCTION_NAME = 'trailwatch-notifier';
export const STATE_TABLE = 'trailwatch-notifier-state';
export const FILTER_PATTERN = '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }';

/** One filter in the trail's log group, publishing to the queried metric. */
export const oneFilter = (body: Record<string, unknown>): AwsReply => ({
  body: {
    metricFilters: [
      {
        filterName: String(body.metricName),
        filterPattern: FILTER_PATTERN,
        logGroupName: LOG_GROUP,
        metricTransformations: [{ metricName: body.metricName, metricNamespace: body.metricNamespace, metricValue: '1' }],
        creationTime: 1767225600000,
      },
    ],
  },
});

/** FilterLogEvents answered page by page; each page but the last carries a nextToken. */
export function pages(...events: unknown[][]): AwsRoute {
  return (body) => {
    const index = body.nextToken ? Number(String(body.nextToken).replace('page-', '')) : 0;
    const last = index >= events.length - 1;
    return { body: { events: events[index] ?? [], searchedLogStreams: [], ...(last ? {} : { nextToken: `page-${index + 1}` }) } };
  };
}

export interface Harness {
  readonly aws: AwsStandIn;
  readonly hook: WebhookStandIn;
  /** The delivery-record table behind the AWS stand-in. */
  readonly table: FakeTable;
  /** The handler's environment (the variables the stack sets). */
  readonly env: Record<string, string>;
  /** Every console line written, in order. */
  readonly lines: string[];
  /** JSON log lines with this `msg`. */
  decisions(msg?: string): Record<string, unknown>[];
  /** A fresh handler (a cold container): new SDK clients, no cached secret or filters. */
  handler(overrides?: Partial<HandlerDeps>): NotifierHandler;
  close(): Promise<void>;
}

/** A Lambda context with `ms` left. */
export function contextWith(ms: number): InvocationContext {
  const deadline = Date.now() + ms;
  return { getRemainingTimeInMillis: () => deadline - Date.now() };
}

/** The detections an account deploys by default, plus one custom detection. */
export const DEPLOYED_DETECTIONS = [...DETECTION_CATALOG, { name: 'DbSnapshotShared', title: { ko: 'DB 스냅샷 공유', en: 'DB snapshot shared' } }];

export async function startHarness(): Promise<Harness> {
  const table = fakeTable(STATE_TABLE);
  // What the stack writes: one item per deployed detection.
  for (const record of detectionRecordsOf(DEPLOYED_DETECTIONS)) table.items.set(detectionKey(record.name), detectionItem(record));
  const aws = await startAwsStandIn({
    routes: { ...FAKE_KMS_ROUTES, ...table.routes, [TARGETS.describeMetricFilters]: oneFilter, [TARGETS.filterLogEvents]: pages([]) },
  });
  const hook = await startWebhookStandIn();
  Object.assign(process.env, awsEnvironment(aws.url));
  const env: Record<string, string> = {
    WEBHOOK_URL: fakeCiphertext(hook.url, { LambdaFunctionName: FUNCTION_NAME }),
    AWS_LAMBDA_FUNCTION_NAME: FUNCTION_NAME,
    STATE_TABLE,
  };
  const lines: string[] = [];
  for (const method of ['log', 'warn', 'error', 'info', 'debug'] as const) {
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
  }
  const clients: { destroy(): void }[] = [];
  return {
    aws,
    hook,
    table,
    env,
    lines,
    decisions: (msg) =>
      lines
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((d) => msg === undefined || d.msg === msg),
    handler: (overrides = {}) => {
      const logs = new CloudWatchLogsClient({});
      const kms = new KMSClient({});
      clients.push(logs, kms);
      return createHandler({
        logs,
        kms,
        env,
        delivery: { attemptTimeoutMs: 2000, baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 3 },
        ...overrides,
      });
    },
    close: async () => {
      for (const c of clients) c.destroy();
      jest.restoreAllMocks();
      await Promise.all([aws.close(), hook.close()]);
    },
  };
}
