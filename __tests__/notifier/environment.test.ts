import {
  ConfigError,
  NOTIFIER_DEFAULTS,
  notifierEnvironment,
  readEnvironment,
  settingProblems,
  type NotifierWiring,
} from '../../lambda/notifier/environment';

const base = { WEBHOOK_URL: 'AQICAHh0ZXN0Y2lwaGVydGV4dA==', AWS_LAMBDA_FUNCTION_NAME: 'trailwatch-notifier', STATE_TABLE: 'trailwatch-notifier-state' };
const wiring: NotifierWiring = {
  webhookUrlCiphertext: base.WEBHOOK_URL,
  stateTable: base.STATE_TABLE,
  alarmTopicArn: 'arn:aws:sns:ap-northeast-2:123456789012:trailwatch-alarms',
  monitoredLogGroups: ['/trailwatch-prod/cloudtrail'],
};

describe('readEnvironment', () => {
  it('applies the documented defaults', () => {
    expect(readEnvironment(base)).toEqual({
      ...NOTIFIER_DEFAULTS,
      webhookCiphertext: base.WEBHOOK_URL,
      highSeverityWebhookCiphertext: undefined,
      functionName: 'trailwatch-notifier',
      stateTable: base.STATE_TABLE,
      alarmTopicArn: undefined,
      accountName: undefined,
      alarmNamePrefix: '',
      monitoredLogGroups: [],
    });
    expect(NOTIFIER_DEFAULTS).toEqual({
      target: 'dooray',
      locale: 'ko',
      timeZone: 'Asia/Seoul',
      logMaxEvents: 5,
      windowSlackBeforeSeconds: 60,
      windowSlackAfterSeconds: 60,
      botName: 'trailwatch',
      notifyOnOk: false,
    });
  });

  it('reads back exactly what the stack writes', () => {
    const settings = { target: 'slack', locale: 'en', timeZone: 'UTC', logMaxEvents: 10, windowSlackBeforeSeconds: 0, windowSlackAfterSeconds: 120, botName: 'sec-bot', notifyOnOk: true } as const;
    const env = notifierEnvironment(settings, {
      ...wiring,
      highSeverityWebhookUrlCiphertext: 'AQICAHhoaWdo',
      accountName: 'prod',
      alarmNamePrefix: 'prod-',
      monitoredLogGroups: ['a', 'b'],
    });
    expect(readEnvironment({ ...env, AWS_LAMBDA_FUNCTION_NAME: 'fn' })).toEqual({
      ...settings,
      webhookCiphertext: base.WEBHOOK_URL,
      highSeverityWebhookCiphertext: 'AQICAHhoaWdo',
      functionName: 'fn',
      stateTable: base.STATE_TABLE,
      alarmTopicArn: wiring.alarmTopicArn,
      accountName: 'prod',
      alarmNamePrefix: 'prod-',
      monitoredLogGroups: ['a', 'b'],
    });
  });

  it.each([
    [{ WEBHOOK_URL: '' }, /WEBHOOK_URL is not set/],
    [{ WEBHOOK_URL: 'not base64!' }, /WEBHOOK_URL is not base64/],
    [{ HIGH_SEVERITY_WEBHOOK_URL: 'not base64!' }, /HIGH_SEVERITY_WEBHOOK_URL is not base64/],
    [{ AWS_LAMBDA_FUNCTION_NAME: '' }, /AWS_LAMBDA_FUNCTION_NAME/],
    [{ STATE_TABLE: '' }, /STATE_TABLE is not set/],
    [{ WEBHOOK_TARGET: 'discord' }, /WEBHOOK_TARGET must be "dooray" or "slack" or "teams", got "discord"/],
    [{ LOCALE: 'ja' }, /LOCALE must be "ko" or "en", got "ja"/],
    [{ TIME_ZONE: 'Mars/Olympus' }, /TIME_ZONE must be an IANA time zone.*Mars\/Olympus/],
    [{ LOG_MAX_EVENTS: '0' }, /LOG_MAX_EVENTS must be an integer from 1 to 20, got "0"/],
    [{ LOG_MAX_EVENTS: '5.5' }, /LOG_MAX_EVENTS must be an integer from 1 to 20, got "5.5"/],
    [{ LOG_MAX_EVENTS: 'five' }, /LOG_MAX_EVENTS/],
    [{ WINDOW_SLACK_BEFORE_SECONDS: '-1' }, /WINDOW_SLACK_BEFORE_SECONDS/],
    [{ WINDOW_SLACK_AFTER_SECONDS: '3601' }, /WINDOW_SLACK_AFTER_SECONDS/],
    [{ NOTIFY_ON_OK: 'yes' }, /NOTIFY_ON_OK must be true or false, got "yes"/],
  ])('rejects %p naming the variable', (override, message) => {
    expect(() => readEnvironment({ ...base, ...override })).toThrow(ConfigError);
    expect(() => readEnvironment({ ...base, ...override })).toThrow(message);
  });

  it('refuses a plain URL in WEBHOOK_URL without echoing it', () => {
    const url = 'https://hook.dooray.com/services/1/2/secret-token';
    expect(() => readEnvironment({ ...base, WEBHOOK_URL: url })).toThrow(/plain URL/);
    try {
      readEnvironment({ ...base, WEBHOOK_URL: url });
    } catch (error) {
      expect(String(error)).not.toContain('secret-token');
    }
  });
});

describe('settingProblems (what synth checks with the same rules)', () => {
  it('accepts the defaults and an empty object', () => {
    expect(settingProblems({})).toEqual([]);
    expect(settingProblems(NOTIFIER_DEFAULTS)).toEqual([]);
  });

  it('names each broken field', () => {
    expect(settingProblems({ logMaxEvents: 50, locale: 'ja' as never, timeZone: 'Mars/Olympus', botName: '', target: 'discord' as never })).toEqual([
      'target must be "dooray" or "slack" or "teams", got "discord"',
      'locale must be "ko" or "en", got "ja"',
      'timeZone must be an IANA time zone such as "Asia/Seoul", got "Mars/Olympus"',
      'logMaxEvents must be an integer from 1 to 20, got 50',
      'botName must be 1–64 characters, got ""',
    ]);
  });
});
