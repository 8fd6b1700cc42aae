/**
 * The real handler, end to end, against local AWS (JSON 1.1) and Dooray! stand-ins. Each test
 * asserts exactly what was posted, how many times, and which AWS calls were made.
 */
import { ConfigError } from '../../lambda/notifier/environment';
import { DYNAMODB_TARGETS } from './support/fake-dynamodb';
import { awsError, TARGETS } from './support/aws-stand-in';
import { fakeCiphertext } from './support/fake-kms';
import { ACCOUNT, LOG_GROUP, alarmActionEvent, alarmMessage, cloudTrailRecord, describeAlarmsXml, eventBridgeEvent, logEvent, snsEvent } from './support/fixtures';
import { FILTER_PATTERN, FUNCTION_NAME, STATE_TABLE, contextWith, oneFilter, pages, startHarness, type Harness } from './support/harness';
import { startWebhookStandIn } from './support/webhook-stand-in';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  // Whatever happened, the webhook URL and its token never reach a log line.
  for (const line of h.lines) {
    expect(line).not.toContain(h.hook.token);
    expect(line).not.toContain(h.hook.url);
  }
  await h.close();
});

const aliceEvent = logEvent(cloudTrailRecord(), 0);
const malloryEvent = logEvent(
  cloudTrailRecord({
    eventTime: '2026-01-07T04:33:41Z',
    eventName: 'DescribeInstances',
    errorCode: 'Client.UnauthorizedOperation',
    userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/mallory`, userName: 'mallory' },
    sourceIPAddress: '198.51.100.7',
    eventID: 'b2e4d6f8-1a3c-4e5f-8a9b-0c1d2e3f4a5b',
  }),
  1,
);
const ctx = () => contextWith(10_000);
const ALARM_ARN = `arn:aws:cloudwatch:ap-northeast-2:${ACCOUNT}:alarm:UnauthorizedAPICall`;
/** What every log line about the fixture alarm carries (no request id: the test context has none). */
const JOIN = { messageId: 'e1a5d850-56a8-5cb9-873c-87524725ca49', alarmName: 'UnauthorizedAPICall', alarmArn: ALARM_ARN, stateTime: '2026-01-07T04:36:05.472Z' };
const texts = () => h.hook.posts.map((p) => (p.body as { text: string }).text);
const callsTo = (target: string) => h.aws.callsTo(target).length;

describe('an SNS alarm notification, cold then warm', () => {
  it('posts one decisive message; cold costs Decrypt ∥ Describe then Filter, warm only Filter', async () => {
    h.aws.route(TARGETS.filterLogEvents, pages([aliceEvent, malloryEvent]));
    const handler = h.handler();
    await expect(handler(snsEvent(alarmMessage()), ctx())).resolves.toEqual({ posted: 1, ignored: 0 });

    expect(h.hook.posts).toHaveLength(1);
    expect(h.hook.posts[0].body).toEqual({
      botName: 'trailwatch',
      text: [
        '[낮음] 권한 없는 API 호출 경보 발생하였습니다',
        '경보시각: 2026-01-07 13:36:05 KST',
        '알람명: UnauthorizedAPICall',
        `계정: ${ACCOUNT}`,
        '경보 리전: ap-northeast-2',
        `로그그룹: ${LOG_GROUP}`,
        '건수: 경보 집계 2건 · 로그 조회 2건 · 표시 2건',
        '첫 조치: 한 주체가 반복해서 거부되는지 확인하세요: 권한 설정 실수인지, 탈취된 자격 증명으로 탐색 중인지 판단',
        '',
        '관련 로그(요약):',
        '- 2026-01-07 13:31:05 KST  us-east-1  ec2.amazonaws.com/RunInstances  err=Client.UnauthorizedOperation',
        `  user=arn:aws:sts::${ACCOUNT}:assumed-role/dev-readonly/alice  ip=203.0.113.24  id=6f1c2b8e-6a0d-4c43-9f7e-2b1f0c7d9a11`,
        '  사람 · CLI · MFA 없음 · 임시 세션(ASIA)',
        '- 2026-01-07 13:33:41 KST  us-east-1  ec2.amazonaws.com/DescribeInstances  err=Client.UnauthorizedOperation',
        `  user=arn:aws:iam::${ACCOUNT}:user/mallory  ip=198.51.100.7  id=b2e4d6f8-1a3c-4e5f-8a9b-0c1d2e3f4a5b`,
        '  사람 · CLI',
      ].join('\n'),
      attachments: [
        { title: 'CloudWatch 콘솔에서 경보 보기', titleLink: 'https://console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2#alarmsV2:alarm/UnauthorizedAPICall', color: '#9E9E9E' },
        { title: 'Logs Insights에서 이 시간대 조회', titleLink: expect.stringMatching(/^https:\/\/console\.aws\.amazon\.com\/cloudwatch\/home\?region=ap-northeast-2#logsV2:logs-insights\$3FqueryDetail\$3D/), color: '#9E9E9E' },
        {
          title: 'CloudTrail 이벤트 기록: RunInstances 6f1c2b8e-6a0d-4c43-9f7e-2b1f0c7d9a11',
          titleLink: 'https://console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/6f1c2b8e-6a0d-4c43-9f7e-2b1f0c7d9a11',
          color: '#9E9E9E',
        },
        {
          title: 'CloudTrail 이벤트 기록: DescribeInstances b2e4d6f8-1a3c-4e5f-8a9b-0c1d2e3f4a5b',
          titleLink: 'https://console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/b2e4d6f8-1a3c-4e5f-8a9b-0c1d2e3f4a5b',
          color: '#9E9E9E',
        },
      ],
    });

    expect(h.aws.calls.map((c) => c.target).sort()).toEqual(
      [TARGETS.describeMetricFilters, TARGETS.filterLogEvents, TARGETS.decrypt, DYNAMODB_TARGETS.getItem, DYNAMODB_TARGETS.getItem, DYNAMODB_TARGETS.putItem, DYNAMODB_TARGETS.putItem].sort(),
    );
    expect(h.aws.callsTo(TARGETS.decrypt)[0].body).toEqual({
      CiphertextBlob: h.env.WEBHOOK_URL,
      EncryptionContext: { LambdaFunctionName: FUNCTION_NAME },
    });
    expect(h.aws.callsTo(TARGETS.describeMetricFilters)[0].body).toEqual({ metricName: 'UnauthorizedAPICall', metricNamespace: 'trailwatch' });
    // Datapoint 04:30 (period 300 s) ± 60 s of slack.
    expect(h.aws.callsTo(TARGETS.filterLogEvents)[0].body).toEqual({
      logGroupName: LOG_GROUP,
      filterPattern: FILTER_PATTERN,
      startTime: Date.parse('2026-01-07T04:29:00Z'),
      endTime: Date.parse('2026-01-07T04:36:00Z'),
      limit: 10_000,
    });
    // The decrypt and the describe are issued together: neither waits for the other.
    const [decrypt] = h.aws.callsTo(TARGETS.decrypt);
    const [describe] = h.aws.callsTo(TARGETS.describeMetricFilters);
    const [filter] = h.aws.callsTo(TARGETS.filterLogEvents);
    expect(filter.receivedAt).toBeGreaterThanOrEqual(describe.receivedAt);
    expect(filter.receivedAt).toBeGreaterThanOrEqual(describe.respondedAt ?? Infinity);
    expect(Math.abs(decrypt.receivedAt - describe.receivedAt)).toBeLessThan(1000);
    // The delivery record is looked up beside them, and written after the post was accepted.
    // So is the detection's record (title, severity, first action), written by the stack.
    const gets = h.aws.callsTo(DYNAMODB_TARGETS.getItem);
    for (const get of gets) expect(Math.abs(get.receivedAt - describe.receivedAt)).toBeLessThan(1000);
    expect(gets.map((g) => g.body).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
      { TableName: STATE_TABLE, Key: { pk: { S: `${ALARM_ARN}|2026-01-07T04:36:05.472Z` } }, ConsistentRead: true },
      { TableName: STATE_TABLE, Key: { pk: { S: 'detection|UnauthorizedAPICall' } }, ConsistentRead: true },
    ]);
    // After the post: the delivery record and the open alarm (for follow-ups), together.
    for (const put of h.aws.callsTo(DYNAMODB_TARGETS.putItem)) expect(put.receivedAt).toBeGreaterThanOrEqual(h.hook.posts[0].receivedAt);
    expect(h.table.items.get(`open|${ALARM_ARN}`)).toEqual({
      pk: { S: `open|${ALARM_ARN}` },
      alarmName: { S: 'UnauthorizedAPICall' },
      metricName: { S: 'UnauthorizedAPICall' },
      namespace: { S: 'trailwatch' },
      periodSeconds: { N: '300' },
      stateTime: { S: '2026-01-07T04:36:05.472Z' },
      lastIngestionMs: { N: String(Date.UTC(2026, 0, 7, 4, 34, 0)) },
      expiresAt: { N: expect.stringMatching(/^\d+$/) },
    });
    expect([...h.table.items.values()].filter((item) => item.pk?.S?.startsWith('arn:'))).toEqual([
      { pk: { S: `${ALARM_ARN}|2026-01-07T04:36:05.472Z` }, expiresAt: { N: expect.stringMatching(/^\d+$/) }, deliveredAt: { S: expect.any(String) }, alarmName: { S: 'UnauthorizedAPICall' } },
    ]);

    expect(h.decisions()).toEqual([
      {
        level: 'info',
        msg: 'posted',
        ...JOIN,
        source: 'sns',
        target: 'dooray',
        state: 'ALARM',
        severity: 'low',
        fallback: false,
        logs: 'found',
        events: 2,
        matched: 2,
        window: 'reason-datapoints',
        attempts: 1,
        status: 200,
        ms: expect.any(Number),
      },
    ]);

    // The next transition of the same alarm.
    await handler(snsEvent(alarmMessage({ StateChangeTime: '2026-01-07T05:36:05.472+0000' })), ctx());
    expect(h.hook.posts).toHaveLength(2);
    expect(callsTo(TARGETS.decrypt)).toBe(1);
    expect(callsTo(TARGETS.describeMetricFilters)).toBe(1);
    expect(callsTo(TARGETS.filterLogEvents)).toBe(2);
  });
});

describe('input shapes', () => {
  it('a direct alarm action: window from reasonData.startDate', async () => {
    h.aws.route(TARGETS.filterLogEvents, pages([aliceEvent]));
    await h.handler()(alarmActionEvent(), ctx());
    expect(texts()[0]).toContain('- 2026-01-07 13:31:05 KST  us-east-1  ec2.amazonaws.com/RunInstances');
    // The alarm's own count comes from reasonData.recentDatapoints.
    expect(texts()[0]).toContain('건수: 경보 집계 2건 · 로그 조회 1건 · 표시 1건');
    expect(h.aws.callsTo(TARGETS.filterLogEvents)[0].body).toMatchObject({
      startTime: Date.parse('2026-01-07T04:29:00Z'),
      endTime: Date.parse('2026-01-07T04:36:00Z'),
    });
    expect(h.decisions('posted')[0]).toMatchObject({ source: 'alarm-action', window: 'reason-data' });
  });

  it('an EventBridge event, directly and through SNS with a null Subject', async () => {
    const handler = h.handler();
    await handler(eventBridgeEvent(), ctx());
    h.table.items.clear(); // the same transition: posted once unless its record is gone
    await handler(snsEvent(eventBridgeEvent(), null), ctx());
    expect(texts()).toHaveLength(2);
    expect(texts()[0]).toBe(texts()[1]);
    expect(texts()[0].split('\n')[0]).toBe('[낮음] 권한 없는 API 호출 경보 발생하였습니다');
  });

  it('every SNS record is handled; the same transition twice posts once', async () => {
    await expect(h.handler()(snsEvent(alarmMessage(), null, 2), ctx())).resolves.toEqual({ posted: 1, ignored: 1 });
    expect(h.hook.posts).toHaveLength(1);
    expect(h.decisions('already-delivered')).toEqual([{ level: 'info', msg: 'already-delivered', ...JOIN }]);
  });

  it.each([
    ['OK', snsEvent(alarmMessage({ NewStateValue: 'OK' })), { reason: 'not-alarm-state', source: 'sns', alarmName: 'UnauthorizedAPICall', state: 'OK' }],
    ['INSUFFICIENT_DATA', alarmActionEvent('X', 'INSUFFICIENT_DATA'), { reason: 'not-alarm-state', source: 'alarm-action', alarmName: 'X', state: 'INSUFFICIENT_DATA' }],
    ['a malformed SNS Message', snsEvent('{"AlarmName": "trunc'), { reason: 'malformed-message', source: 'sns' }],
    ['an unrelated event', { hello: 'world' }, { reason: 'not-an-alarm-event', source: 'unknown' }],
  ])('%s resolves quietly: nothing posted, no AWS call, one log line', async (_label, event, decision) => {
    await expect(h.handler()(event, ctx())).resolves.toEqual({ posted: 0, ignored: 1 });
    expect(h.hook.posts).toHaveLength(0);
    expect(h.aws.calls).toHaveLength(0);
    expect(h.decisions()).toEqual([{ level: 'info', msg: 'ignored', ...decision }]);
  });

  it('a composite alarm posts as an alarm with its description and reason, without a log lookup', async () => {
    const message = alarmMessage({ AlarmName: 'prod-critical', AlarmRule: 'ALARM("a") OR ALARM("b")', AlarmDescription: 'a or b', NewStateReason: 'a is in ALARM' });
    delete message.Trigger;
    await h.handler()(snsEvent(message), ctx());
    expect(texts()[0].split('\n')).toEqual(['[보통] prod-critical 경보 발생하였습니다', '경보시각: 2026-01-07 13:36:05 KST', '알람명: prod-critical', `계정: ${ACCOUNT}`, '경보 리전: ap-northeast-2', '설명: a or b', '사유: a is in ALARM']);
    expect(h.aws.calls.map((c) => c.target).sort()).toEqual([TARGETS.decrypt, DYNAMODB_TARGETS.getItem, DYNAMODB_TARGETS.getItem, DYNAMODB_TARGETS.putItem].sort());
  });
});

describe('reading the logs', () => {
  it('reads on past an empty first page that carries a nextToken', async () => {
    h.aws.route(TARGETS.filterLogEvents, pages([], [aliceEvent]));
    await h.handler()(snsEvent(alarmMessage()), ctx());
    expect(h.aws.callsTo(TARGETS.filterLogEvents).map((c) => c.body.nextToken)).toEqual([undefined, 'page-1']);
    expect(texts()[0]).toContain('ec2.amazonaws.com/RunInstances');
  });

  it('reads every page, empty ones included, and states the exact counts with a roll-up', async () => {
    const page = (from: number, n: number) => Array.from({ length: n }, (_, i) => logEvent(cloudTrailRecord({ eventID: `event-${from + i}` }), from + i));
    h.aws.route(TARGETS.filterLogEvents, pages(page(0, 3), [], page(3, 3), [], page(6, 34)));
    await h.handler()(snsEvent(alarmMessage({ NewStateReason: 'Threshold Crossed: 1 datapoint [40.0 (07/01/26 04:30:00)] was greater than or equal to the threshold (1.0).' })), ctx());
    expect(h.aws.callsTo(TARGETS.filterLogEvents).map((c) => c.body.nextToken)).toEqual([undefined, 'page-1', 'page-2', 'page-3', 'page-4']);
    const text = texts()[0];
    expect(text).toContain('건수: 경보 집계 40건 · 로그 조회 40건 · 표시 5건');
    expect(text.match(/^- /gm)).toHaveLength(5);
    expect(text).toContain('id=event-4');
    expect(text).not.toContain('id=event-5');
    expect(text).toContain(['전체 40건 요약:', `  주체: arn:aws:sts::${ACCOUNT}:assumed-role/dev-readonly/alice ×40`, '  IP: 203.0.113.24 ×40', '  이벤트: RunInstances ×40', '  리전: us-east-1 ×40'].join('\n'));
  });

  it('retries a throttled FilterLogEvents (SDK retry) and still shows the events', async () => {
    const events = pages([aliceEvent]);
    h.aws.route(TARGETS.filterLogEvents, (body, i) => (i === 0 ? awsError('ThrottlingException', 'Rate exceeded') : events(body, i)));
    await h.handler()(snsEvent(alarmMessage()), ctx());
    expect(callsTo(TARGETS.filterLogEvents)).toBe(2);
    expect(texts()[0]).toContain('ec2.amazonaws.com/RunInstances');
  });

  it('logs down (500s): the alert still goes out and says the logs could not be fetched', async () => {
    h.aws.route(TARGETS.describeMetricFilters, () => awsError('ServiceUnavailableException', 'The service is unavailable', 500));
    await expect(h.handler()(snsEvent(alarmMessage()), ctx())).resolves.toEqual({ posted: 1, ignored: 0 });
    expect(h.hook.posts).toHaveLength(1);
    expect(texts()[0]).toContain('관련 로그(요약): 조회하지 못했습니다 (ServiceUnavailableException: The service is unavailable)');
    expect(h.decisions('logs-lookup-failed')).toEqual([
      {
        level: 'warn',
        msg: 'logs-lookup-failed',
        metric: 'trailwatch/UnauthorizedAPICall',
        error: 'ServiceUnavailableException: The service is unavailable',
      },
    ]);
    // The failed describe is not cached: the next alarm asks again.
    h.aws.route(TARGETS.describeMetricFilters, oneFilter);
    h.aws.route(TARGETS.filterLogEvents, pages([aliceEvent]));
    const before = callsTo(TARGETS.describeMetricFilters);
    await h.handler()(snsEvent(alarmMessage({ StateChangeTime: '2026-01-07T05:36:05.472+0000' })), ctx());
    expect(callsTo(TARGETS.describeMetricFilters)).toBe(before + 1);
  });

  it('the lookup is bounded by the remaining time and the alert still goes out in time', async () => {
    h.aws.route(TARGETS.filterLogEvents, (body) => ({ body: { events: [], nextToken: `${String(body.nextToken ?? '')}x` } }));
    const started = Date.now();
    await h.handler()(snsEvent(alarmMessage()), contextWith(2000));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(h.hook.posts).toHaveLength(1);
    expect(texts()[0]).toMatch(/관련 로그\(요약\): 조회 결과 없음 \(.+\) \(시간 제한으로 일부만 조회함\)$/);
    expect(callsTo(TARGETS.filterLogEvents)).toBeGreaterThan(2);
  });

  it('follows every metric filter on the metric (paginated describe, two log groups)', async () => {
    h.aws.route(TARGETS.describeMetricFilters, (body, i) => {
      if (i === 0) return { body: { metricFilters: (oneFilter(body).body as { metricFilters: unknown[] }).metricFilters, nextToken: 'd1' } };
      return { body: { metricFilters: [{ filterName: 'f2', filterPattern: '{ $.x = 1 }', logGroupName: 'second-group' }] } };
    });
    h.aws.route(TARGETS.filterLogEvents, (body) => ({ body: { events: body.logGroupName === LOG_GROUP ? [malloryEvent] : [aliceEvent] } }));
    await h.handler()(snsEvent(alarmMessage()), ctx());
    expect(h.aws.callsTo(TARGETS.describeMetricFilters).map((c) => c.body.nextToken)).toEqual([undefined, 'd1']);
    expect(h.aws.callsTo(TARGETS.filterLogEvents).map((c) => c.body.logGroupName).sort()).toEqual([LOG_GROUP, 'second-group'].sort());
    const text = texts()[0];
    expect(text).toContain(`로그그룹: ${LOG_GROUP}, second-group`);
    // Merged oldest first across the groups.
    expect(text.indexOf('RunInstances')).toBeLessThan(text.indexOf('DescribeInstances'));
  });

  it('says so when no metric filter publishes the metric', async () => {
    h.aws.route(TARGETS.describeMetricFilters, () => ({ body: { metricFilters: [] } }));
    await h.handler()(snsEvent(alarmMessage()), ctx());
    expect(texts()[0]).toContain('관련 로그(요약): 지표 trailwatch/UnauthorizedAPICall을(를) 게시하는 지표 필터가 없어 조회하지 않았습니다');
    expect(callsTo(TARGETS.filterLogEvents)).toBe(0);
  });

  it('oversized and odd log events: the message stays bounded', async () => {
    const huge = logEvent(cloudTrailRecord({ userIdentity: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${'R'.repeat(100_000)}` }, requestParameters: { blob: 'x'.repeat(200_000) } }), 0);
    const notJson = logEvent(`not json at all ${'y'.repeat(100_000)}`, 1);
    h.aws.route(TARGETS.filterLogEvents, pages([huge, notJson, huge, notJson, huge]));
    await h.handler()(snsEvent(alarmMessage()), ctx());
    const text = texts()[0];
    expect(Array.from(text).length).toBeLessThanOrEqual(3500);
    expect(text).toMatch(/user=arn:aws:sts::123456789012:assumed-role\/R+…/);
    expect(text).toMatch(/raw: not json at all y+…/);
  });
});

describe('delivering to Dooray!', () => {
  it('503 then 200: posts twice, succeeds', async () => {
    h.hook.reply({ status: 503 }, { status: 200 });
    await expect(h.handler()(snsEvent(alarmMessage()), ctx())).resolves.toEqual({ posted: 1, ignored: 0 });
    expect(h.hook.posts).toHaveLength(2);
    expect(h.hook.posts[1].body).toEqual(h.hook.posts[0].body);
    expect(h.decisions('posted')[0]).toMatchObject({ attempts: 2 });
  });

  it('always 500: the handler throws after every attempt, so Lambda retries and the DLQ keep the alert', async () => {
    h.hook.reply({ status: 500 });
    await expect(h.handler()(snsEvent(alarmMessage()), ctx())).rejects.toThrow('Dooray! webhook failed after 3 attempt(s): HTTP 500');
    expect(h.hook.posts).toHaveLength(3);
    expect(h.decisions('delivery-failed')).toEqual([
      { level: 'error', msg: 'delivery-failed', ...JOIN, error: 'DeliveryError: Dooray! webhook failed after 3 attempt(s): HTTP 500' },
    ]);
  });

  it('slow webhook: each attempt times out, then the handler throws', async () => {
    h.hook.reply({ status: 200, delayMs: 3000 });
    await expect(h.handler({ delivery: { attemptTimeoutMs: 150, baseDelayMs: 5, maxDelayMs: 10, maxAttempts: 2 } })(snsEvent(alarmMessage()), ctx())).rejects.toThrow(
      'Dooray! webhook failed after 2 attempt(s): timed out after 150 ms',
    );
    expect(h.hook.posts).toHaveLength(2);
  });

  it('4xx: no retry, throws with the status', async () => {
    h.hook.reply({ status: 404, body: 'Not Found' });
    await expect(h.handler()(snsEvent(alarmMessage()), ctx())).rejects.toThrow('Dooray! webhook rejected the message: HTTP 404 Not Found (not retried)');
    expect(h.hook.posts).toHaveLength(1);
  });
});

describe('the secret', () => {
  it('KMS context mismatch: a clear error, nothing posted, decrypt retried next time', async () => {
    h.env.WEBHOOK_URL = fakeCiphertext(h.hook.url, { LambdaFunctionName: 'old-function-name' });
    const handler = h.handler();
    const expected = `Cannot decrypt WEBHOOK_URL with KMS: InvalidCiphertextException. The ciphertext must be encrypted with encryption context {"LambdaFunctionName":"${FUNCTION_NAME}"}`;
    await expect(handler(snsEvent(alarmMessage()), ctx())).rejects.toThrow(expected);
    expect(h.hook.posts).toHaveLength(0);
    expect(h.decisions('hook-url-unavailable')).toEqual([{ level: 'error', msg: 'hook-url-unavailable', ...JOIN, error: expect.stringContaining(expected) }]);
    await expect(handler(snsEvent(alarmMessage()), ctx())).rejects.toThrow(expected);
    expect(callsTo(TARGETS.decrypt)).toBe(2);
  });

  it('decrypts nothing and reads no setting before the first invocation', async () => {
    h.env.LOCALE = 'ja';
    const handler = h.handler();
    expect(h.aws.calls).toHaveLength(0);
    const attempt = handler(snsEvent(alarmMessage()), ctx());
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(handler(snsEvent(alarmMessage()), ctx())).rejects.toThrow('LOCALE must be "ko" or "en", got "ja".');
    expect(h.hook.posts).toHaveLength(0);
    expect(h.decisions('config-invalid')[0]).toEqual({ level: 'error', msg: 'config-invalid', error: 'LOCALE must be "ko" or "en", got "ja".' });
  });
});

describe('settings', () => {
  it('English, another zone, a stack prefix, a custom title, a custom bot name', async () => {
    Object.assign(h.env, { LOCALE: 'en', TIME_ZONE: 'UTC', ALARM_NAME_PREFIX: 'prod-', BOT_NAME: 'sec-alerts' });
    const handler = h.handler();
    await handler(snsEvent(alarmMessage({ AlarmName: 'prod-UnauthorizedAPICall' })), ctx());
    await handler(snsEvent(alarmMessage({ AlarmName: 'prod-DbSnapshotShared' })), ctx());
    const [first, second] = h.hook.posts.map((p) => p.body as { botName: string; text: string });
    expect(first.botName).toBe('sec-alerts');
    expect(first.text.split('\n').slice(0, 3)).toEqual(['[LOW] Unauthorized API call alarm triggered', 'Alarm time: 2026-01-07 04:36:05 UTC', 'Alarm: prod-UnauthorizedAPICall']);
    expect(second.text.split('\n')[0]).toBe('[MEDIUM] DB snapshot shared alarm triggered');
  });
});

describe('delivery records', () => {
  it('names the monitored log group in DescribeMetricFilters (its permission is scoped to that group)', async () => {
    h.env.MONITORED_LOG_GROUPS = LOG_GROUP;
    await h.handler()(snsEvent(alarmMessage()), ctx());
    expect(h.aws.callsTo(TARGETS.describeMetricFilters)[0].body).toEqual({ logGroupName: LOG_GROUP, metricName: 'UnauthorizedAPICall', metricNamespace: 'trailwatch' });
  });

  it('a table that cannot be read does not cost the alert: it posts under the alarm name, and says why', async () => {
    h.aws.route(DYNAMODB_TARGETS.getItem, () => awsError('ProvisionedThroughputExceededException', 'slow down'));
    await expect(h.handler()(snsEvent(alarmMessage()), ctx())).resolves.toEqual({ posted: 1, ignored: 0 });
    const error = expect.stringContaining('ProvisionedThroughputExceededException: slow down');
    expect(h.decisions('delivery-record-unreadable')).toEqual([{ level: 'warn', msg: 'delivery-record-unreadable', ...JOIN, error }]);
    expect(h.decisions('detection-record-unreadable')).toEqual([{ level: 'warn', msg: 'detection-record-unreadable', ...JOIN, error }]);
    expect(texts()[0].split('\n')[0]).toBe('[보통] UnauthorizedAPICall 경보 발생하였습니다');
  });

  it('a record that cannot be written after an accepted post does not fail the invocation (a retry would post again)', async () => {
    h.aws.route(DYNAMODB_TARGETS.putItem, () => awsError('AccessDeniedException', 'no', 400));
    await expect(h.handler()(snsEvent(alarmMessage()), ctx())).resolves.toEqual({ posted: 1, ignored: 0 });
    expect(h.decisions('delivery-record-failed')).toEqual([
      { level: 'error', msg: 'delivery-record-failed', ...JOIN, error: expect.stringContaining('AccessDeniedException: no') },
    ]);
  });

  it('ignores a notification of another topic when ALARM_TOPIC_ARN is set', async () => {
    h.env.ALARM_TOPIC_ARN = `arn:aws:sns:ap-northeast-2:${ACCOUNT}:other-topic`;
    await expect(h.handler()(snsEvent(alarmMessage()), ctx())).resolves.toEqual({ posted: 0, ignored: 1 });
    expect(h.decisions('ignored')).toEqual([{ level: 'info', msg: 'ignored', reason: 'not-from-alarm-topic', source: 'sns' }]);
    expect(h.hook.posts).toHaveLength(0);
  });
});

describe('routing and resolved messages', () => {
  it('a high-severity detection goes to the second webhook when there is one', async () => {
    const second = await startWebhookStandIn();
    try {
      h.env.HIGH_SEVERITY_WEBHOOK_URL = fakeCiphertext(second.url, { LambdaFunctionName: FUNCTION_NAME });
      const handler = h.handler();
      await handler(snsEvent(alarmMessage({ AlarmName: 'CloudTrailChangesEvent' })), ctx());
      await handler(snsEvent(alarmMessage()), ctx());
      expect(second.posts.map((p) => (p.body as { text: string }).text.split('\n')[0])).toEqual(['[높음] CloudTrail 구성 변경 경보 발생하였습니다']);
      expect(h.hook.posts.map((p) => (p.body as { text: string }).text.split('\n')[0])).toEqual(['[낮음] 권한 없는 API 호출 경보 발생하였습니다']);
    } finally {
      await second.close();
    }
  });

  it('NOTIFY_ON_OK posts a short resolved message for ALARM → OK, without a log lookup', async () => {
    h.env.NOTIFY_ON_OK = 'true';
    await expect(h.handler()(snsEvent(alarmMessage({ NewStateValue: 'OK', OldStateValue: 'ALARM', NewStateReason: 'no datapoints' })), ctx())).resolves.toEqual({ posted: 1, ignored: 0 });
    expect(texts()[0].split('\n')[0]).toBe('[해결] 권한 없는 API 호출 경보가 정상(OK)으로 돌아왔습니다');
    expect(callsTo(TARGETS.filterLogEvents)).toBe(0);
  });
});

describe('follow-ups while an alarm stays in ALARM', () => {
  const DESCRIBE_ALARMS = 'POST /';
  const SWEEP = { trailwatch: 'follow-up-sweep' };
  const PERIOD_MS = 300_000;
  /** Mallory's call, arrived in CloudWatch Logs a minute ago (after the ALARM message). */
  const arrivedLater = (id: string, ageMs: number) => ({ ...logEvent(cloudTrailRecord({ eventName: 'DeleteTrail', eventID: id, eventTime: new Date(Date.now() - 5 * 60_000).toISOString() }), 7), ingestionTime: Date.now() - ageMs });

  it('posts one labelled follow-up per period with what arrived since the last message, and stops once the alarm leaves ALARM', async () => {
    h.aws.route(TARGETS.filterLogEvents, pages([aliceEvent]));
    const handler = h.handler();
    await handler(snsEvent(alarmMessage()), ctx());
    expect(h.hook.posts).toHaveLength(1);

    h.aws.route(DESCRIBE_ALARMS, () => ({ raw: describeAlarmsXml('UnauthorizedAPICall', 'ALARM') }));
    h.aws.route(TARGETS.filterLogEvents, pages([aliceEvent, arrivedLater('new-1', 60_000)]));
    const firstSweep = Date.now();
    await expect(handler(SWEEP, ctx())).resolves.toEqual({ posted: 1, ignored: 0 });
    expect(h.hook.posts).toHaveLength(2);
    const followUp = texts()[1];
    expect(followUp.split('\n')[0]).toBe('[낮음] [후속] 권한 없는 API 호출 경보가 계속되는 중 새 이벤트');
    // Only what arrived after the ALARM message: alice's call was reported already.
    expect(followUp).toContain('id=new-1');
    expect(followUp).not.toContain('id=6f1c2b8e');
    expect(followUp).toContain('건수: 로그 조회 1건 · 표시 1건');
    expect(h.aws.callsTo(DESCRIBE_ALARMS)[0].body).toEqual({});

    // More arrives; a second sweep in the same alarm period posts nothing, the next period's does.
    h.aws.route(TARGETS.filterLogEvents, pages([aliceEvent, arrivedLater('new-1', 60_000), arrivedLater('new-2', 1_000)]));
    const samePeriod = Math.floor(firstSweep / PERIOD_MS) === Math.floor(Date.now() / PERIOD_MS);
    await expect(handler(SWEEP, ctx())).resolves.toEqual(samePeriod ? { posted: 0, ignored: 1 } : { posted: 1, ignored: 0 });
    expect(h.hook.posts).toHaveLength(samePeriod ? 2 : 3);

    h.aws.route(DESCRIBE_ALARMS, () => ({ raw: describeAlarmsXml('UnauthorizedAPICall', 'OK') }));
    await expect(handler(SWEEP, ctx())).resolves.toEqual({ posted: 0, ignored: 1 });
    expect(h.table.items.has(`open|${ALARM_ARN}`)).toBe(false);
    expect(h.decisions('follow-ups-closed')).toEqual([{ level: 'info', msg: 'follow-ups-closed', alarmName: 'UnauthorizedAPICall', alarmArn: ALARM_ARN, state: 'OK' }]);
  });

  it('nothing new: no follow-up', async () => {
    h.aws.route(TARGETS.filterLogEvents, pages([aliceEvent]));
    const handler = h.handler();
    await handler(snsEvent(alarmMessage()), ctx());
    h.aws.route(DESCRIBE_ALARMS, () => ({ raw: describeAlarmsXml('UnauthorizedAPICall', 'ALARM') }));
    await expect(handler(SWEEP, ctx())).resolves.toEqual({ posted: 0, ignored: 1 });
    expect(h.hook.posts).toHaveLength(1);
  });

  it('an alarm that is not a detection leaves nothing open', async () => {
    const message = alarmMessage({ AlarmName: 'prod-critical', AlarmRule: 'ALARM("a")' });
    delete message.Trigger;
    await h.handler()(snsEvent(message), ctx());
    expect([...h.table.items.keys()].filter((k) => k.startsWith('open|'))).toEqual([]);
  });
});
