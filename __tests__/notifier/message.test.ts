import { parseInvocation, type AlarmNotice } from '../../lambda/notifier/alarm';
import { summarizeLogEvent, type EventSummary } from '../../lambda/notifier/cloudtrail';
import { MAX_MESSAGE_CHARS, buildMessage, clip, type MessageInput } from '../../lambda/notifier/message';
import type { RelatedLogs } from '../../lambda/notifier/related-logs';
import { createTimeFormatter } from '../../lambda/notifier/time';
import { LOG_GROUP, alarmMessage, cloudTrailRecord, snsEvent } from './support/fixtures';

const notice = ((): AlarmNotice => {
  const [item] = parseInvocation(snsEvent(alarmMessage()));
  if (item.kind !== 'alarm') throw new Error('fixture is not an alarm');
  return item.notice;
})();

const alice = summarizeLogEvent(JSON.stringify(cloudTrailRecord()), 0);
const mallory = summarizeLogEvent(
  JSON.stringify(
    cloudTrailRecord({
      eventTime: '2026-01-07T04:33:41Z',
      eventSource: 's3.amazonaws.com',
      eventName: 'GetBucketPolicy',
      errorCode: 'AccessDenied',
      awsRegion: 'ap-northeast-2',
      sourceIPAddress: '198.51.100.7',
      userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: 'arn:aws:iam::123456789012:user/mallory', userName: 'mallory' },
      eventID: 'b2e4d6f8-1a3c-4e5f-8a9b-0c1d2e3f4a5b',
    }),
  ),
  0,
);

const found = (events: EventSummary[], more: Partial<Extract<RelatedLogs, { kind: 'found' }>> = {}): RelatedLogs => ({
  kind: 'found',
  logGroups: [LOG_GROUP],
  window: { startMs: Date.parse('2026-01-07T04:29:00Z'), endMs: Date.parse('2026-01-07T04:36:00Z'), basis: 'reason-datapoints' },
  events,
  moreCount: 0,
  moreIsLowerBound: false,
  cutShort: false,
  failedGroups: [],
  ...more,
});

function input(logs: RelatedLogs, overrides: Partial<MessageInput> = {}): MessageInput {
  return {
    notice,
    title: '권한 없는 API 호출',
    logs,
    locale: 'ko',
    botName: 'trailwatch',
    formatTime: createTimeFormatter('Asia/Seoul'),
    alarmTime: notice.timing.stateTime ?? new Date(0),
    ...overrides,
  };
}

const CONSOLE_LINK = 'https://console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2#alarmsV2:alarm/UnauthorizedAPICall';
const chars = (s: string) => Array.from(s).length;

describe('golden messages', () => {
  it('Korean (default)', () => {
    expect(buildMessage(input(found([alice, mallory], { moreCount: 3 })))).toEqual({
      botName: 'trailwatch',
      text: [
        '권한 없는 API 호출 경보 발생하였습니다',
        '발생시각: 2026-01-07 13:36:05 KST',
        '알람명: UnauthorizedAPICall',
        '계정: 123456789012',
        '리전: ap-northeast-2',
        `로그그룹: ${LOG_GROUP}`,
        '',
        '관련 로그(요약):',
        '- 2026-01-07 13:31:05 KST  ec2.amazonaws.com/RunInstances  err=Client.UnauthorizedOperation',
        '  user=arn:aws:sts::123456789012:assumed-role/dev-readonly/alice  ip=203.0.113.24  region=us-east-1  id=6f1c2b8e-6a0d-4c43-9f7e-2b1f0c7d9a11',
        '- 2026-01-07 13:33:41 KST  s3.amazonaws.com/GetBucketPolicy  err=AccessDenied',
        '  user=arn:aws:iam::123456789012:user/mallory  ip=198.51.100.7  region=ap-northeast-2  id=b2e4d6f8-1a3c-4e5f-8a9b-0c1d2e3f4a5b',
        '외 3건 더 일치',
      ].join('\n'),
      attachments: [{ title: 'CloudWatch 콘솔에서 경보 보기', titleLink: CONSOLE_LINK, color: 'red' }],
    });
  });

  it('English, in UTC', () => {
    const message = buildMessage(
      input(found([alice], { moreCount: 100, moreIsLowerBound: true }), { locale: 'en', title: 'Unauthorized API call', formatTime: createTimeFormatter('UTC') }),
    );
    expect(message).toEqual({
      botName: 'trailwatch',
      text: [
        'Unauthorized API call alarm triggered',
        'Time: 2026-01-07 04:36:05 UTC',
        'Alarm: UnauthorizedAPICall',
        'Account: 123456789012',
        'Region: ap-northeast-2',
        `Log group: ${LOG_GROUP}`,
        '',
        'Related events:',
        '- 2026-01-07 04:31:05 UTC  ec2.amazonaws.com/RunInstances  err=Client.UnauthorizedOperation',
        '  user=arn:aws:sts::123456789012:assumed-role/dev-readonly/alice  ip=203.0.113.24  region=us-east-1  id=6f1c2b8e-6a0d-4c43-9f7e-2b1f0c7d9a11',
        '… and 100+ more matched',
      ].join('\n'),
      attachments: [{ title: 'Open the alarm in the CloudWatch console', titleLink: CONSOLE_LINK, color: 'red' }],
    });
  });
});

describe('what the message says about the logs', () => {
  const related = (logs: RelatedLogs, locale: 'ko' | 'en' = 'ko') => buildMessage(input(logs, { locale })).text.split('\n\n')[1];

  it('no matches: says so, with the window searched', () => {
    expect(related(found([]))).toBe('관련 로그(요약): 조회 결과 없음 (2026-01-07 13:29:00 KST ~ 2026-01-07 13:36:00 KST)');
    expect(related(found([]), 'en')).toBe('Related events: no matching events (2026-01-07 13:29:00 KST to 2026-01-07 13:36:00 KST)');
  });

  it('lookup failure: says the logs could not be fetched, and why', () => {
    const logs: RelatedLogs = { kind: 'failed', logGroups: [LOG_GROUP], error: 'ThrottlingException: Rate exceeded' };
    const text = buildMessage(input(logs)).text;
    expect(text).toContain(`로그그룹: ${LOG_GROUP}`);
    expect(related(logs)).toBe('관련 로그(요약): 조회하지 못했습니다 (ThrottlingException: Rate exceeded)');
    expect(related(logs, 'en')).toBe('Related events: could not be fetched (ThrottlingException: Rate exceeded)');
  });

  it('composite, metric-math, unknown: says why the logs were not looked up', () => {
    expect(related({ kind: 'not-applicable', why: 'composite' })).toBe('관련 로그(요약): 복합 경보는 단일 지표가 없어 로그를 조회하지 않았습니다');
    expect(related({ kind: 'not-applicable', why: 'metric-math' }, 'en')).toBe('Related events: not looked up: a metric-math alarm has no single metric');
    expect(related({ kind: 'not-applicable', why: 'unknown' }, 'en')).toBe('Related events: not looked up: the alarm message names no metric');
  });

  it('no metric filter: names the metric', () => {
    expect(related({ kind: 'no-filter', metric: { name: 'X', namespace: 'trailwatch' } }, 'en')).toBe(
      'Related events: not looked up: no metric filter publishes trailwatch/X',
    );
  });

  it('cut short by the time budget, and a log group that failed while another was read', () => {
    const logs = found([alice], { moreIsLowerBound: true, cutShort: true, failedGroups: [{ logGroupName: 'other-group', error: 'AccessDeniedException: no' }] });
    expect(related(logs)).toBe(
      [
        '관련 로그(요약): (시간 제한으로 일부만 조회함)',
        '- 2026-01-07 13:31:05 KST  ec2.amazonaws.com/RunInstances  err=Client.UnauthorizedOperation',
        '  user=arn:aws:sts::123456789012:assumed-role/dev-readonly/alice  ip=203.0.113.24  region=us-east-1  id=6f1c2b8e-6a0d-4c43-9f7e-2b1f0c7d9a11',
        '일치하는 로그가 더 있을 수 있음',
        'other-group 조회 실패 (AccessDeniedException: no)',
      ].join('\n'),
    );
  });

  it('a raw (non-CloudTrail) log line shows as a one-line excerpt', () => {
    const raw = summarizeLogEvent('line one\nline two\t{"not":"closed"', Date.parse('2026-01-07T04:31:00Z'));
    expect(related(found([raw]))).toBe('관련 로그(요약):\n- 2026-01-07 13:31:00 KST  raw: line one line two {"not":"closed"');
  });

  it('an event without optional fields shows what it has', () => {
    const bare = summarizeLogEvent(JSON.stringify({ eventName: 'ConsoleLogin', eventTime: '2026-01-07T04:31:05Z' }), 0);
    expect(related(found([bare]))).toBe('관련 로그(요약):\n- 2026-01-07 13:31:05 KST  ConsoleLogin\n  user=-');
  });
});

describe('size', () => {
  const long = (n: number) => 'A'.repeat(n);
  const huge = summarizeLogEvent(
    JSON.stringify(
      cloudTrailRecord({
        eventSource: `${long(3000)}.amazonaws.com`,
        eventName: long(5000),
        errorCode: long(5000),
        sourceIPAddress: long(5000),
        awsRegion: long(500),
        eventID: long(500),
        userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::123456789012:assumed-role/${long(5000)}` },
      }),
    ),
    0,
  );

  it('truncates long fields with an ellipsis', () => {
    const text = buildMessage(input(found([huge]))).text;
    expect(text).toMatch(/user=arn:aws:sts::123456789012:assumed-role\/A+… {2}ip=A+… {2}region=A+… {2}id=A+…$/m);
    expect(text.split('\n').every((line) => chars(line) <= 400)).toBe(true);
  });

  it('keeps text + attachments within the hard cap, counting dropped events as more', () => {
    const events = Array.from({ length: 20 }, () => huge);
    const message = buildMessage(input(found(events, { moreCount: 7 })));
    const total = chars(message.text) + (message.attachments ?? []).reduce((n, a) => n + chars(a.title ?? '') + chars(a.titleLink ?? ''), 0);
    expect(total).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    const shown = message.text.split('\n').filter((l) => l.startsWith('- ')).length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(20);
    expect(message.text.endsWith(`외 ${7 + 20 - shown}건 더 일치`)).toBe(true);
  });

  it('cuts the text itself when even the header is too long', () => {
    const message = buildMessage(input(found([]), { title: '제목'.repeat(5000), notice: { ...notice, alarmName: long(5000), regionCode: undefined } }));
    expect(chars(message.text)).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(message.attachments).toBeUndefined();
  });

  it('never splits a surrogate pair and flattens control characters', () => {
    expect(clip('😀😀😀', 2)).toBe('😀…');
    expect(clip('a\nb\r\nc\u0000d\u2028e', 100)).toBe('a b c d e');
  });
});

describe('console link', () => {
  it.each([
    ['cn-north-1', 'https://console.amazonaws.cn/cloudwatch/home?region=cn-north-1#alarmsV2:alarm/a%20b%2Fc'],
    ['us-gov-west-1', 'https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-west-1#alarmsV2:alarm/a%20b%2Fc'],
  ])('follows the partition of %s', (regionCode, link) => {
    const message = buildMessage(input(found([]), { notice: { ...notice, alarmName: 'a b/c', regionCode } }));
    expect(message.attachments?.[0].titleLink).toBe(link);
  });

  it('is omitted without a region, and the region line says -', () => {
    const message = buildMessage(input(found([]), { notice: { ...notice, regionCode: undefined, accountId: undefined } }));
    expect(message.attachments).toBeUndefined();
    expect(message.text).toContain('계정: -\n리전: -');
  });
});
