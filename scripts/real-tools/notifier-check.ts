/**
 * The notifier against moto, after `terraform apply`: what the stack deployed and what the Lambda expects
 * must agree on names, environment and encryption context. The webhook URL of a local HTTPS stand-in is
 * encrypted by `npm run encrypt-webhook` with moto's KMS under the stack's key and function name, applied as
 * the stack's variable, and the notifier code the stack deployed (unzipped from its asset) runs with the
 * environment moto holds for the function, against the metric filter and log group apply created.
 * Nothing here names the notifier's environment variables: they come from the deployed function.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import { alarmMessage, cloudTrailRecord, snsEvent } from '../../__tests__/notifier/support/fixtures';
import { DOORAY_OK_BODY } from '../../__tests__/notifier/support/webhook-stand-in';
import { DETECTION_CATALOG } from '../../catalog/detections';
import type { AccountConfig } from '../../stacks/config';
import { MOTO_CREDENTIALS, motoGet, motoJson, type MotoServer } from './moto';
import { run, say } from './toolchain';

/** The detection whose alarm is raised: in every profile, and its catalog title is known. */
const DETECTION = 'UnauthorizedAPICall';

export interface DeployedStack {
  readonly dir: string;
  readonly account: AccountConfig;
  readonly terraform: string;
  readonly env: NodeJS.ProcessEnv;
  /** Applies the stack again with `-var name=value` pairs; returns the error text or undefined. */
  readonly reapply: (vars: Record<string, string>) => string | undefined;
}

interface Posted {
  readonly body: { botName?: string; text?: string; attachments?: { title?: string; titleLink?: string }[] };
}

/** Returns the problems found (none = the notifier posted the expected message). */
export async function checkNotifier(stack: DeployedStack, moto: MotoServer, tmp: string): Promise<string[]> {
  const { account } = stack;
  const outputs = terraformOutputs(stack);
  const functionName = outputs.notifier_function_name;
  const awsEnv = { ...MOTO_CREDENTIALS, AWS_ENDPOINT_URL: moto.endpoint, AWS_REGION: account.region };

  const { cert, key } = selfSignedCertificate(tmp);
  const posts: Posted[] = [];
  const server = https.createServer({ cert, key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      posts.push({ body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Posted['body'] });
      res.writeHead(200, { 'content-type': 'application/json' }).end(DOORAY_OK_BODY);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const hookUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/services/3036349505739914786/4112157297759916022/moto-check-token`;
    const encrypted = run('npm', ['run', '--silent', 'encrypt-webhook', '--', '--key', outputs.notifier_key_arn, '--function', functionName, '--region', account.region], {
      input: hookUrl,
      env: { ...process.env, ...awsEnv },
      allowFailure: true,
    });
    if (encrypted.status !== 0) return [`npm run encrypt-webhook failed: ${encrypted.stderr.trim()}`];
    const reapplied = stack.reapply({ webhook_url_ciphertext: encrypted.stdout.trim() });
    if (reapplied) return [`terraform apply with the ciphertext failed: ${reapplied}`];

    const record = await putMatchingEvent(moto, account, outputs.log_group_name);
    const deployed = await motoGet(moto.endpoint, 'lambda', account.region, `/2015-03-31/functions/${functionName}/configuration`);
    const functionEnv = ((deployed.Environment as { Variables?: Record<string, string> } | undefined)?.Variables ?? {}) as Record<string, string>;
    const bundle = deployedBundle(stack.dir, tmp);
    const alarm = deployedAlarm(stack, DETECTION);
    const event = alarmEvent(account, alarm, outputs.topic_arn, Date.parse(String(record.eventTime)));

    const invocation = await invoke(bundle, event, {
      PATH: process.env.PATH ?? '',
      ...functionEnv,
      ...awsEnv,
      AWS_LAMBDA_FUNCTION_NAME: String(deployed.FunctionName),
      NODE_EXTRA_CA_CERTS: path.join(tmp, 'webhook-cert.pem'),
    });
    say(`notifier invocation: ${JSON.stringify(invocation)}; ${posts.length} post(s) received`);
    return expectations(account, posts, record, outputs.log_group_name, invocation);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

function expectations(account: AccountConfig, posts: Posted[], record: Record<string, unknown>, logGroup: string, invocation: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const expect = (ok: boolean, what: string) => void (ok || problems.push(what));
  expect(invocation.error === undefined, `the invocation failed: ${String(invocation.error)}`);
  expect(posts.length === 1, `expected one post to the webhook, got ${posts.length}`);
  const body = posts[0]?.body ?? {};
  const text = body.text ?? '';
  const title = DETECTION_CATALOG.find((d) => d.name === DETECTION)!.title[account.notifier.locale];
  const identity = record.userIdentity as { arn: string };
  expect(body.botName === account.notifier.botName, `botName: expected ${JSON.stringify(account.notifier.botName)}, got ${JSON.stringify(body.botName)}`);
  for (const [what, value] of [
    ['the detection title', title],
    ['the alarm name', `${account.namePrefix}${DETECTION}`],
    ['the account id', account.id],
    ['the region', account.region],
    ['the log group', logGroup],
    ['the principal of the event', identity.arn],
    ['the source IP of the event', String(record.sourceIPAddress)],
    ['the event id', String(record.eventID)],
  ] as const) {
    expect(text.includes(value), `the message lacks ${what} (${value}):\n${text}`);
  }
  expect(body.attachments?.[0]?.titleLink?.includes(account.region) === true, `the console link lacks the region: ${JSON.stringify(body.attachments)}`);
  return problems;
}

function terraformOutputs(stack: DeployedStack): Record<string, string> {
  const shown = run(stack.terraform, ['output', '-json'], { cwd: stack.dir, env: stack.env });
  const parsed = JSON.parse(shown.stdout) as Record<string, { value: string }>;
  return Object.fromEntries(Object.entries(parsed).map(([name, { value }]) => [name, value]));
}

/** The alarm as apply left it in the state (read back from moto). */
function deployedAlarm(stack: DeployedStack, detection: string): Record<string, unknown> {
  const state = JSON.parse(run(stack.terraform, ['show', '-json'], { cwd: stack.dir, env: stack.env }).stdout) as {
    values: { root_module: { resources: { type: string; values: Record<string, unknown> }[] } };
  };
  const name = `${stack.account.namePrefix}${detection}`;
  const alarm = state.values.root_module.resources.find((r) => r.type === 'aws_cloudwatch_metric_alarm' && r.values.alarm_name === name);
  if (!alarm) throw new Error(`no alarm ${name} in the state`);
  return alarm.values;
}

/** The notifier code the stack ships: index.js from the function's zip asset. */
function deployedBundle(stackDir: string, tmp: string): string {
  const json = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as { resource: { aws_lambda_function: Record<string, { filename: string }> } };
  const [fn] = Object.values(json.resource.aws_lambda_function);
  const files = unzipSync(fs.readFileSync(path.join(stackDir, fn.filename)));
  const bundle = path.join(tmp, 'deployed-notifier', 'index.js');
  fs.mkdirSync(path.dirname(bundle), { recursive: true });
  fs.writeFileSync(bundle, files['index.js']);
  return bundle;
}

/** A CloudTrail record the detection matches, written to the monitored log group as the trail would. */
async function putMatchingEvent(moto: MotoServer, account: AccountConfig, logGroupName: string): Promise<Record<string, unknown>> {
  const eventTime = new Date(Math.floor(Date.now() / 1000) * 1000 - 120_000);
  const record = cloudTrailRecord({
    userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLEMALLORY', arn: `arn:aws:iam::${account.id}:user/mallory`, accountId: account.id, userName: 'mallory' },
    eventTime: eventTime.toISOString().replace('.000Z', 'Z'),
    eventSource: 's3.amazonaws.com',
    eventName: 'GetBucketPolicy',
    awsRegion: account.region,
    sourceIPAddress: '198.51.100.7',
    errorCode: 'AccessDenied',
    errorMessage: 'Access Denied',
    recipientAccountId: account.id,
  });
  const logStreamName = `${account.id}_CloudTrail_${account.region}`;
  await motoJson(moto.endpoint, 'logs', account.region, 'Logs_20140328.CreateLogStream', { logGroupName, logStreamName });
  await motoJson(moto.endpoint, 'logs', account.region, 'Logs_20140328.PutLogEvents', {
    logGroupName,
    logStreamName,
    logEvents: [{ timestamp: eventTime.getTime(), message: JSON.stringify(record) }],
  });
  return record;
}

/** The SNS notification CloudWatch sends when the alarm goes to ALARM for the period holding `eventMs`. */
function alarmEvent(account: AccountConfig, alarm: Record<string, unknown>, topicArn: string, eventMs: number): unknown {
  const period = Number(alarm.period);
  const periodStart = new Date(Math.floor(eventMs / (period * 1000)) * period * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const quoted = `${two(periodStart.getUTCDate())}/${two(periodStart.getUTCMonth() + 1)}/${two(periodStart.getUTCFullYear() % 100)} ${two(periodStart.getUTCHours())}:${two(periodStart.getUTCMinutes())}:00`;
  const base = alarmMessage();
  const message = alarmMessage({
    AlarmName: alarm.alarm_name,
    AWSAccountId: account.id,
    AlarmArn: alarm.arn,
    AlarmActions: alarm.alarm_actions,
    NewStateReason: `Threshold Crossed: 1 datapoint [1.0 (${quoted})] was greater than or equal to the threshold (${Number(alarm.threshold).toFixed(1)}).`,
    StateChangeTime: new Date().toISOString().replace('Z', '+0000'),
    Trigger: {
      ...(base.Trigger as object),
      MetricName: alarm.metric_name,
      Namespace: alarm.namespace,
      Period: period,
      EvaluationPeriods: alarm.evaluation_periods,
      Threshold: alarm.threshold,
    },
  });
  const event = snsEvent(message, `ALARM: "${String(alarm.alarm_name)}"`);
  for (const r of event.Records) {
    r.Sns.TopicArn = topicArn;
    r.EventSubscriptionArn = `${topicArn}:6ad71be8-03c9-44a2-8222-394f775cd4d6`;
  }
  return event;
}

function selfSignedCertificate(dir: string): { cert: Buffer; key: Buffer } {
  const certFile = path.join(dir, 'webhook-cert.pem');
  const keyFile = path.join(dir, 'webhook-key.pem');
  run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']);
  return { cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) };
}

/** Runs invoke-notifier.ts in a child process with exactly `env`; resolves with its last output line. */
function invoke(bundle: string, event: unknown, env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, 'invoke-notifier.ts'), bundle], { env, stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', () => {
      const last = out.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(last) as Record<string, unknown>);
      } catch {
        reject(new Error(`the invocation printed no result:\n${out}`));
      }
    });
    child.stdin.end(JSON.stringify(event));
  });
}
