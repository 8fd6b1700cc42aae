/**
 * Alerts built the way the handler builds them, from the fixture alarm (UnauthorizedAPICall, 2 matches counted,
 * window 04:29–04:36 UTC), for the renderers' golden tests.
 */
import { DETECTION_CATALOG } from '../../../catalog/detections';
import type { Locale } from '../../../catalog/types';
import { parseInvocation, type AlarmNotice } from '../../../lambda/notifier/alarm';
import { buildAlert, type Alert, type AlertInput } from '../../../lambda/notifier/alert';
import { summarizeLogEvent, type EventSummary } from '../../../lambda/notifier/cloudtrail';
import { rollUp, type RelatedLogs } from '../../../lambda/notifier/related-logs';
import { createTimeFormatter } from '../../../lambda/notifier/time';
import { detectionInfo, detectionNameOf } from '../../../lambda/notifier/titles';
import { detectionRecordsOf } from '../../../stacks/notifier-detections';
import { LOG_GROUP, alarmMessage, cloudTrailRecord, snsEvent } from './fixtures';

export const notice = ((): AlarmNotice => {
  const [item] = parseInvocation(snsEvent(alarmMessage()));
  if (item.kind !== 'alarm') throw new Error('fixture is not an alarm');
  return item.notice;
})();

export const alice = summarizeLogEvent(JSON.stringify(cloudTrailRecord()), 0);
export const mallory = summarizeLogEvent(
  JSON.stringify(
    cloudTrailRecord({
      eventTime: '2026-01-07T04:33:41Z',
      eventSource: 's3.amazonaws.com',
      eventName: 'GetBucketPolicy',
      errorCode: 'AccessDenied',
      awsRegion: 'eu-west-1',
      sourceIPAddress: '198.51.100.7',
      userAgent: 'Mozilla/5.0 (Macintosh) AWS Internal',
      userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: 'arn:aws:iam::123456789012:user/mallory', userName: 'mallory', accessKeyId: 'AKIAEXAMPLEKEY' },
      eventID: 'b2e4d6f8-1a3c-4e5f-8a9b-0c1d2e3f4a5b',
    }),
  ),
  0,
);

export const WINDOW = { startMs: Date.parse('2026-01-07T04:29:00Z'), endMs: Date.parse('2026-01-07T04:36:00Z'), basis: 'reason-datapoints' } as const;

export function found(events: EventSummary[], more: Partial<Extract<RelatedLogs, { kind: 'found' }>> = {}, maxEvents = 5): RelatedLogs {
  return {
    kind: 'found',
    logGroups: [LOG_GROUP],
    window: WINDOW,
    events: events.slice(0, maxEvents),
    matched: events.length,
    complete: true,
    cutShort: false,
    failedGroups: [],
    ...(events.length > maxEvents ? { rollup: rollUp(events) } : {}),
    ...more,
  };
}

const records = new Map(detectionRecordsOf(DETECTION_CATALOG).map((r) => [r.name, r]));

export function alertOf(logs: RelatedLogs, locale: Locale = 'ko', overrides: Partial<AlertInput> = {}): Alert {
  const n = overrides.notice ?? notice;
  return buildAlert({
    notice: n,
    detection: detectionInfo(records.get(detectionNameOf(n.alarmName, '')), locale),
    logs,
    locale,
    botName: 'trailwatch',
    formatTime: createTimeFormatter(locale === 'ko' ? 'Asia/Seoul' : 'UTC'),
    alarmTime: n.timing.stateTime ?? new Date(0),
    accountName: 'prod',
    // An hour after the window: no late-delivery caveat unless a test asks.
    now: new Date('2026-01-07T05:36:00Z'),
    ...overrides,
  });
}
