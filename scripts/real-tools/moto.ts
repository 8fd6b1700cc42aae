/**
 * moto in server mode (the pinned moto[server] of requirements.txt) on 127.0.0.1, one server per account:
 * MOTO_ACCOUNT_ID makes every request land in that account, so the ARNs moto returns carry the account id
 * the stack hard-codes (allowed_account_ids, key policies, alarm ARNs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export interface MotoServer {
  readonly endpoint: string;
  readonly accountId: string;
  /** Where the server's own log goes. */
  readonly logFile: string;
  stop(): Promise<void>;
}

/** Every service the stacks' provider and the notifier call. */
export const MOTO_SERVICES = ['cloudtrail', 'cloudwatch', 'logs', 'iam', 'kms', 'lambda', 's3', 'sns', 'sqs', 'sts', 'organizations', 'dynamodb', 'scheduler', 'glue', 'athena'] as const;

/** Credentials moto accepts (it checks no signature). */
export const MOTO_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' } as const;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function startMoto(venvBin: string, accountId: string, logDir: string): Promise<MotoServer> {
  const port = await freePort();
  const logFile = path.join(logDir, `moto-${accountId}.log`);
  const log = fs.openSync(logFile, 'w');
  const child: ChildProcess = spawn(path.join(venvBin, 'moto_server'), ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_ACCOUNT_ID: accountId },
    stdio: ['ignore', log, log],
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited ${child.exitCode}; see ${logFile}`);
    try {
      if ((await fetch(`${endpoint}/moto-api/`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`moto_server did not answer on ${endpoint} within 60 s; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    endpoint,
    accountId,
    logFile,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * One AWS JSON-protocol call to moto (X-Amz-Target), unsigned: moto routes by the service named in the
 * Authorization header's credential scope and checks no signature.
 */
export async function motoJson(endpoint: string, service: string, region: string, target: string, body: object): Promise<Record<string, unknown>> {
  const res = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target, authorization: authorization(service, region) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`moto ${target}: ${res.status} ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** One REST GET to moto (e.g. Lambda's GetFunctionConfiguration). */
export async function motoGet(endpoint: string, service: string, region: string, urlPath: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${endpoint}${urlPath}`, { headers: { authorization: authorization(service, region) } });
  const text = await res.text();
  if (!res.ok) throw new Error(`moto GET ${urlPath}: ${res.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

const authorization = (service: string, region: string) =>
  `AWS4-HMAC-SHA256 Credential=${MOTO_CREDENTIALS.AWS_ACCESS_KEY_ID}/20260101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`;

/**
 * The override file that points a stack's provider at moto (terraform merges `*_override.tf.json` over
 * the stack): static test credentials, every endpoint, path-style S3, and a local backend. The account id
 * is still requested (moto's STS answers with MOTO_ACCOUNT_ID), because allowed_account_ids needs it.
 */
export function motoOverride(endpoint: string): object {
  return {
    terraform: { backend: { local: { path: 'terraform.tfstate' } } },
    provider: {
      aws: {
        access_key: MOTO_CREDENTIALS.AWS_ACCESS_KEY_ID,
        secret_key: MOTO_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
        skip_credentials_validation: true,
        skip_requesting_account_id: false,
        skip_metadata_api_check: true,
        s3_use_path_style: true,
        endpoints: [Object.fromEntries(MOTO_SERVICES.map((service) => [service, endpoint]))],
      },
    },
  };
}
