/**
 * The artifact Lambda runs: dist/notifier/index.js, built by the lead's esbuild config, loads
 * without touching AWS and handles one alarm end to end against the local stand-ins.
 */
import { buildNotifierBundle } from '../../lambda/bundle';
import type { NotifierHandler } from '../../lambda/notifier/handler';
import { TARGETS } from './support/aws-stand-in';
import { alarmMessage, cloudTrailRecord, logEvent, snsEvent } from './support/fixtures';
import { contextWith, FUNCTION_NAME, pages, startHarness, type Harness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

it('the built bundle loads with no AWS call and posts one alarm end to end', async () => {
  const file = buildNotifierBundle();
  Object.assign(process.env, h.env, { AWS_LAMBDA_FUNCTION_NAME: FUNCTION_NAME, LOCALE: 'en' });
  h.aws.route(TARGETS.filterLogEvents, pages([logEvent(cloudTrailRecord())]));

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(file) as { handler: NotifierHandler };
  expect(h.aws.calls).toHaveLength(0);

  await expect(handler(snsEvent(alarmMessage()), contextWith(10_000))).resolves.toEqual({ posted: 1, ignored: 0 });
  expect(h.aws.calls.map((c) => c.target).sort()).toEqual([TARGETS.describeMetricFilters, TARGETS.filterLogEvents, TARGETS.decrypt].sort());
  expect(h.hook.posts).toHaveLength(1);
  const { text } = h.hook.posts[0].body as { text: string };
  expect(text.split('\n')[0]).toBe('Unauthorized API call alarm triggered');
  expect(text).toContain('ec2.amazonaws.com/RunInstances  err=Client.UnauthorizedOperation');
});
