/**
 * The Dooray! renderer: golden messages per locale, what it says about the lookup, other alarms and resolved
 * alarms, the minimal message, and the size cap.
 */
import type { AlarmNotice } from '../../lambda/notifier/alarm';
import { summarizeLogEvent } from '../../lambda/notifier/cloudtrail';
import type { RelatedLogs } from '../../lambda/notifier/related-logs';
import { MAX_MESSAGE_CHARS, renderDooray, renderDoorayMinimal, type DoorayMessage } from '../../lambda/notifier/targets/dooray';
import { clip } from '../../lambda/notifier/targets/lines';
import { alertOf, alice, found, mallory, notice } from './support/alerts';
import { LOG_GROUP, cloudTrailRecord } from './support/fixtures';

const GOLDEN_KO = {
  botName: 'trailwatch',
  text: [
    "[낮음] 권한 없는 API 호출 경보 발생하였습니다",
    "경보시각: 2026-01-07 13:36:05 KST",
    "알람명: UnauthorizedAPICall",
    "계정: 123456789012 (prod)",
    "경보 리전: ap-northeast-2",
    "로그그룹: aws-cloudtrail-logs-123456789012",
    "건수: 경보 집계 2건 · 로그 조회 2건 · 표시 2건",
    "첫 조치: 한 주체가 반복해서 거부되는지 확인하세요: 권한 설정 실수인지, 탈취된 자격 증명으로 탐색 중인지 판단",
    "",
    "관련 로그(요약):",
    "- 2026-01-07 13:31:05 KST  us-east-1  ec2.amazonaws.com/RunInstances  err=Client.UnauthorizedOperation",
    "  user=arn:aws:sts::123456789012:assumed-role/dev-readonly/alice  ip=203.0.113.24  id=6f1c2b8e-6a0d-4c43-9f7e-2b1f0c7d9a11",
    "  사람 · CLI · MFA 없음 · 임시 세션(ASIA)",
    "- 2026-01-07 13:33:41 KST  eu-west-1  s3.amazonaws.com/GetBucketPolicy  err=AccessDenied",
    "  user=arn:aws:iam::123456789012:user/mallory  ip=198.51.100.7  id=b2e4d6f8-1a3c-4e5f-8a9b-0c1d2e3f4a5b",
    "  사람 · 콘솔 · 장기 액세스 키(AKIA)",
  ].join('\n'),
  attachments: [
    {
      "title": "CloudWatch 콘솔에서 경보 보기",
      "titleLink": "https://console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2#alarmsV2:alarm/UnauthorizedAPICall",
      "color": "#9E9E9E"
    },
    {
      "title": "Logs Insights에서 이 시간대 조회",
      "titleLink": "https://console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2#logsV2:logs-insights$3FqueryDetail$3D~(end~'2026-01-07T04*3A36*3A00.000Z~start~'2026-01-07T04*3A29*3A00.000Z~timeType~'ABSOLUTE~tz~'UTC~editorString~'fields*20*40timestamp*2C*20eventSource*2C*20eventName*2C*20userIdentity.arn*2C*20sourceIPAddress*2C*20awsRegion*2C*20errorCode*0A*7C*20sort*20*40timestamp*20desc*0A*7C*20limit*20200~source~(~'aws-cloudtrail-logs-123456789012))",
      "color": "#9E9E9E"
    },
    {
      "title": "CloudTrail 이벤트 기록: RunInstances 6f1c2b8e-6a0d-4c43-9f7e-2b1f0c7d9a11",
      "titleLink": "https://console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/6f1c2b8e-6a0d-4c43-9f7e-2b1f0c7d9a11",
      "color": "#9E9E9E"
    },
    {
      "title": "CloudTrail 이벤트 기록: GetBucketPolicy b2e4d6f8-1a3c-4e5f-8a9b-0c1d2e3f4a5b",
      "titleLink": "https://console.aws.amazon.com/cloudtrailv2/home?region=eu-west-1#/events/b2e4d6f8-1a3c-4e5f-8a9b-0c1d2e3f4a5b",
      "color": "#9E9E9E"
    }
  ],
};

const GOLDEN_EN = {
  botName: 'trailwatch',
  text: [
    "[LOW] Unauthorized API call alarm triggered",
    "Alarm time: 2026-01-07 04:36:05 UTC",
    "Alarm: UnauthorizedAPICall",
    "Account: 123456789012 (prod)",
    "Alarm region: ap-northeast-2",
    "Log group: aws-cloudtrail-logs-123456789012",
    "Matches: 2 counted by the alarm · 7 in the logs · 4 shown",
    "First action: Check whether one principal keeps being denied: a permission mistake, or stolen credentials probing the account",
    "",
    "Related events:",
    "- 2026-01-07 04:31:05 UTC  us-east-1  ec2.amazonaws.com/RunInstances  err=Client.UnauthorizedOperation",
    "  user=arn:aws:sts::123456789012:assumed-role/dev-readonly/alice  ip=203.0.113.24  id=6f1c2b8e-6a0d-4c43-9f7e-2b1f0c7d9a11",
    "  person · CLI · no MFA · temporary session (ASIA)",
    "- 2026-01-07 04:33:41 UTC  eu-west-1  s3.amazonaws.com/GetBucketPolicy  err=AccessDenied",
    "  user=arn:aws:iam::123456789012:user/mallory  ip=198.51.100.7  id=b2e4d6f8-1a3c-4e5f-8a9b-0c1d2e3f4a5b",
    "  person · console · long-term access key (AKIA)",
    "- 2026-01-07 04:31:05 UTC  us-east-1  ec2.amazonaws.com/RunInstances  err=Client.UnauthorizedOperation",
    "  user=arn:aws:sts::123456789012:assumed-role/dev-readonly/alice  ip=203.0.113.24  id=6f1c2b8e-6a0d-4c43-9f7e-2b1f0c7d9a11",
    "  person · CLI · no MFA · temporary session (ASIA)",
    "- 2026-01-07 04:31:05 UTC  us-east-1  ec2.amazonaws.com/RunInstances  err=Client.UnauthorizedOperation",
    "  user=arn:aws:sts::123456789012:assumed-role/dev-readonly/alice  ip=203.0.113.24  id=6f1c2b8e-6a0d-4c43-9f7e-2b1f0c7d9a11",
    "  person · CLI · no MFA · temporary session (ASIA)",
    "All 7 matches:",
    "  Principals: arn:aws:sts::123456789012:assumed-role/dev-readonly/alice ×5, arn:aws:iam::123456789012:user/mallory ×2",
    "  IPs: 203.0.113.24 ×5, 198.51.100.7 ×2",
    "  Events: RunInstances ×5, GetBucketPolicy ×2",
    "  Regions: us-east-1 ×5, eu-west-1 ×2",
    "more events of this window may still arrive (CloudTrail delivers about 5 minutes late on average)",
  ].join('\n'),
  attachments: [
    {
      "title": "Open the alarm in the CloudWatch console",
      "titleLink": "https://console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2#alarmsV2:alarm/UnauthorizedAPICall",
      "color": "#9E9E9E"
    },
    {
      "title": "Query this window in Logs Insights",
      "titleLink": "https://console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2#logsV2:logs-insights$3FqueryDetail$3D~(end~'2026-01-07T04*3A36*3A00.000Z~start~'2026-01-07T04*3A29*3A00.000Z~timeType~'ABSOLUTE~tz~'UTC~editorString~'fields*20*40timestamp*2C*20eventSource*2C*20eventName*2C*20userIdentity.arn*2C*20sourceIPAddress*2C*20awsRegion*2C*20errorCode*0A*7C*20sort*20*40timestamp*20desc*0A*7C*20limit*20200~source~(~'aws-cloudtrail-logs-123456789012))",
      "color": "#9E9E9E"
    },
    {
      "title": "CloudTrail event history: RunInstances 6f1c2b8e-6a0d-4c43-9f7e-2b1f0c7d9a11",
      "titleLink": "https://console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/6f1c2b8e-6a0d-4c43-9f7e-2b1f0c7d9a11",
      "color": "#9E9E9E"
    },
    {
      "title": "CloudTrail event history: GetBucketPolicy b2e4d6f8-1a3c-4e5f-8a9b-0c1d2e3f4a5b",
      "titleLink": "https://console.aws.amazon.com/cloudtrailv2/home?region=eu-west-1#/events/b2e4d6f8-1a3c-4e5f-8a9b-0c1d2e3f4a5b",
      "color": "#9E9E9E"
    },
    {
      "title": "CloudTrail event history: RunInstances 6f1c2b8e-6a0d-4c43-9f7e-2b1f0c7d9a11",
      "titleLink": "https://console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/6f1c2b8e-6a0d-4c43-9f7e-2b1f0c7d9a11",
      "color": "#9E9E9E"
    },
    {
      "title": "CloudTrail event history: RunInstances 6f1c2b8e-6a0d-4c43-9f7e-2b1f0c7d9a11",
      "titleLink": "https://console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/6f1c2b8e-6a0d-4c43-9f7e-2b1f0c7d9a11",
      "color": "#9E9E9E"
    }
  ],
};

const chars = (s: string) => Array.from(s).length;
const size = (m: DoorayMessage) => chars(m.text) + (m.attachments ?? []).reduce((n, a) => n + chars(a.title ?? '') + chars(a.titleLink ?? ''), 0);

describe('golden Dooray! messages', () => {
  it('Korean (default): alarm time, account name, exact counts, each event its own time and region, verdicts, first action, links', () => {
    expect(renderDooray(alertOf(found([alice, mallory])))).toEqual(GOLDEN_KO);
  });

  it('English, truncated: the roll-up shows who is behind every match, and late delivery is flagged', () => {
    expect(renderDooray(alertOf(found([alice, mallory, alice, alice, alice, alice, mallory]), 'en', { now: new Date('2026-01-07T04:40:00Z') }))).toEqual(GOLDEN_EN);
  });

  it('the minimal message: title, alarm, account, time, count, link', () => {
    expect(renderDoorayMinimal(alertOf(found([alice, mallory]), 'en'))).toEqual({
      botName: 'trailwatch',
      text: [
        '[LOW] Unauthorized API call alarm triggered (short form: the full message was refused)',
        'Alarm: UnauthorizedAPICall',
        'Account: 123456789012 (prod)',
        'Alarm time: 2026-01-07 04:36:05 UTC',
        'Matching events: 2',
        'https://console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2#alarmsV2:alarm/UnauthorizedAPICall',
      ].join('\n'),
    });
  });
});

describe('what the message says about the logs', () => {
  const related = (logs: RelatedLogs, locale: 'ko' | 'en' = 'ko') => renderDooray(alertOf(logs, locale)).text.split('\n\n')[1];

  it('no matches: says so, with the window searched', () => {
    expect(related(found([]))).toBe('관련 로그(요약): 조회 결과 없음 (2026-01-07 13:29:00 KST ~ 2026-01-07 13:36:00 KST)');
    expect(related(found([]), 'en')).toBe('Related events: no matching events (2026-01-07 04:29:00 UTC to 2026-01-07 04:36:00 UTC)');
  });

  it('lookup failure: says the logs could not be fetched, and why', () => {
    const logs: RelatedLogs = { kind: 'failed', logGroups: [LOG_GROUP], error: 'ThrottlingException: Rate exceeded' };
    expect(renderDooray(alertOf(logs)).text).toContain(`로그그룹: ${LOG_GROUP}`);
    expect(related(logs)).toBe('관련 로그(요약): 조회하지 못했습니다 (ThrottlingException: Rate exceeded)');
  });

  it('no metric filter for a detection: names the metric', () => {
    expect(related({ kind: 'no-filter', metric: { name: 'X', namespace: 'trailwatch' } }, 'en')).toBe('Related events: not looked up: no metric filter publishes trailwatch/X');
  });

  it('lookup cut short, and the count is a lower bound', () => {
    const text = renderDooray(alertOf(found([alice], { complete: false, cutShort: true }), 'en')).text;
    expect(text).toContain('Matches: 2 counted by the alarm · 1+ (lookup stopped early) in the logs · 1 shown');
    expect(text).toContain('Related events: (lookup stopped early: time limit)');
  });

  it('a raw (non-CloudTrail) log line shows as a one-line excerpt', () => {
    const raw = summarizeLogEvent('line one\nline two', Date.parse('2026-01-07T04:31:00Z'));
    expect(related(found([raw]))).toBe('관련 로그(요약):\n- 2026-01-07 13:31:00 KST  raw: line one line two');
  });
});

describe('other alarms and resolved alarms', () => {
  const health: AlarmNotice = {
    ...notice,
    alarmName: 'trailwatch-prod-notifier-errors',
    description: 'trailwatch-prod-notifier failed: an alert may not have reached the chat.',
    reason: 'Threshold Crossed: 1 datapoint [1.0 (07/01/26 04:30:00)] was greater than or equal to the threshold (1.0).',
    metric: { kind: 'metric', name: 'Errors', namespace: 'AWS/Lambda' },
  };

  it("a health alarm renders as an alarm with its description and reason, without a 'no metric filter' line", () => {
    const text = renderDooray(alertOf({ kind: 'aws-metric', metric: { name: 'Errors', namespace: 'AWS/Lambda' } }, 'en', { notice: health })).text;
    expect(text).toBe(
      [
        '[MEDIUM] trailwatch-prod-notifier-errors alarm triggered',
        'Alarm time: 2026-01-07 04:36:05 UTC',
        'Alarm: trailwatch-prod-notifier-errors',
        'Account: 123456789012 (prod)',
        'Alarm region: ap-northeast-2',
        'Description: trailwatch-prod-notifier failed: an alert may not have reached the chat.',
        `Reason: ${health.reason}`,
      ].join('\n'),
    );
  });

  it('a resolved alarm says so in a short message', () => {
    const resolved: AlarmNotice = { ...notice, state: 'OK', reason: 'Threshold Crossed: no datapoints were received.' };
    const message = renderDooray(alertOf({ kind: 'not-applicable', why: 'unknown' }, 'en', { notice: resolved }));
    expect(message.text.split('\n')[0]).toBe('[Resolved] Unauthorized API call alarm is back to OK');
    expect(message.text).not.toContain('Related events');
    expect(message.attachments?.[0].color).toBe('#2E7D32');
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

  it('keeps text + attachments within the hard cap, saying how many are shown', () => {
    const message = renderDooray(alertOf(found(Array.from({ length: 20 }, () => huge), {}, 20)));
    expect(size(message)).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    const shown = message.text.split('\n').filter((l) => l.startsWith('- ')).length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(20);
    expect(message.text).toContain(`건수: 경보 집계 2건 · 로그 조회 20건 · 표시 ${shown}건`);
  });

  it('cuts the text itself when even the header is too long', () => {
    const message = renderDooray(alertOf(found([]), 'ko', { notice: { ...notice, alarmName: long(5000), description: long(5000), regionCode: undefined } }));
    expect(size(message)).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
  });

  it('never splits a surrogate pair and flattens control characters', () => {
    expect(clip('😀😀😀', 2)).toBe('😀…');
    expect(clip('a\nb\r\nc\u0000d\u2028e', 100)).toBe('a b c d e');
  });
});
