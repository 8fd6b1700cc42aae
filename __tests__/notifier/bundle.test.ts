/**
 * The artifact Lambda runs, end to end against the local AWS stand-ins (CloudWatch Logs, KMS, DynamoDB) and
 * webhook stand-ins: what reaches the channel, and how many times, when things go wrong.
 */
import * as fs from 'node:fs';
import { TARGETS } from './support/aws-stand-in';
import { builtBundle, loadBundle, removeBuiltBundle } from './support/built-bundle';
import { DYNAMODB_TARGETS } from './support/fake-dynamodb';
import { alarmMessage, cloudTrailRecord, describeAlarmsXml, destinationRecord, logEvent, snsEvent } from './support/fixtures';
import { FUNCTION_NAME, contextWith, pages, startHarness, type Harness } from './support/harness';
import { CHAT_SERVICES } from './support/chat-schemas';
import { fakeCiphertext } from './support/fake-kms';
import { DOORAY_OK_BODY, startWebhookStandIn } from './support/webhook-stand-in';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  Object.assign(process.env, h.env, { LOCALE: 'en' });
  h.aws.route(TARGETS.filterLogEvents, pages([logEvent(cloudTrailRecord())]));
});
afterEach(async () => {
  for (const key of Object.keys(h.env)) delete process.env[key];
  delete process.env.LOCALE;
  delete process.env.WEBHOOK_TARGET;
  await h.close();
});
afterAll(() => removeBuiltBundle());

const texts = () => h.hook.posts.map((p) => (p.body as { text: string }).text);

it('does not bundle the detection catalog: a catalog edit leaves the code hash alone', () => {
  const code = fs.readFileSync(builtBundle(), 'utf8');
  expect(code).not.toContain('CloudTrail configuration changed');
  expect(code).not.toContain('AWSServiceRoleFor');
});

it('loads with no AWS call and posts one alarm end to end', async () => {
  const handler = loadBundle();
  expect(h.aws.calls).toHaveLength(0);
  await expect(handler(snsEvent(alarmMessage()), contextWith(10_000))).resolves.toEqual({ posted: 1, ignored: 0 });
  expect(h.aws.calls.map((c) => c.target).sort()).toEqual(
    [TARGETS.describeMetricFilters, TARGETS.filterLogEvents, TARGETS.decrypt, DYNAMODB_TARGETS.getItem, DYNAMODB_TARGETS.getItem, DYNAMODB_TARGETS.putItem, DYNAMODB_TARGETS.putItem].sort(),
  );
  expect(h.hook.posts).toHaveLength(1);
  expect(texts()[0].split('\n')[0]).toBe('[LOW] Unauthorized API call alarm triggered');
  expect(texts()[0]).toContain('us-east-1  ec2.amazonaws.com/RunInstances  err=Client.UnauthorizedOperation');
});

it('slow webhook (accepts, answers after 5.2 s): exactly one message, even when Lambda retries the invocation', async () => {
  h.hook.reply({ status: 200, body: DOORAY_OK_BODY, delayMs: 5200 });
  const handler = loadBundle();
  await expect(handler(snsEvent(alarmMessage()), contextWith(60_000))).resolves.toEqual({ posted: 1, ignored: 0 });
  expect(h.hook.posts).toHaveLength(1);
  // Lambda's asynchronous retry of the same event, in a new container: the delivery record stops it.
  await expect(loadBundle()(snsEvent(alarmMessage()), contextWith(60_000))).resolves.toEqual({ posted: 0, ignored: 1 });
  expect(h.hook.posts).toHaveLength(1);
}, 20_000);

it.each([
  ['Dooray! isSuccessful=false', { status: 200, body: JSON.stringify({ header: { isSuccessful: false, resultCode: -1, resultMessage: 'Invalid' } }) }],
  ['HTTP 400', { status: 400, body: 'invalid_payload' }],
  ['HTTP 413', { status: 413, body: 'too large' }],
])('refusal (%s): the minimal message is delivered instead', async (_label, refusal) => {
  h.hook.reply(refusal, { status: 200, body: DOORAY_OK_BODY });
  await expect(loadBundle()(snsEvent(alarmMessage()), contextWith(10_000))).resolves.toEqual({ posted: 1, ignored: 0 });
  expect(h.hook.posts).toHaveLength(2);
  expect(texts()[1]).toBe(
    [
      '[LOW] Unauthorized API call alarm triggered (short form: the full message was refused)',
      'Alarm: UnauthorizedAPICall',
      'Account: 123456789012',
      'Alarm time: 2026-01-07 13:36:05 KST',
      'Matching events: 2',
      'https://console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2#alarmsV2:alarm/UnauthorizedAPICall',
    ].join('\n'),
  );
  expect(h.hook.posts[1].body).not.toHaveProperty('attachments');
});

it('a destination record from the dead-letter queue is delivered', async () => {
  const handler = loadBundle();
  await expect(handler(destinationRecord(snsEvent(alarmMessage())), contextWith(10_000))).resolves.toEqual({ posted: 1, ignored: 0 });
  expect(h.hook.posts).toHaveLength(1);
  expect(texts()[0].split('\n')[0]).toBe('[LOW] Unauthorized API call alarm triggered');
});

it('a follow-up while the alarm stays in ALARM: what arrived since the message, labelled, once', async () => {
  const handler = loadBundle();
  await handler(snsEvent(alarmMessage()), contextWith(10_000));
  const arrived = { ...logEvent(cloudTrailRecord({ eventName: 'StopLogging', eventID: 'later-1' }), 3), ingestionTime: Date.now() - 30_000 };
  h.aws.route(TARGETS.filterLogEvents, pages([logEvent(cloudTrailRecord()), arrived]));
  h.aws.route('POST /', () => ({ raw: describeAlarmsXml('UnauthorizedAPICall', 'ALARM') }));
  await expect(handler({ trailwatch: 'follow-up-sweep' }, contextWith(10_000))).resolves.toEqual({ posted: 1, ignored: 0 });
  expect(texts()).toHaveLength(2);
  expect(texts()[1].split('\n')[0]).toBe('[LOW] [Follow-up] Unauthorized API call: new events while the alarm stays on');
  expect(texts()[1]).toContain('id=later-1');
  expect(texts()[1]).not.toContain('id=6f1c2b8e');
});

it.each(Object.keys(CHAT_SERVICES) as (keyof typeof CHAT_SERVICES)[])(
  '%s: the payload passes a stand-in that checks the documented schema, full and (after a refusal) minimal',
  async (name) => {
    const service = CHAT_SERVICES[name];
    const hook = await startWebhookStandIn({ check: service.problems, ok: service.ok });
    try {
      process.env.WEBHOOK_TARGET = name;
      process.env.WEBHOOK_URL = fakeCiphertext(hook.url, { LambdaFunctionName: FUNCTION_NAME });
      await expect(loadBundle()(snsEvent(alarmMessage()), contextWith(10_000))).resolves.toEqual({ posted: 1, ignored: 0 });
      expect(hook.posts.map((p) => p.problems ?? [])).toEqual([[]]);
      // Refused once (HTTP 413): the minimal message goes, and passes the schema too.
      hook.reply({ status: 413, body: 'too large' }, service.ok);
      const next = snsEvent(alarmMessage({ StateChangeTime: '2026-01-07T05:36:05.472+0000' }));
      await expect(loadBundle()(next, contextWith(10_000))).resolves.toEqual({ posted: 1, ignored: 0 });
      expect(hook.posts.map((p) => p.problems ?? [])).toEqual([[], [], []]);
    } finally {
      await hook.close();
    }
  },
);
