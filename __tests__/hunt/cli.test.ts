import * as path from 'node:path';
import { expectUsageError, trailwatch } from '../cli/support/run-cli';
import { consoleLogin, iamUser } from '../fixtures/cloudtrail';
import { type AwsStandIn, awsEnvironment, startAwsStandIn, TARGETS } from '../notifier/support/aws-stand-in';

/** `trailwatch hunt` and `trailwatch sql` in-process, the SDK calling a local CloudWatch Logs stand-in. */
const CONFIG = path.join(__dirname, '..', '..', 'trailwatch.config.json');

/** The SDK reads its endpoint, region and credentials from the environment: set for each test, then restored. */
function withEnvironment(env: Record<string, string>): () => void {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  return () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

describe('trailwatch hunt', () => {
  let standIn: AwsStandIn;
  let restore: () => void;
  beforeEach(async () => {
    standIn = await startAwsStandIn();
    restore = withEnvironment(awsEnvironment(standIn.url));
  });
  afterEach(async () => {
    restore();
    await standIn.close();
  });

  it("searches the account's trail log group with each chosen pattern and prints replay's report", async () => {
    const failure = consoleLogin(iamUser(), 'Failure');
    standIn.route(TARGETS.filterLogEvents, (body) =>
      String(body.filterPattern).includes('ConsoleLogin=Failure')
        ? { body: { events: [{ eventId: 'e1', timestamp: 1, logStreamName: 's', message: JSON.stringify(failure) }] } }
        : { body: { events: [] } },
    );
    const result = await trailwatch(
      ['hunt', '--config', CONFIG, '--account', 'hdclabs', '--since', '2026-01-07', '--until', '2026-01-08', '--detection', 'ConsoleSignInFailure', 'root-alert', '--json'],
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const calls = standIn.callsTo(TARGETS.filterLogEvents).map((call) => call.body);
    expect(calls.map((body) => body.logGroupName)).toEqual(['/trailwatch-hdclabs/cloudtrail', '/trailwatch-hdclabs/cloudtrail']);
    expect(calls[0]).toMatchObject({ startTime: Date.parse('2026-01-07T00:00:00Z'), endTime: Date.parse('2026-01-08T00:00:00Z') - 1 });
    const report = JSON.parse(result.stdout) as { events: number; detections: Record<string, { matches: number }> };
    expect(Object.keys(report.detections)).toEqual(['root-alert', 'ConsoleSignInFailure']); // catalog order
    expect(report.detections.ConsoleSignInFailure.matches).toBe(1);
    expect(report.events).toBe(1);
  });

  it("searches an existing trail's log group, as configured, for an account in existing mode", async () => {
    standIn.route(TARGETS.filterLogEvents, () => ({ body: { events: [] } }));
    const result = await trailwatch(['hunt', '--config', CONFIG, '--account', 'management', '--since', '2026-01-07', '--until', '2026-01-08', '--detection', 'root-alert']);
    expect(result.stderr).toBe('');
    expect(standIn.callsTo(TARGETS.filterLogEvents).map((call) => call.body.logGroupName)).toEqual(['aws-controltower/CloudTrailLogs']);
  });

  it('says what it searched, then prints the report as replay does', async () => {
    standIn.route(TARGETS.filterLogEvents, () => ({ body: { events: [] } }));
    const result = await trailwatch(['hunt', '--log-group', 'aws-controltower/CloudTrailLogs', '--since', '2026-01-07', '--until', '2026-01-08', '--detection', 'root-alert']);
    expect(result.status).toBe(0);
    const [searched, summary] = result.stdout.split('\n');
    expect(searched).toBe('aws-controltower/CloudTrailLogs from 2026-01-07T00:00:00.000Z to 2026-01-08T00:00:00.000Z: 1 FilterLogEvents pages.');
    expect(summary).toMatch(/^0 CloudTrail events, 1 file; 1 detections of default catalog, profile human\.$/);
    expect(result.stdout).toMatch(/^root-alert +0 +0 +0 /m);
  });

  it('names an unknown detection, in one line, exit 2', async () => {
    const result = await trailwatch(['hunt', '--config', CONFIG, '--account', 'hdclabs', '--since', '1d', '--detection', 'Nope']);
    expectUsageError(result, /^trailwatch: no detection "Nope" \(detections: root-alert, .*\)\n$/);
  });
});

describe('trailwatch sql', () => {
  it("prints one query per detection over the account's table", async () => {
    const result = await trailwatch(['sql', '--config', CONFIG, '--account', 'hdclabs', '--since', '2024-05-01', '--until', '2024-06-01', '--json']);
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout) as { table: string; queries: { name: string; sql?: string }[] };
    expect(output.table).toBe('trailwatch_hdclabs.cloudtrail');
    expect(output.queries.length).toBeGreaterThan(10);
    for (const query of output.queries) expect(query.sql).toContain(`"timestamp" BETWEEN '2024/05/01' AND '2024/06/01'`);
  });
});
