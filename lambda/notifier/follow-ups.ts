/**
 * Follow-ups while a detection stays in ALARM (issue 10, item 2). CloudWatch runs alarm actions only on state
 * transitions, so one principal who keeps matching keeps the alarm in ALARM and hides everyone else's calls.
 * The mechanism:
 * - each ALARM message leaves an *open alarm* item in the notifier's table (alarm, metric, period, state-change
 *   time, the latest ingestion time reported);
 * - an EventBridge Scheduler schedule invokes the notifier every 5 minutes with {@link SWEEP_EVENT}; for each open
 *   alarm it asks CloudWatch for the alarm's state (DescribeAlarms) and drops the item unless the alarm is still
 *   in the same ALARM episode; otherwise it re-runs the detection's filter over what CloudWatch Logs received
 *   since the last message and posts one follow-up, keyed by alarm + period in the delivery records, so there is
 *   at most one per alarm period.
 * Events reach the channel within one sweep interval (5 minutes, the longest alarm period the product allows)
 * of arriving in CloudWatch Logs. Cost per account: 8,640 schedule invocations a month (EventBridge Scheduler's
 * free tier is 14 million), as many short Lambda runs (well under $0.01 at 256 MB), one DescribeAlarms and one
 * FilterLogEvents per open alarm per sweep — cents a month.
 */
import type { AlarmNotice } from './alarm';
import { sendSigned, type AwsCaller } from './aws-request';
import { deleteItem, putItem, RECORD_KEY, scanByKeyPrefix, type Item } from './dynamodb';
import { RECORD_EXPIRY } from './delivery-records';

/** What the schedule sends. */
export const SWEEP_EVENT = { trailwatch: 'follow-up-sweep' } as const;
/** The schedule's rate; also the longest wait between an event's arrival and its follow-up. */
export const SWEEP_MINUTES = 5;
/** CloudTrail events arrive minutes after their own time: the re-read reaches this far back before the last arrival. */
export const LATE_ARRIVAL_MS = 20 * 60_000;
/** An open alarm not closed by the sweep (e.g. the schedule was removed) expires after a day. */
const OPEN_TTL_SECONDS = 24 * 3600;

const PREFIX = 'open|';

export function isSweep(event: unknown): boolean {
  return typeof event === 'object' && event !== null && (event as { trailwatch?: unknown }).trailwatch === SWEEP_EVENT.trailwatch;
}

export interface OpenAlarm {
  readonly alarmArn: string;
  readonly alarmName: string;
  readonly metricName: string;
  readonly namespace: string;
  readonly periodSeconds: number;
  readonly stateTime: Date;
  /** The latest ingestion time already reported. */
  readonly lastIngestionMs: number;
}

export function openAlarmItem(open: OpenAlarm, nowMs: number): Item {
  return {
    [RECORD_KEY]: { S: `${PREFIX}${open.alarmArn}` },
    alarmName: { S: open.alarmName },
    metricName: { S: open.metricName },
    namespace: { S: open.namespace },
    periodSeconds: { N: String(open.periodSeconds) },
    stateTime: { S: open.stateTime.toISOString() },
    lastIngestionMs: { N: String(open.lastIngestionMs) },
    [RECORD_EXPIRY]: { N: String(Math.floor(nowMs / 1000) + OPEN_TTL_SECONDS) },
  };
}

export function parseOpenAlarm(item: Item): OpenAlarm | undefined {
  const key = item[RECORD_KEY]?.S ?? '';
  const stateTime = new Date(item.stateTime?.S ?? '');
  const periodSeconds = Number(item.periodSeconds?.N);
  const lastIngestionMs = Number(item.lastIngestionMs?.N);
  const [alarmName, metricName, namespace] = [item.alarmName?.S, item.metricName?.S, item.namespace?.S];
  if (!key.startsWith(PREFIX) || !alarmName || !metricName || !namespace || Number.isNaN(stateTime.getTime()) || !(periodSeconds > 0) || Number.isNaN(lastIngestionMs)) {
    return undefined;
  }
  return { alarmArn: key.slice(PREFIX.length), alarmName, metricName, namespace, periodSeconds, stateTime, lastIngestionMs };
}

/** The notice a follow-up is about: the open alarm's own transition. */
export function noticeOf(open: OpenAlarm): AlarmNotice {
  const [, , , region, account] = open.alarmArn.split(':');
  return {
    source: 'sns',
    delivery: {},
    state: 'ALARM',
    alarmName: open.alarmName,
    alarmArn: open.alarmArn,
    accountId: account,
    regionCode: region,
    metric: { kind: 'metric', name: open.metricName, namespace: open.namespace },
    timing: { stateTime: open.stateTime, periodSeconds: open.periodSeconds, datapointTimes: [], datapointValues: [] },
  };
}

/** The start of the alarm period `nowMs` falls in: one follow-up per alarm per period. */
export const periodStart = (open: OpenAlarm, nowMs: number): Date => new Date(Math.floor(nowMs / (open.periodSeconds * 1000)) * open.periodSeconds * 1000);

export interface OpenAlarms {
  record(open: OpenAlarm): Promise<void>;
  list(signal?: AbortSignal): Promise<OpenAlarm[]>;
  close(alarmArn: string): Promise<void>;
}

export function createOpenAlarms(caller: AwsCaller, table: () => string, now: () => number = Date.now): OpenAlarms {
  return {
    record: (open) => putItem(caller, table(), openAlarmItem(open, now())),
    list: async (signal) => (await scanByKeyPrefix(caller, table(), PREFIX, signal)).flatMap((item) => parseOpenAlarm(item) ?? []),
    close: (alarmArn) => deleteItem(caller, table(), `${PREFIX}${alarmArn}`),
  };
}

/**
 * The alarm's current state, by CloudWatch's Query API (DescribeAlarms, form-encoded POST, XML answer:
 * docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html). Undefined when the alarm is gone.
 */
export async function alarmState(caller: AwsCaller, alarmName: string, signal?: AbortSignal): Promise<string | undefined> {
  const body = new URLSearchParams({ Action: 'DescribeAlarms', Version: '2010-08-01', 'AlarmNames.member.1': alarmName, AlarmTypes: 'MetricAlarm' }).toString();
  const res = await sendSigned(caller, {
    service: 'monitoring',
    serviceEnvId: 'CLOUDWATCH',
    path: '/',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
    signal,
  });
  if (res.status < 200 || res.status >= 300) throw new Error(`DescribeAlarms failed: HTTP ${res.status} ${res.body.replace(/\s+/g, ' ').slice(0, 200)}`);
  return /<StateValue>([A-Z_]+)<\/StateValue>/.exec(res.body)?.[1];
}
