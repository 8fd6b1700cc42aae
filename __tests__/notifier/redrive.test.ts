/**
 * `trailwatch redrive` against the AWS stand-in: the dead-letter queue (fake SQS) and Lambda Invoke, behind which
 * the real handler posts to the webhook stand-in. A message is deleted only once its invocation succeeded.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chooseAccount } from '../../cli/detections';
import { describeRecord, redrive, redriveTarget } from '../../cli/redrive';
import { expectUsageError, trailwatch } from '../cli/support/run-cli';
import type { AwsCaller } from '../../lambda/notifier/aws-request';
import { describeError } from '../../lambda/notifier/log';
import { fakeQueue, SQS_TARGETS, type FakeQueue } from './support/fake-sqs';
import { ACCOUNT, alarmMessage, destinationRecord, snsEvent } from './support/fixtures';
import { FUNCTION_NAME, startHarness, type Harness } from './support/harness';

const INVOKE = `POST /2015-03-31/functions/${FUNCTION_NAME}/invocations`;
const QUEUE_URL = `https://sqs.ap-northeast-2.amazonaws.com/${ACCOUNT}/trailwatch-prod-notifier-dlq`;
const caller: AwsCaller = {
  credentials: async () => ({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }),
  region: async () => 'ap-northeast-2',
};

let h: Harness;
let queue: FakeQueue;
let lines: string[];
beforeEach(async () => {
  h = await startHarness();
  queue = fakeQueue(QUEUE_URL);
  for (const [target, route] of Object.entries(queue.routes)) h.aws.route(target, route);
  // Lambda Invoke (RequestResponse) runs the real handler; a thrown error is a function error, as in Lambda.
  const handler = h.handler();
  h.aws.route(INVOKE, async (payload) => {
    try {
      return { body: await handler(payload, { getRemainingTimeInMillis: () => 10_000 }) };
    } catch (error) {
      return { body: { errorType: 'Error', errorMessage: describeError(error) }, headers: { 'x-amz-function-error': 'Unhandled' } };
    }
  });
  lines = [];
});
afterEach(() => h.close());

const alarmAt = (time: string) => destinationRecord(snsEvent(alarmMessage({ StateChangeTime: time })));
const target = { region: 'ap-northeast-2', queueUrl: QUEUE_URL, functionName: FUNCTION_NAME };
const run = (dryRun: boolean) => redrive(target, { dryRun, caller, report: (line) => void lines.push(line) });

it('dry run: lists every message, invokes nothing, deletes nothing', async () => {
  queue.send(alarmAt('2026-01-07T04:36:05.472+0000'));
  queue.send(alarmAt('2026-01-07T05:36:05.472+0000'));
  await expect(run(true)).resolves.toEqual({ redriven: 0, failed: 0, listed: 2 });
  expect(lines).toEqual([
    'would redrive msg-1: UnauthorizedAPICall at 2026-01-07T04:36:05.472+0000, failed with RetriesExhausted: Dooray! webhook failed after 5 attempt(s): HTTP 500',
    'would redrive msg-2: UnauthorizedAPICall at 2026-01-07T05:36:05.472+0000, failed with RetriesExhausted: Dooray! webhook failed after 5 attempt(s): HTTP 500',
  ]);
  expect(h.aws.callsTo(INVOKE)).toHaveLength(0);
  expect(h.aws.callsTo(SQS_TARGETS.delete)).toHaveLength(0);
  expect(queue.bodies()).toHaveLength(2);
});

it('re-delivers each alert, deleting a message only after its delivery succeeded', async () => {
  queue.send(alarmAt('2026-01-07T04:36:05.472+0000'));
  queue.send(alarmAt('2026-01-07T05:36:05.472+0000'));
  queue.send(alarmAt('2026-01-07T06:36:05.472+0000'));
  // The third alert's webhook is still down.
  h.hook.reply({ status: 200 }, { status: 200 }, { status: 500 });
  await expect(run(false)).resolves.toEqual({ redriven: 2, failed: 1, listed: 0 });
  expect(h.hook.posts).toHaveLength(2 + 3);
  expect(queue.bodies()).toEqual([JSON.stringify(alarmAt('2026-01-07T06:36:05.472+0000'))]);
  expect(lines[0]).toBe('redriven msg-1: UnauthorizedAPICall at 2026-01-07T04:36:05.472+0000, failed with RetriesExhausted: Dooray! webhook failed after 5 attempt(s): HTTP 500 (notifier answered {"posted":1,"ignored":0})');
  expect(lines[2]).toMatch(/^failed msg-3: .*; kept in the queue \(notifier failed: .*Dooray! webhook failed after 3 attempt\(s\): HTTP 500/);
});

it('an alert that did reach the channel is not posted again, and its message is deleted', async () => {
  queue.send(alarmAt('2026-01-07T04:36:05.472+0000'));
  await h.handler()(snsEvent(alarmMessage({ StateChangeTime: '2026-01-07T04:36:05.472+0000' })), { getRemainingTimeInMillis: () => 10_000 });
  expect(h.hook.posts).toHaveLength(1);
  await expect(run(false)).resolves.toEqual({ redriven: 1, failed: 0, listed: 0 });
  expect(h.hook.posts).toHaveLength(1);
  expect(queue.bodies()).toEqual([]);
});

describe('where to redrive', () => {
  it('derives the queue and function from the account, unless given', () => {
    const account = { name: 'prod', id: ACCOUNT, region: 'ap-northeast-2', namePrefix: '' };
    expect(redriveTarget(account)).toEqual({ region: 'ap-northeast-2', queueUrl: QUEUE_URL, functionName: 'trailwatch-prod-notifier' });
    expect(redriveTarget(account, { functionName: 'f', queueUrl: 'q' })).toEqual({ region: 'ap-northeast-2', queueUrl: 'q', functionName: 'f' });
  });

  it('looks the account up in the configuration file synth reads, with a usage error naming the accounts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trailwatch-redrive-'));
    const file = path.join(dir, 'accounts.json');
    fs.writeFileSync(file, JSON.stringify([{ name: 'prod', id: ACCOUNT, region: 'ap-northeast-2', namePrefix: 'x-', alerting: { healthEmails: ['ops@example.com'] } }]));
    try {
      expect(chooseAccount({ account: 'prod', config: file }).account).toMatchObject({ name: 'prod', id: ACCOUNT, region: 'ap-northeast-2', namePrefix: 'x-' });
      expectUsageError(await trailwatch(['redrive', '--config', file, '--account', 'nope']), /^trailwatch: no account "nope" in \S*accounts\.json \(accounts: prod\)\n$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('describes what it cannot read', () => {
    expect(describeRecord('not json')).toBe('not a destination record');
    expect(describeRecord('{}')).toBe('no alarm notification');
  });
});
