import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { compileDetections } from '../../catalog/compile';
import { replay } from '../../replay/replay';
import { suggestExclusions } from '../../replay/suggest-exclusions';

/**
 * Replay of hand-written CloudTrail (AWS record format) through the real catalog. The fixtures:
 * - S3_FILE, a log file as CloudTrail delivers it ({"Records":[...]}, 12 records, 00:01–00:09:30 UTC):
 *   1 alice console sign-in without MFA · 2 alice sign-in failure · 3 SSO sign-in without MFA (federated, not
 *   an IAM user) · 4 root ListBuckets · 5 MSP user AccessDenied on Cost Explorer · 6 alice AccessDenied on S3 ·
 *   7 AWSServiceRoleForConfig AccessDenied · 8 SSO AuthorizeSecurityGroupIngress (its request has quotes and
 *   braces inside strings) · 9 SSO PutBucketPolicy · 10 alice StopLogging · 11 alice GuardDuty DeleteDetector ·
 *   12 EC2 instance role DescribeInstances.
 * - EXPORT_FILE, a CloudWatch Logs export (timestamp + JSON per line, 00:10–00:21 UTC): 1–3 GitHub Actions role
 *   UnauthorizedOperation (00:10:05, 00:10:30, 00:16:00) · 4 alice DeleteAlarms · 5 alice
 *   DeleteFunction20150331v2 · 6 AWSService CreateRoute · 7 terraform role CreateRoute · a blank line · 8 alice
 *   ScheduleKeyDeletion · 9 GuardDuty UpdateDetector enable=false · 10 the same with enable=true · 11 root
 *   console sign-in with MFA.
 */
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'replay');
const S3_FILE = path.join(FIXTURES, '111122223333_CloudTrail_ap-northeast-2_20240501T0010Z_Ab12Cd34Ef56Gh78.json');
const EXPORT_FILE = path.join(FIXTURES, 'cloudwatch-export-000000.txt');
const ACCOUNT = '111122223333';

const HUMAN: Record<string, number> = {
  'root-alert': 2, // S3 4, export 11
  UnauthorizedAPICall: 4, // S3 6, export 1–3 (Cost Explorer and the service-linked role are AWS noise)
  ConsoleSignInWithoutMfa: 1,
  ConsoleSignInFailure: 1,
  IAMPolicyChanged: 0,
  CloudTrailChangesEvent: 1,
  KMSKeyDisableOrDeletion: 1,
  S3BucketPolicyChange: 1,
  AWSConfigChange: 0,
  SecurityGroupChange: 1,
  NetworkAclChange: 0,
  GatewayChange: 0,
  VpcRouteTableChange: 1, // the terraform role; the AWSService route is noise
  VpcChange: 0,
  OrganizationsChange: 0,
  MonitoringTamper: 2, // DeleteAlarms, DeleteFunction20150331v2
  SecurityServiceDisabled: 2, // DeleteDetector, UpdateDetector enable=false
};
/** The exact CIS texts keep what the human profile calls AWS noise. */
const CIS = { ...HUMAN, UnauthorizedAPICall: 6, VpcRouteTableChange: 2 };

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'trailwatch-replay-'));
  const day = path.join(work, 's3', 'AWSLogs', ACCOUNT, 'CloudTrail', 'ap-northeast-2', '2024', '05', '01');
  fs.mkdirSync(day, { recursive: true });
  fs.writeFileSync(path.join(day, `${path.basename(S3_FILE)}.gz`), gzipSync(fs.readFileSync(S3_FILE)));
  // Digest files sit beside the logs and hold no events: a folder walk skips them.
  const digest = path.join(work, 's3', 'AWSLogs', ACCOUNT, 'CloudTrail-Digest', 'ap-northeast-2', '2024', '05', '01');
  fs.mkdirSync(digest, { recursive: true });
  fs.writeFileSync(path.join(digest, `${ACCOUNT}_CloudTrail-Digest_ap-northeast-2_trailwatch_20240501T011005Z.json.gz`), gzipSync('{"awsAccountId":"111122223333","digestStartTime":"2024-05-01T00:10:05Z"}'));
  fs.writeFileSync(path.join(work, 's3', 'README.md'), '# not a log\n');
  fs.mkdirSync(path.join(work, 'export'));
  fs.writeFileSync(path.join(work, 'export', '000000.gz'), gzipSync(fs.readFileSync(EXPORT_FILE)));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const matches = (report: { detections: Record<string, { matches: number }> }): Record<string, number> =>
  Object.fromEntries(Object.entries(report.detections).map(([name, detection]) => [name, detection.matches]));

describe('replay of CloudTrail fixtures', () => {
  it('counts each detection exactly: gzip S3 delivery (folder walk) and a gzip CloudWatch Logs export', async () => {
    const { report } = await replay([path.join(work, 's3'), path.join(work, 'export')], compileDetections({}, 'test'));
    expect(report.problems).toEqual([]);
    expect(report.skipped).toBe(0);
    expect(report.events).toBe(23);
    expect(matches(report)).toEqual(HUMAN);
    expect(report.firstEventTime).toBe('2024-05-01T00:01:10Z');
    expect(report.lastEventTime).toBe('2024-05-01T00:21:00Z');
  });

  it('tells the format by content: the same counts from the uncompressed files, whatever their names', async () => {
    const { report } = await replay([S3_FILE, EXPORT_FILE], compileDetections({}, 'test'));
    expect(report.skipped).toBe(0);
    expect(matches(report)).toEqual(HUMAN);
  });

  it('uses the profile the detections were compiled with: cis-securityhub keeps AWS service noise', async () => {
    const { report } = await replay([S3_FILE, EXPORT_FILE], compileDetections({ profile: 'cis-securityhub' }, 'test'));
    expect(matches(report)).toEqual(CIS);
  });

  it('honours account exclusions exactly as deployed', async () => {
    const settings = { overrides: { UnauthorizedAPICall: { exclusions: { principalArns: [`arn:aws:sts::${ACCOUNT}:assumed-role/github-actions-deploy/*`] } } } };
    const { report } = await replay([S3_FILE, EXPORT_FILE], compileDetections(settings, 'test'));
    expect(report.detections.UnauthorizedAPICall.matches).toBe(1);
  });

  it('reports alarm periods, notifications and top lists per detection', async () => {
    const { report } = await replay([S3_FILE, EXPORT_FILE], compileDetections({}, 'test'));
    // Matches in the 5-minute periods starting 00:00 (one), 00:10 (two) and 00:15 (one): three periods in
    // ALARM; 00:10 and 00:15 are consecutive, so two OK → ALARM transitions.
    expect(report.detections.UnauthorizedAPICall).toEqual({
      matches: 4,
      alarmPeriods: 3,
      notifications: 2,
      topPrincipals: [
        [`arn:aws:sts::${ACCOUNT}:assumed-role/github-actions-deploy/GitHubActions-4821`, 3],
        [`arn:aws:iam::${ACCOUNT}:user/alice`, 1],
      ],
      topEventNames: [
        ['RunInstances', 2],
        ['CreateTags', 1],
        ['GetBucketPolicy', 1],
      ],
      topSourceIPs: [
        ['20.42.11.5', 3],
        ['59.10.20.30', 1],
      ],
    });
    // DeleteAlarms and DeleteFunction… fall in one period: one notification.
    expect(report.detections.MonitoringTamper).toMatchObject({ matches: 2, alarmPeriods: 1, notifications: 1 });
  });

  it('evaluates evaluationPeriods as deployed: two consecutive breaching periods per alarm', async () => {
    const { report } = await replay([S3_FILE, EXPORT_FILE], compileDetections({ overrides: { UnauthorizedAPICall: { evaluationPeriods: 2 } } }, 'test'));
    expect(report.detections.UnauthorizedAPICall).toMatchObject({ matches: 4, alarmPeriods: 1, notifications: 1 });
  });

  it('suggests excluding the principal that dominates a noisy detection, as paste-ready settings', async () => {
    const result = await replay([S3_FILE, EXPORT_FILE], compileDetections({}, 'test'));
    const suggestions = suggestExclusions(result);
    // root-alert notified twice too, but the root user is never suggested; single-notification detections are not noise.
    expect(suggestions.settings).toEqual({
      overrides: {
        UnauthorizedAPICall: { exclusions: { principalArns: [`arn:aws:sts::${ACCOUNT}:assumed-role/github-actions-deploy/*`] } },
        SecurityServiceDisabled: { exclusions: { principalArns: [`arn:aws:iam::${ACCOUNT}:user/alice`] } },
      },
    });
    expect(suggestions.suggested[0]).toEqual({ detection: 'UnauthorizedAPICall', principalArn: `arn:aws:sts::${ACCOUNT}:assumed-role/github-actions-deploy/*`, matches: 3, share: 0.75 });
    // The suggestion, applied, removes what it claims.
    const tuned = await replay([S3_FILE, EXPORT_FILE], compileDetections(suggestions.settings, 'test'));
    expect(tuned.report.detections.UnauthorizedAPICall.matches).toBe(1);
    expect(tuned.report.detections.SecurityServiceDisabled.matches).toBe(0);
  });

  it('prints a report with exactly the documented fields', async () => {
    const { report } = await replay([S3_FILE], compileDetections({}, 'test'));
    expect(Object.keys(report)).toEqual(['events', 'skipped', 'firstEventTime', 'lastEventTime', 'detections', 'problems']);
    expect(Object.keys(report.detections['root-alert'])).toEqual(['matches', 'alarmPeriods', 'notifications', 'topPrincipals', 'topEventNames', 'topSourceIPs']);
  });
});

describe('replay of CloudTrail Insights events', () => {
  // CloudTrail User Guide, "CloudTrail Insights events": no top-level eventName; the API is in insightDetails.
  const insight = {
    eventVersion: '1.08',
    eventTime: '2024-05-01T00:30:00Z',
    awsRegion: 'ap-northeast-2',
    eventID: 'a9edd1f9-8e37-4d5c-9b4b-0b1e8e1b5c2d',
    eventType: 'AwsCloudTrailInsight',
    recipientAccountId: ACCOUNT,
    sharedEventID: '12edc982-3348-4794-83d3-a3db26525049',
    insightDetails: { state: 'Start', eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', insightType: 'ApiCallRateInsight', insightContext: { statistics: { baseline: { average: 0.0017 }, insight: { average: 2 } } } },
    eventCategory: 'Insight',
  };
  const insightRule = { name: 'ApiCallRateInsight', pattern: '{ $.eventType = AwsCloudTrailInsight && $.insightDetails.state = Start }', period: 300, threshold: 1, evaluationPeriods: 1 };

  it('reads them as CloudTrail records and runs every detection on them, in Records files and JSON lines', async () => {
    const dir = fs.mkdtempSync(path.join(work, 'insights-'));
    fs.writeFileSync(path.join(dir, 'insights.json'), JSON.stringify({ Records: [insight] }));
    fs.writeFileSync(path.join(dir, 'insights.jsonl'), `${JSON.stringify(insight)}\n${JSON.stringify({ ...insight, insightDetails: { ...insight.insightDetails, state: 'End' } })}\n`);
    const { report } = await replay([dir], [...compileDetections({}, 'test'), insightRule]);
    expect(report).toMatchObject({ events: 3, skipped: 0, problems: [], firstEventTime: '2024-05-01T00:30:00Z' });
    expect(report.detections.ApiCallRateInsight).toMatchObject({ matches: 2, topEventNames: [['(AwsCloudTrailInsight)', 2]], topPrincipals: [['(no userIdentity)', 2]] });
    expect(Object.values(matches(report)).reduce((sum, count) => sum + count)).toBe(2);
  });

  it('still skips a record without eventName that is not an Insights event', async () => {
    const dir = fs.mkdtempSync(path.join(work, 'no-name-'));
    const file = path.join(dir, 'records.json');
    fs.writeFileSync(file, JSON.stringify({ Records: [insight, { ...insight, eventType: 'AwsApiCall' }] }));
    const { report } = await replay([file], compileDetections({}, 'test'));
    expect(report.events).toBe(1);
    expect(report.problems).toEqual([{ file, record: 2, reason: 'not a CloudTrail record (no eventName)' }]);
  });
});

describe('replay of bad input', () => {
  const records = (list: readonly object[]): string => JSON.stringify({ Records: list });
  const event = (eventName: string, extra: object = {}): object => ({ eventVersion: '1.09', eventTime: '2024-05-01T00:00:00Z', eventSource: 'ec2.amazonaws.com', eventName, ...extra });

  it('reports each bad file or record by name and position, skips it, and reads the rest', async () => {
    const dir = fs.mkdtempSync(path.join(work, 'bad-'));
    const file = (name: string, content: string | Buffer): string => {
      fs.writeFileSync(path.join(dir, name), content);
      return path.join(dir, name);
    };
    const gz = gzipSync(fs.readFileSync(S3_FILE));
    const truncated = file('truncated.json.gz', gz.subarray(0, Math.floor(gz.length * 0.6)));
    const notCloudTrail = file('package.json', JSON.stringify({ name: 'app', version: '1.0.0' }, null, 2));
    const empty = file('empty.json', '');
    const goodLine = JSON.stringify(event('DescribeInstances'));
    const badLines = file('events.jsonl', [goodLine, '{"eventVersion":"1.09","eventTime":', goodLine, '[1,2]', '', goodLine, ''].join('\n'));
    const badRecord = file('records.json', records([event('A'), { eventVersion: '1.09', eventTime: '2024-05-01T00:00:00Z' }, event('B', { eventTime: 'yesterday', errorCode: 'AccessDenied' }), event('C')]));
    const cutRecords = file('cut.json', records([event('A'), event('B')]).slice(0, -20));
    const missing = path.join(dir, 'missing.json.gz');

    const seen: string[] = [];
    const { report } = await replay([truncated, notCloudTrail, empty, badLines, badRecord, cutRecords, missing], compileDetections({}, 'test'), {
      onProblem: (problem) => seen.push(problem.file),
    });
    // What was readable was read: 3 good lines, records A and C, record A — and the records before the gzip cut.
    const truncatedRecords = report.events - 3 - 2 - 1;
    expect(truncatedRecords).toBeGreaterThan(0);
    expect(truncatedRecords).toBeLessThan(12);
    expect(report.problems).toEqual([
      { file: missing, reason: 'no such file or directory' }, // found while listing the inputs, before reading
      { file: truncated, record: truncatedRecords + 1, reason: expect.stringMatching(/^corrupt or truncated gzip \(unexpected end of file\)$/) },
      { file: notCloudTrail, reason: expect.stringMatching(/^not CloudTrail: neither a \{"Records":\[\.\.\.\]\} log file nor JSON lines of CloudTrail records \(line 1: not JSON/) },
      { file: empty, reason: 'empty file' },
      { file: badLines, line: 2, reason: expect.stringMatching(/^not JSON: /) },
      { file: badLines, line: 4, reason: 'not a JSON object' },
      { file: badRecord, record: 2, reason: 'not a CloudTrail record (no eventName)' },
      { file: badRecord, record: 3, reason: 'eventTime is not a timestamp: "yesterday"' },
      { file: cutRecords, record: 2, reason: 'the file ends inside the Records array (truncated?)' },
    ]);
    expect(seen).toHaveLength(9);
    expect(report.skipped).toBe(9);
  });

  it('walks folders safely: a link back up the tree is not followed twice, a dangling link is reported', async () => {
    const dir = fs.mkdtempSync(path.join(work, 'links-'));
    fs.copyFileSync(S3_FILE, path.join(dir, 'trail.json'));
    fs.symlinkSync(dir, path.join(dir, 'loop'));
    fs.symlinkSync(path.join(dir, 'gone.json'), path.join(dir, 'dangling.json'));
    const { report } = await replay([dir], compileDetections({}, 'test'));
    expect(report.events).toBe(12);
    expect(report.problems).toEqual([{ file: path.join(dir, 'dangling.json'), reason: 'no such file or directory' }]);
  });

  it('counts the whole records of a small truncated gzip file, cut before the format was even told', async () => {
    const dir = fs.mkdtempSync(path.join(work, 'small-'));
    const list = [event('StopLogging'), event('DeleteTrail'), event('StartLogging')];
    const cuts = { 'records.json.gz': records(list), 'lines.jsonl.gz': `${list.map((item) => JSON.stringify(item)).join('\n')}\n` };
    for (const [name, text] of Object.entries(cuts)) {
      const gz = gzipSync(text);
      fs.writeFileSync(path.join(dir, name), gz.subarray(0, gz.length - 12)); // the gzip trailer and the last bytes of text are gone
    }
    const { report } = await replay([dir], compileDetections({}, 'test'));
    expect(report.events).toBe(4);
    expect(report.problems).toEqual([
      { file: path.join(dir, 'lines.jsonl.gz'), line: 3, reason: 'corrupt or truncated gzip (unexpected end of file)' },
      { file: path.join(dir, 'records.json.gz'), record: 3, reason: 'corrupt or truncated gzip (unexpected end of file)' },
    ]);
  });

  it('says so when a folder is empty or holds no CloudTrail files', async () => {
    const empty = fs.mkdtempSync(path.join(work, 'empty-'));
    const other = fs.mkdtempSync(path.join(work, 'other-'));
    fs.writeFileSync(path.join(other, 'README.md'), '# not a log\n');
    fs.mkdirSync(path.join(other, '.hidden'));
    fs.writeFileSync(path.join(other, '.hidden', 'trail.json'), records([event('StopLogging')]));
    const { report } = await replay([empty, other], compileDetections({}, 'test'));
    expect(report.events).toBe(0);
    expect(report.skipped).toBe(2);
    expect(report.problems).toEqual([
      { file: empty, reason: 'empty folder: no files to read in it' },
      { file: other, reason: expect.stringMatching(/^no CloudTrail files in this folder \(read: \*\.json, \*\.json\.gz, /) },
    ]);
  });

  it('keeps at most 100 problems in the report but counts them all', async () => {
    const dir = fs.mkdtempSync(path.join(work, 'many-'));
    const good = JSON.stringify(event('DescribeInstances'));
    fs.writeFileSync(path.join(dir, 'events.jsonl'), [good, ...Array(150).fill('garbage')].join('\n'));
    const { report } = await replay([dir], compileDetections({}, 'test'));
    expect(report.skipped).toBe(150);
    expect(report.problems).toHaveLength(100);
    expect(report.events).toBe(1);
  });
});
