import { CloudWatchLogsClient, FilterLogEventsCommand, type FilterLogEventsCommandInput } from '@aws-sdk/client-cloudwatch-logs';
import { accessDenied, consoleLogin, iamUser, root } from '../fixtures/cloudtrail';
import { type AwsStandIn, awsError, startAwsStandIn, TARGETS } from '../notifier/support/aws-stand-in';
import { hunt } from '../../hunt/hunt';

const LOG_GROUP = '/trailwatch-prod/cloudtrail';
const SINCE = new Date('2026-01-07T00:00:00Z');
const UNTIL = new Date('2026-01-08T00:00:00Z');
const detection = (name: string, pattern: string) => ({ name, pattern, period: 300, threshold: 1, evaluationPeriods: 1 });
const logEvent = (record: Record<string, unknown>, i: number) => ({ logStreamName: '111122223333_CloudTrail_ap-northeast-2', eventId: `e${i}`, timestamp: Date.parse(String(record.eventTime)), message: JSON.stringify(record) });

describe('hunt over a CloudWatch Logs stand-in', () => {
  let standIn: AwsStandIn;
  let client: CloudWatchLogsClient;
  const filterLogEvents = (input: FilterLogEventsCommandInput) => client.send(new FilterLogEventsCommand(input));
  beforeEach(async () => {
    standIn = await startAwsStandIn();
    client = new CloudWatchLogsClient({
      endpoint: standIn.url,
      region: 'ap-northeast-2',
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'example' },
      maxAttempts: 1,
    });
  });
  afterEach(async () => {
    client.destroy();
    await standIn.close();
  });

  it('reads every page (empty ones included), backs off when throttled, and reports what replay reports', async () => {
    const denied = [accessDenied(iamUser()), accessDenied(root(), 'ec2.amazonaws.com', 'RunInstances', 'Client.UnauthorizedOperation')];
    const failed = consoleLogin(iamUser(), 'Failure');
    // UnauthorizedAPICall: an empty page with a token, a throttled call, then two pages. Failures: one page.
    standIn.route(TARGETS.filterLogEvents, (body, index) => {
      if (body.filterPattern === '{$.errorCode="AccessDenied*"||$.errorCode="*UnauthorizedOperation"}') {
        return [
          { body: { events: [], nextToken: 't1' } },
          awsError('ThrottlingException', 'Rate exceeded'),
          { body: { events: [logEvent(denied[0], 1)], nextToken: 't2' } },
          { body: { events: [logEvent(denied[1], 2), { eventId: 'e3', message: 'not json' }] } },
        ][index];
      }
      return { body: { events: [logEvent(failed, 4)] } };
    });
    const waits: number[] = [];
    const report = await hunt(
      filterLogEvents,
      LOG_GROUP,
      [detection('UnauthorizedAPICall', '{$.errorCode="AccessDenied*"||$.errorCode="*UnauthorizedOperation"}'), detection('ConsoleSignInFailure', '{$.eventName=ConsoleLogin&&$.errorMessage="Failed authentication"}')],
      SINCE,
      UNTIL,
      { backoff: { sleep: async (ms) => void waits.push(ms), random: () => 0.5 } },
    );

    const calls = standIn.callsTo(TARGETS.filterLogEvents).map((call) => call.body);
    expect(calls.map((body) => body.nextToken)).toEqual([undefined, 't1', 't1', 't2', undefined]);
    expect(calls[0]).toMatchObject({ logGroupName: LOG_GROUP, startTime: SINCE.getTime(), endTime: UNTIL.getTime() - 1 });
    expect(waits).toEqual([125]); // half (random 0.5) of the first backoff step, 250 ms
    expect(report.detections.UnauthorizedAPICall).toMatchObject({ matches: 2, topEventNames: [['ListUsers', 1], ['RunInstances', 1]] });
    expect(report.detections.ConsoleSignInFailure).toMatchObject({ matches: 1, alarmPeriods: 1, notifications: 1 });
    expect(report.events).toBe(3);
    expect(report.skipped).toBe(1);
    expect(report.problems[0].reason).toMatch(/^UnauthorizedAPICall: event e3: not JSON/);
  });

  it('gives up after the retries when throttling persists', async () => {
    standIn.route(TARGETS.filterLogEvents, () => awsError('ThrottlingException', 'Rate exceeded'));
    const run = hunt(filterLogEvents, LOG_GROUP, [detection('X', '{$.eventName=X}')], SINCE, UNTIL, { backoff: { maxRetries: 3, sleep: async () => undefined } });
    await expect(run).rejects.toThrow('Rate exceeded');
    expect(standIn.callsTo(TARGETS.filterLogEvents)).toHaveLength(4);
  });

  it('does not retry other errors', async () => {
    standIn.route(TARGETS.filterLogEvents, () => awsError('ResourceNotFoundException', 'The specified log group does not exist.'));
    await expect(hunt(filterLogEvents, LOG_GROUP, [detection('X', '{$.eventName=X}')], SINCE, UNTIL)).rejects.toThrow('does not exist');
    expect(standIn.callsTo(TARGETS.filterLogEvents)).toHaveLength(1);
  });
});
