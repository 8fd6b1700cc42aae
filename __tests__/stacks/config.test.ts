import * as path from 'node:path';
import { ConfigError, DEFAULTS, parseAccounts } from '../../stacks/config';
import { loadAccounts } from '../../stacks/config-file';
import { DETECTION_CATALOG } from '../../catalog/detections';
import { account } from './synth';

const SOURCE = 'trailwatch.json';

function errorOf(input: unknown): string {
  try {
    parseAccounts(input, SOURCE);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('parseAccounts: defaults', () => {
  const [resolved] = parseAccounts([account()], SOURCE);

  it('fills every default', () => {
    expect(resolved).toMatchObject({
      name: 'prod',
      allowedAccountIds: ['123456789012'],
      backend: { type: 'local' },
      trail: { mode: 'create', ...DEFAULTS.trail },
      namePrefix: '',
      metricNamespace: 'trailwatch',
      notifier: DEFAULTS.notifier,
      alerting: { healthEmails: ['oncall@example.com'], alarmEmails: [] },
      tags: {},
      detectionSettings: {},
    });
  });

  it('compiles the detections of the human profile', () => {
    expect(resolved.detections.length).toBeGreaterThanOrEqual(17);
    expect(resolved.detections.map((d) => d.name)).toContain('root-alert');
  });

  it('gives an S3 backend a per-account key', () => {
    const [s3] = parseAccounts([account({ backend: { type: 's3', bucket: 'state' } })], SOURCE);
    expect(s3.backend).toEqual({ type: 's3', bucket: 'state', key: 'trailwatch/prod.tfstate', encrypt: true });
  });

  it('accepts the example configuration file', () => {
    expect(loadAccounts(path.join(__dirname, '..', '..', 'trailwatch.config.json')).map((a) => a.name)).toEqual(['hdclabs', 'management']);
  });
});

describe('parseAccounts: every problem names the account, the field and what is expected', () => {
  const bad: [string, unknown, string][] = [
    ['not a list', { name: 'prod' }, `${SOURCE}: expected a non-empty array of accounts`],
    ['empty list', [], `${SOURCE}: expected a non-empty array of accounts`],
    ['missing id', [{ name: 'prod', region: 'us-east-1', alerting: { healthEmails: ['a@example.com'] } }], `${SOURCE}: account "prod": id: is required (expected string)`],
    ['numeric id', [account({ id: 123456789012 as never })], `${SOURCE}: account "prod": id: expected string, got number`],
    ['short id', [account({ id: '1234' })], `${SOURCE}: account "prod": id: expected a 12-digit AWS account id as a string, e.g. "123456789012"`],
    [
      'bad name, so the account is named by index',
      [account({ name: 'Prod_1' })],
      `${SOURCE}: accounts[0]: name: expected 1–24 lowercase letters, digits or "-", starting with a letter and not ending with "-"`,
    ],
    [
      'China region',
      [account({ region: 'cn-north-1' })],
      `${SOURCE}: account "prod": region: expected an AWS region of the aws partition such as "ap-northeast-2" (China and GovCloud are not supported)`,
    ],
    ['unknown field', [account({ webhook: 'x' } as never)], `${SOURCE}: account "prod": unknown field "webhook"`],
    ['unknown trail mode', [account({ trail: { mode: 'cloud' } as never })], `${SOURCE}: account "prod": trail.mode: expected "create", "existing" or "organization"`],
    [
      'existing trail without its log group',
      [account({ trail: { mode: 'existing' } as never })],
      `${SOURCE}: account "prod": trail.logGroupName: is required (expected string)`,
    ],
    [
      'organization trail without its id',
      [account({ trail: { mode: 'organization', organizationId: 'org-1' } })],
      `${SOURCE}: account "prod": trail.organizationId: expected an AWS Organizations id such as "o-a1b2c3d4e5"`,
    ],
    [
      'trail log retention under a year',
      [account({ trail: { mode: 'create', logRetentionDays: 90 } })],
      `${SOURCE}: account "prod": trail.logRetentionDays: expected one of the CloudWatch Logs retention values 0, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (0 = never expire)`,
    ],
    [
      'objects expiring before they reach Glacier',
      [account({ trail: { mode: 'create', glacierTransitionDays: 400, expirationDays: 365 } })],
      `${SOURCE}: account "prod": trail.expirationDays: 365 must be more than glacierTransitionDays (400)`,
    ],
    ['settings of a trail that is not created', [account({ trail: { mode: 'existing', logGroupName: 'g', expirationDays: 5 } as never })], `${SOURCE}: account "prod": trail: unknown field "expirationDays"`],
    ['a notifier memory size Lambda refuses (the Notifier construct\'s rule)', [account({ notifier: { memorySize: 100 } })], `${SOURCE}: account "prod": notifier.memorySize: must be an integer from 128 to 10240, got 100`],
    ['a reservation of 0', [account({ notifier: { reservedConcurrency: 0 } })], `${SOURCE}: account "prod": notifier.reservedConcurrency: must be null (unreserved) or an integer from 1 to 1000, got 0`],
    ['a tag key IAM refuses', [account({ tags: { 'team ${prod}': 'x' } })], `${SOURCE}: account "prod": tags.team \${prod}: expected a tag key of letters, digits, spaces and "_.:/=+-@"`],
    ['a reserved tag key', [account({ tags: { 'aws:owner': 'x' } })], `${SOURCE}: account "prod": tags.aws:owner: expected a tag key not starting with the reserved "aws:"`],
    ['a tag value IAM refuses', [account({ tags: { team: 'sec%{u}' } })], `${SOURCE}: account "prod": tags.team: expected a tag value of letters, digits, spaces and "_.:/=+-@"`],
    ['too many tags', [account({ tags: Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`t${i}`, 'v'])) })], `${SOURCE}: account "prod": tags: expected at most 48 tags: AWS allows 50 per resource, and trailwatch adds ManagedBy and trailwatch:account`],
    ['unknown backend', [account({ backend: { type: 'gcs' } as never })], `${SOURCE}: account "prod": backend.type: expected "local" or "s3"`],
    ['S3 backend without bucket', [account({ backend: { type: 's3' } as never })], `${SOURCE}: account "prod": backend.bucket: is required (expected string)`],
    [
      'role ARN that is not a role',
      [account({ assumeRoleArn: 'arn:aws:iam::123456789012:user/me' })],
      `${SOURCE}: account "prod": assumeRoleArn: expected an IAM role ARN, e.g. "arn:aws:iam::123456789012:role/terraform"`,
    ],
    ['allowed account ids', [account({ allowedAccountIds: ['1'] })], `${SOURCE}: account "prod": allowedAccountIds[0]: expected a 12-digit AWS account id as a string, e.g. "123456789012"`],
    [
      'reserved metric namespace',
      [account({ metricNamespace: 'AWS/Logs' })],
      `${SOURCE}: account "prod": metricNamespace: expected 1–255 characters of letters, digits, "._/#:-", not starting with the reserved "AWS/"`,
    ],
    ['name prefix with a space', [account({ namePrefix: 'my prefix' })], `${SOURCE}: account "prod": namePrefix: expected at most 64 letters, digits, ".", "_" or "-"`],
    ['time zone', [account({ notifier: { timeZone: 'KST' } })], `${SOURCE}: account "prod": notifier.timeZone: must be an IANA time zone such as "Asia/Seoul", got "KST"`],
    ['locale', [account({ notifier: { locale: 'fr' as never } })], `${SOURCE}: account "prod": notifier.locale: must be "ko" or "en", got "fr"`],
    ['too many log events', [account({ notifier: { logMaxEvents: 50 } })], `${SOURCE}: account "prod": notifier.logMaxEvents: must be an integer from 1 to 20, got 50`],
    ['health email', [account({ alerting: { healthEmails: ['ops'] } })], `${SOURCE}: account "prod": alerting.healthEmails[0]: expected an email address`],
    [
      'nobody to hear about a broken notifier',
      [account({ alerting: { healthEmails: [] } })],
      `${SOURCE}: account "prod": alerting.healthEmails: expected at least one email address: the notifier's health alarms must reach a person without going through the notifier`,
    ],
    [
      'no alerting section',
      [{ ...account(), alerting: undefined }],
      `${SOURCE}: account "prod": alerting: is required (expected object)`,
    ],
    ['unknown profile', [account({ detections: { profile: 'cis' as never } })], `${SOURCE}: account "prod": detections.profile: Invalid option: expected one of "human"|"cis-securityhub"`],
    [
      'exclusion value of the wrong type',
      [account({ detections: { exclusions: { principalArns: 'x' as never } } })],
      `${SOURCE}: account "prod": detections.exclusions.principalArns: expected array, got string`,
    ],
    [
      'custom detection without a pattern',
      [account({ detections: { customDetections: [{ name: 'X', title: { ko: 'x', en: 'x' } } as never] } })],
      `${SOURCE}: account "prod": detections.customDetections[0].pattern: is required (expected string)`,
    ],
  ];

  it.each(bad)('%s', (_, input, message) => {
    expect(errorOf(input)).toBe(message);
  });

  it('reports every problem of every account, one per line', () => {
    const message = errorOf([account({ id: '1' }), account({ name: 'dev', region: 'mars' })]);
    expect(message.split('\n')).toEqual([
      `${SOURCE}: account "prod": id: expected a 12-digit AWS account id as a string, e.g. "123456789012"`,
      `${SOURCE}: account "dev": region: expected an AWS region of the aws partition such as "ap-northeast-2" (China and GovCloud are not supported)`,
    ]);
  });

  it('refuses two accounts with the same name or id', () => {
    expect(errorOf([account(), account({ name: 'dev' }), account()]).split('\n')).toEqual([
      `${SOURCE}: account "prod": name: "prod" is already used by accounts[0]; every account needs its own name.`,
      `${SOURCE}: account "dev": id: "123456789012" is already used by accounts[0]; every account needs its own id.`,
      `${SOURCE}: account "prod": id: "123456789012" is already used by accounts[0]; every account needs its own id.`,
    ]);
  });
});

describe('parseAccounts: detection problems fail here, before anything is written', () => {
  it('an invalid custom pattern names the account and the detection', () => {
    const message = errorOf([account({ detections: { customDetections: [{ name: 'Broken', title: { ko: 'x', en: 'x' }, pattern: '{ $.eventName = ' }] } })]);
    expect(message).toMatch(/^trailwatch\.json: account "prod": custom detection "Broken": invalid filter pattern: /);
  });

  it('a pattern pushed over 1024 characters by exclusions names the detection and its length', () => {
    const principalArns = Array.from({ length: 40 }, (_, i) => `arn:aws:iam::123456789012:role/automation-role-number-${i}`);
    const message = errorOf([account({ detections: { overrides: { UnauthorizedAPICall: { exclusions: { principalArns } } } } })]);
    expect(message).toMatch(/^trailwatch\.json: account "prod": detection "UnauthorizedAPICall": compiled pattern is invalid: .*\d{4}.*1024/);
  });

  it('each account with the same broken settings gets its own error', () => {
    const detections = { customDetections: [{ name: 'Broken', title: { ko: 'x', en: 'x' }, pattern: '{ $.eventName = ' }] };
    const lines = errorOf([account({ detections }), account({ name: 'dev', id: '210987654321', detections })]).split('\n');
    expect(lines.map((line) => line.split(': custom detection')[0])).toEqual(['trailwatch.json: account "prod"', 'trailwatch.json: account "dev"']);
  });

  it('an unknown detection in overrides', () => {
    expect(errorOf([account({ detections: { overrides: { NoSuchThing: { enabled: false } } } })])).toMatch(
      /^trailwatch\.json: account "prod": overrides\."NoSuchThing": no detection of that name/,
    );
  });

  it('a custom detection taking the name of the notifier’s own health alarm', () => {
    const customDetections = [{ name: 'trailwatch-prod-notifier-errors', title: { ko: 'x', en: 'x' }, pattern: '{$.eventName="X"}' }];
    expect(errorOf([account({ detections: { customDetections } })])).toBe(
      `${SOURCE}: account "prod": detections: alarm name "trailwatch-prod-notifier-errors" is taken by the notifier's own health alarm; rename the detection.`,
    );
  });

  it('every detection disabled', () => {
    const overrides = Object.fromEntries(DETECTION_CATALOG.map((d) => [d.name, { enabled: false }]));
    expect(errorOf([account({ detections: { overrides } })])).toBe(`${SOURCE}: account "prod": detections: every detection is disabled; enable at least one (or leave the account out).`);
  });

  it('more detections than one log group may carry metric filters', () => {
    const customDetections = Array.from({ length: 100 }, (_, i) => ({ name: `Custom${i}`, title: { ko: 'x', en: 'x' }, pattern: `{$.eventName="E${i}"}` }));
    expect(errorOf([account({ detections: { customDetections } })])).toMatch(
      /^trailwatch\.json: account "prod": detections: 117 enabled detections need 117 metric filters on one log group; CloudWatch Logs allows 100\./,
    );
  });
});

describe('parseAccounts: every physical name must be one AWS accepts', () => {
  it('a trail name with adjacent dashes, which CloudTrail refuses (InvalidTrailNameException)', () => {
    expect(errorOf([account({ name: 'a--b' })])).toBe(
      `${SOURCE}: account "a--b": name: CloudTrail trail name "trailwatch-a--b" is refused by AWS: no "." "_" or "-" next to another ("my--trail", "my-_trail" are refused)`,
    );
  });

  it('the same name is fine where no trail is created', () => {
    expect(() => parseAccounts([account({ name: 'a--b', trail: { mode: 'existing', logGroupName: 'g' } })], SOURCE)).not.toThrow();
  });

});

describe('parseAccounts: AlarmName = MetricName = SNS subject', () => {
  // ALARM: "<name>" in <region>: under 100 characters, so Seoul (Asia Pacific (Seoul)) leaves 67 for the name.
  const custom = (name: string) => ({ customDetections: [{ name, title: { ko: 'x', en: 'x' }, pattern: '{$.eventName="X"}' }] });

  it('accepts the longest alarm name that fits whole into the subject for the region', () => {
    expect(() => parseAccounts([account({ detections: custom('C'.repeat(67)) })], SOURCE)).not.toThrow();
  });

  it('refuses one character more, naming the field, the name, the region and the room', () => {
    expect(errorOf([account({ detections: custom('C'.repeat(68)) })])).toBe(
      `${SOURCE}: account "prod": detections.customDetections: alarm name "${'C'.repeat(68)}" is 68 characters; in ap-northeast-2 an alarm notification's subject ` +
        '(ALARM: "<name>" in <region>, under 100 characters) holds 67, and CloudWatch would cut the name',
    );
  });

  it('depends on the region: us-east-2 (US East (Ohio)) leaves 73', () => {
    expect(() => parseAccounts([account({ region: 'us-east-2', detections: custom('C'.repeat(73)) })], SOURCE)).not.toThrow();
    expect(errorOf([account({ region: 'us-east-2', detections: custom('C'.repeat(74)) })])).toContain('holds 73');
  });

  it('blames the prefix when it makes the names too long, the notifier’s health alarms included', () => {
    // The longest is trailwatch-prod-notifier-destination-failures (45 characters): 22 prefix characters fit in 67.
    const lines = errorOf([account({ namePrefix: 'p'.repeat(23) })]).split('\n');
    expect(lines).toContain(
      `${SOURCE}: account "prod": namePrefix: alarm name "${'p'.repeat(23)}trailwatch-prod-notifier-destination-failures" is 68 characters; in ap-northeast-2 an alarm notification's subject ` +
        '(ALARM: "<name>" in <region>, under 100 characters) holds 67, and CloudWatch would cut the name',
    );
    expect(() => parseAccounts([account({ namePrefix: 'p'.repeat(22) })], SOURCE)).not.toThrow();
  });
});

