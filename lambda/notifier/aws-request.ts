/**
 * A signed AWS request without a service client: SigV4 (@smithy/signature-v4, which the two SDK clients
 * bundle anyway) over `fetch`. A full DynamoDB or SQS client would add its commands, serializers and
 * endpoint rules to the Lambda bundle for two or three calls (bench/notifier.ts measures the budget).
 * Endpoints follow the SDK's own variables, so tests reach local stand-ins the same way:
 * `AWS_ENDPOINT_URL_<SERVICE_ID>` (e.g. AWS_ENDPOINT_URL_DYNAMODB), then AWS_ENDPOINT_URL.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

/** The SDK's credential shape; the Lambda borrows its KMS client's provider, the CLI the default chain. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface AwsCaller {
  readonly credentials: () => Promise<AwsCredentials>;
  readonly region: () => Promise<string>;
}

export interface AwsRequest {
  /** Signing name and endpoint prefix, e.g. `dynamodb`, `sqs`, `lambda`. */
  readonly service: string;
  /** The SDK's endpoint variable suffix, e.g. `DYNAMODB`, `SQS`, `LAMBDA`. */
  readonly serviceEnvId: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly signal?: AbortSignal;
}

export interface AwsResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

/** What SignatureV4 hands a hash: text or bytes. */
type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData): string | Uint8Array =>
  typeof data === 'string' ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);

/** SHA-256 (and HMAC-SHA-256 with a secret) in the shape SignatureV4 expects, on node:crypto. */
class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    throw new Error('not used by SignatureV4');
  }
}

/** The service's endpoint: the SDK's endpoint variables first, else the public regional endpoint. */
export function endpointOf(service: string, serviceEnvId: string, region: string, env: NodeJS.ProcessEnv = process.env): URL {
  const configured = env[`AWS_ENDPOINT_URL_${serviceEnvId}`] || env.AWS_ENDPOINT_URL;
  return new URL(configured || `https://${service}.${region}.amazonaws.com`);
}

export async function sendSigned(caller: AwsCaller, request: AwsRequest): Promise<AwsResponse> {
  const region = await caller.region();
  const endpoint = endpointOf(request.service, request.serviceEnvId, region);
  // Loaded at the first signed call, not at init: cold init stays within the bench's budget.
  const { SignatureV4 } = await import('@smithy/signature-v4');
  const signer = new SignatureV4({ credentials: caller.credentials, region, service: request.service, sha256: Sha256 });
  const basePath = endpoint.pathname.replace(/\/$/, '');
  const signed = await signer.sign({
    method: 'POST',
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    port: endpoint.port ? Number(endpoint.port) : undefined,
    path: `${basePath}${request.path}`,
    query: {},
    headers: { ...request.headers, host: endpoint.host },
    body: request.body,
  });
  const res = await fetch(new URL(`${basePath}${request.path}`, endpoint), {
    method: 'POST',
    // `host` is set by fetch itself and may not be passed; it was signed with the same value.
    headers: Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name.toLowerCase() !== 'host')),
    body: request.body,
    signal: request.signal,
  });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

/** An AWS JSON-protocol error: `{"__type": "...#Code", "message": "..."}`. */
export class AwsCallError extends Error {
  override readonly name = 'AwsCallError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** One call of an AWS JSON 1.0 protocol operation (DynamoDB, SQS): `X-Amz-Target: <prefix>.<operation>`. */
export async function callJson(
  caller: AwsCaller,
  service: { readonly name: string; readonly envId: string; readonly targetPrefix: string },
  operation: string,
  input: unknown,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  const res = await sendSigned(caller, {
    service: service.name,
    serviceEnvId: service.envId,
    path: '/',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `${service.targetPrefix}.${operation}` },
    body: JSON.stringify(input),
    signal,
  });
  let parsed: Record<string, unknown> = {};
  try {
    parsed = res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {};
  } catch {
    // a non-JSON answer (a proxy's error page): reported by status below
  }
  if (res.status >= 200 && res.status < 300) return parsed;
  const code = String(parsed.__type ?? `HTTP${res.status}`).split('#').pop() ?? 'Unknown';
  const message = String(parsed.message ?? parsed.Message ?? res.body.slice(0, 200));
  throw new AwsCallError(code, `${service.name} ${operation} failed: ${code}: ${message}`, res.status);
}
