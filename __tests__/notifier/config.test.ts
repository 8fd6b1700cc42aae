import { ConfigError, readConfig } from '../../lambda/notifier/config';

const base = { DOORAY_HOOK_URL: 'AQICAHh0ZXN0Y2lwaGVydGV4dA==', AWS_LAMBDA_FUNCTION_NAME: 'trailwatch-notifier' };

describe('readConfig', () => {
  it('applies the documented defaults', () => {
    expect(readConfig(base)).toEqual({
      hookCiphertext: base.DOORAY_HOOK_URL,
      functionName: 'trailwatch-notifier',
      locale: 'ko',
      timeZone: 'Asia/Seoul',
      logMaxEvents: 5,
      slackBeforeMs: 60_000,
      slackAfterMs: 60_000,
      botName: 'trailwatch',
      alarmNamePrefix: '',
      customTitles: {},
    });
  });

  it('reads every variable', () => {
    const config = readConfig({
      ...base,
      LOCALE: 'en',
      TIME_ZONE: 'UTC',
      LOG_MAX_EVENTS: '10',
      WINDOW_SLACK_BEFORE_SECONDS: '0',
      WINDOW_SLACK_AFTER_SECONDS: '120',
      BOT_NAME: 'sec-bot',
      ALARM_NAME_PREFIX: 'prod-',
      DETECTION_TITLES: '{"DbSnapshotShared":{"ko":"DB 스냅샷 공유","en":"DB snapshot shared"}}',
    });
    expect(config).toMatchObject({
      locale: 'en',
      timeZone: 'UTC',
      logMaxEvents: 10,
      slackBeforeMs: 0,
      slackAfterMs: 120_000,
      botName: 'sec-bot',
      alarmNamePrefix: 'prod-',
      customTitles: { DbSnapshotShared: { ko: 'DB 스냅샷 공유', en: 'DB snapshot shared' } },
    });
  });

  it.each([
    [{ DOORAY_HOOK_URL: '' }, /DOORAY_HOOK_URL is not set/],
    [{ DOORAY_HOOK_URL: 'not base64!' }, /DOORAY_HOOK_URL is not base64/],
    [{ AWS_LAMBDA_FUNCTION_NAME: '' }, /AWS_LAMBDA_FUNCTION_NAME/],
    [{ LOCALE: 'ja' }, /LOCALE must be "ko" or "en", got "ja"/],
    [{ TIME_ZONE: 'Mars/Olympus' }, /TIME_ZONE must be an IANA time zone.*Mars\/Olympus/],
    [{ LOG_MAX_EVENTS: '0' }, /LOG_MAX_EVENTS must be an integer from 1 to 20, got "0"/],
    [{ LOG_MAX_EVENTS: '5.5' }, /LOG_MAX_EVENTS/],
    [{ LOG_MAX_EVENTS: 'five' }, /LOG_MAX_EVENTS/],
    [{ WINDOW_SLACK_BEFORE_SECONDS: '-1' }, /WINDOW_SLACK_BEFORE_SECONDS/],
    [{ WINDOW_SLACK_AFTER_SECONDS: '3601' }, /WINDOW_SLACK_AFTER_SECONDS/],
    [{ DETECTION_TITLES: '{oops' }, /DETECTION_TITLES is not valid JSON/],
    [{ DETECTION_TITLES: '["x"]' }, /DETECTION_TITLES must be a JSON object/],
    [{ DETECTION_TITLES: '{"X":{"ko":"엑스"}}' }, /DETECTION_TITLES\.X must be/],
  ])('rejects %p naming the variable', (override, message) => {
    expect(() => readConfig({ ...base, ...override })).toThrow(ConfigError);
    expect(() => readConfig({ ...base, ...override })).toThrow(message);
  });

  it('refuses a plain URL in DOORAY_HOOK_URL without echoing it', () => {
    const url = 'https://hook.dooray.com/services/1/2/secret-token';
    expect(() => readConfig({ ...base, DOORAY_HOOK_URL: url })).toThrow(/plain URL/);
    try {
      readConfig({ ...base, DOORAY_HOOK_URL: url });
    } catch (error) {
      expect(String(error)).not.toContain('secret-token');
    }
  });
});
