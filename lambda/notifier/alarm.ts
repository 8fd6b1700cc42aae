/**
 * Turns whatever invoked the notifier into alarm notices. Three shapes reach it
 * (reference: alarm-notifier-formats §3):
 * - SNS: `Records[].Sns.Message` is a JSON string holding either CloudWatch's alarm message
 *   (`AlarmName`, `NewStateValue`, `Trigger`, ...) or, when an EventBridge rule targets the topic,
 *   an EventBridge event;
 * - a direct alarm action: `{ source: 'aws.cloudwatch', alarmArn, alarmData: {...} }`;
 * - EventBridge `CloudWatch Alarm State Change`: `{ 'detail-type', resources: [alarmArn], detail: {...} }`.
 * A Lambda on-failure destination record (what the dead-letter queue keeps, and what `trailwatch redrive`
 * sends back) wraps any of them in `requestPayload`
 * (docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html).
 * The alarm name always comes from the body: the SNS Subject is `ALARM: "<name>" in <Region>`,
 * capped at 100 characters (long names are cut with `...`) and sometimes null.
 */
import { parseAwsTimestamp, parseReasonDatapointTimes, parseReasonDatapointValues } from './time';

/** Which metric the alarm watches; only a single metric leads back to a metric filter. */
export type AlarmMetric =
  | { readonly kind: 'metric'; readonly name: string; readonly namespace: string }
  /** A composite alarm: a rule over other alarms, no metric of its own. */
  | { readonly kind: 'composite' }
  /** Metric math or anomaly detection: several metrics or an expression. */
  | { readonly kind: 'metric-math' }
  /** The message names no metric (e.g. a truncated or hand-written payload). */
  | { readonly kind: 'unknown' };

/** What CloudWatch says about when the alarm looked at which datapoints. */
export interface AlarmTiming {
  /** When the alarm changed state. */
  readonly stateTime?: Date;
  readonly periodSeconds?: number;
  /** Known for SNS messages only; alarm-action and EventBridge configurations omit it. */
  readonly evaluationPeriods?: number;
  /** `reasonData.startDate`: start of the oldest evaluated period (alarm action, EventBridge). */
  readonly evaluatedFrom?: Date;
  /** `reasonData.recentDatapoints.length`. */
  readonly evaluatedDatapoints?: number;
  /** Period starts quoted in the state reason text. */
  readonly datapointTimes: readonly Date[];
  /** The evaluated datapoints' values (`reasonData.recentDatapoints`, else those quoted in the state reason). */
  readonly datapointValues: readonly number[];
}

/** Where the notice came from, for log lines that join a dead-letter message to its logs. */
export interface Delivery {
  /** SNS `MessageId`. */
  readonly messageId?: string;
  readonly topicArn?: string;
  /** Lambda request id of the failed invocation, when the notice came back in a destination record. */
  readonly redriveOf?: string;
}

export interface AlarmNotice {
  readonly source: 'sns' | 'alarm-action' | 'eventbridge' | 'alarm-message';
  readonly delivery: Delivery;
  /** `OK` only when {@link ParseOptions.acceptOk} asked for resolved notices. */
  readonly state: 'ALARM' | 'OK';
  readonly alarmName: string;
  /** The alarm's description (null in SNS messages when none is set). */
  readonly description?: string;
  /** The state reason, as CloudWatch wrote it. */
  readonly reason?: string;
  readonly alarmArn?: string;
  readonly accountId?: string;
  /** Region code (`ap-northeast-2`), from the alarm ARN first: SNS messages only carry a display name. */
  readonly regionCode?: string;
  readonly metric: AlarmMetric;
  readonly timing: AlarmTiming;
}

export type IgnoreReason =
  /** A valid alarm notification for a state other than ALARM. */
  | 'not-alarm-state'
  /** Not an alarm notification at all (e.g. another EventBridge detail-type, an SQS record). */
  | 'not-an-alarm-event'
  /** The SNS message or the payload is not the JSON it should be. */
  | 'malformed-message'
  /** An alarm payload without an alarm name. */
  | 'missing-alarm-name'
  /** Not an SNS notification of the alarm topic the notifier serves (see {@link ParseOptions.alarmTopicArn}). */
  | 'not-from-alarm-topic';

export interface ParseOptions {
  /** When set, only SNS notifications of this topic are handled: anything else invoking the function is ignored. */
  readonly alarmTopicArn?: string;
  /** Turn ALARM → OK transitions into notices (a "resolved" message) instead of ignoring them. @default false */
  readonly acceptOk?: boolean;
}

export type ParsedItem =
  | { readonly kind: 'alarm'; readonly notice: AlarmNotice }
  | {
      readonly kind: 'ignored';
      readonly reason: IgnoreReason;
      readonly source: string;
      readonly alarmName?: string;
      readonly state?: string;
    };

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const positive = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);
const record = (v: unknown): Json => (isRecord(v) ? v : {});

/** `arn:aws:cloudwatch:<region>:<account>:alarm:<name>` → region and account. */
function arnParts(arn: string | undefined): { region?: string; account?: string } {
  const parts = arn?.split(':') ?? [];
  return parts.length >= 6 && parts[0] === 'arn' ? { region: text(parts[3]), account: text(parts[4]) } : {};
}

/** Every alarm notice (or reason to ignore) the invocation carries, in order. */
export function parseInvocation(event: unknown, options: ParseOptions = {}): ParsedItem[] {
  if (!isRecord(event)) return [ignored('not-an-alarm-event', 'unknown')];
  if (isRecord(event.requestContext) && 'requestPayload' in event) {
    // One level only: a destination record never wraps another one.
    const redriveOf = text(event.requestContext.requestId);
    return parseEvent(event.requestPayload, options).map((item) =>
      item.kind === 'alarm' ? { kind: 'alarm', notice: { ...item.notice, delivery: { ...item.notice.delivery, redriveOf } } } : item,
    );
  }
  return parseEvent(event, options);
}

function parseEvent(event: unknown, options: ParseOptions): ParsedItem[] {
  if (!isRecord(event)) return [ignored('not-an-alarm-event', 'unknown')];
  if (Array.isArray(event.Records)) return event.Records.map((rec) => parseSnsRecord(rec, options));
  if (options.alarmTopicArn) return [ignored('not-from-alarm-topic', 'direct')];
  return [parseBody(event, 'direct', {}, options)];
}

function parseSnsRecord(rec: unknown, options: ParseOptions): ParsedItem {
  const sns = isRecord(rec) ? rec.Sns : undefined;
  if (!isRecord(rec) || rec.EventSource !== 'aws:sns' || !isRecord(sns)) return ignored('not-an-alarm-event', 'record');
  const delivery: Delivery = { messageId: text(sns.MessageId), topicArn: text(sns.TopicArn) };
  if (options.alarmTopicArn && delivery.topicArn !== options.alarmTopicArn) return ignored('not-from-alarm-topic', 'sns');
  let message: unknown;
  try {
    message = JSON.parse(String(sns.Message));
  } catch {
    return ignored('malformed-message', 'sns');
  }
  if (!isRecord(message)) return ignored('malformed-message', 'sns');
  return parseBody(message, 'sns', delivery, options, arnParts(delivery.topicArn).region);
}

/** One alarm payload, whichever of the shapes it is. */
function parseBody(body: Json, via: 'sns' | 'direct', delivery: Delivery, options: ParseOptions, topicRegion?: string): ParsedItem {
  if ('AlarmName' in body) return parseAlarmMessage(body, via === 'sns' ? 'sns' : 'alarm-message', delivery, options, topicRegion);
  if ('detail-type' in body) {
    if (body['detail-type'] !== 'CloudWatch Alarm State Change' || !isRecord(body.detail)) {
      return ignored('not-an-alarm-event', via === 'sns' ? 'sns' : 'eventbridge');
    }
    const arn = Array.isArray(body.resources) ? text(body.resources[0]) : undefined;
    return parseStateChange(body.detail, 'eventbridge', delivery, options, arn, text(body.account), text(body.region));
  }
  if (body.source === 'aws.cloudwatch' && isRecord(body.alarmData)) {
    return parseStateChange(body.alarmData, 'alarm-action', delivery, options, text(body.alarmArn), text(body.accountId), text(body.region));
  }
  return ignored('not-an-alarm-event', via === 'sns' ? 'sns' : 'unknown');
}

/** CloudWatch's SNS alarm message (also accepted as a direct payload, e.g. a console test invoke). */
function parseAlarmMessage(m: Json, source: 'sns' | 'alarm-message', delivery: Delivery, options: ParseOptions, topicRegion?: string): ParsedItem {
  const alarmName = text(m.AlarmName);
  const state = handledState(text(m.NewStateValue), text(m.OldStateValue), options);
  if (!alarmName) return ignored('missing-alarm-name', source);
  if (!state) return ignored('not-alarm-state', source, alarmName, text(m.NewStateValue));
  const arn = text(m.AlarmArn);
  const trigger = isRecord(m.Trigger) ? m.Trigger : undefined;
  const metricStats = Array.isArray(trigger?.Metrics) ? trigger.Metrics.map((q) => record(q)) : undefined;
  const single = metricStats?.length === 1 && !metricStats[0].Expression ? record(metricStats[0].MetricStat) : undefined;
  const singleMetric = record(single?.Metric);

  let metric: AlarmMetric;
  if (!trigger) metric = { kind: text(m.AlarmRule) ? 'composite' : 'unknown' };
  else if (text(trigger.MetricName) && text(trigger.Namespace)) {
    metric = { kind: 'metric', name: String(trigger.MetricName), namespace: String(trigger.Namespace) };
  } else if (text(singleMetric.MetricName) && text(singleMetric.Namespace)) {
    metric = { kind: 'metric', name: String(singleMetric.MetricName), namespace: String(singleMetric.Namespace) };
  } else metric = { kind: metricStats ? 'metric-math' : 'unknown' };

  return alarmItem({ source, delivery, state, alarmName, alarmArn: arn, description: text(m.AlarmDescription), reason: text(m.NewStateReason) }, text(m.AWSAccountId), topicRegion, metric, {
    stateTime: parseAwsTimestamp(m.StateChangeTime),
    periodSeconds: positive(trigger?.Period) ?? positive(single?.Period),
    evaluationPeriods: positive(trigger?.EvaluationPeriods),
    datapointTimes: parseReasonDatapointTimes(m.NewStateReason),
    datapointValues: parseReasonDatapointValues(m.NewStateReason),
  });
}

/** The `alarmData` of an alarm action and the `detail` of an EventBridge event share one shape. */
function parseStateChange(
  d: Json,
  source: 'alarm-action' | 'eventbridge',
  delivery: Delivery,
  options: ParseOptions,
  arn: string | undefined,
  account: string | undefined,
  region: string | undefined,
): ParsedItem {
  const alarmName = text(d.alarmName);
  const stateObj = record(d.state);
  const state = handledState(text(stateObj.value), text(record(d.previousState).value), options);
  if (!alarmName) return ignored('missing-alarm-name', source);
  if (!state) return ignored('not-alarm-state', source, alarmName, text(stateObj.value));
  const config = record(d.configuration);
  const queries = Array.isArray(config.metrics) ? config.metrics.map((q) => record(q)) : undefined;
  const stat = queries?.length === 1 && !queries[0].expression ? record(queries[0].metricStat) : undefined;
  const m = record(stat?.metric);

  let metric: AlarmMetric;
  if (text(config.alarmRule)) metric = { kind: 'composite' };
  else if (text(m.name) && text(m.namespace)) metric = { kind: 'metric', name: String(m.name), namespace: String(m.namespace) };
  else metric = { kind: queries && queries.length > 0 ? 'metric-math' : 'unknown' };

  const reasonData = parseReasonData(stateObj.reasonData);
  const recent = Array.isArray(reasonData.recentDatapoints) ? reasonData.recentDatapoints.filter((v): v is number => typeof v === 'number') : undefined;
  const info = { source, delivery, state, alarmName, alarmArn: arn, description: text(config.description), reason: text(stateObj.reason) };
  return alarmItem(info, account, region, metric, {
    stateTime: parseAwsTimestamp(stateObj.timestamp),
    periodSeconds: positive(reasonData.period) ?? positive(stat?.period),
    evaluatedFrom: parseAwsTimestamp(reasonData.startDate),
    evaluatedDatapoints: recent?.length,
    datapointTimes: parseReasonDatapointTimes(stateObj.reason),
    datapointValues: recent ?? parseReasonDatapointValues(stateObj.reason),
  });
}

/** ALARM always; OK only after ALARM and only when asked (a "resolved" message). */
function handledState(state: string | undefined, previous: string | undefined, options: ParseOptions): AlarmNotice['state'] | undefined {
  if (state === 'ALARM') return 'ALARM';
  return state === 'OK' && previous === 'ALARM' && options.acceptOk ? 'OK' : undefined;
}

type NoticeInfo = Pick<AlarmNotice, 'source' | 'delivery' | 'state' | 'alarmName' | 'alarmArn' | 'description' | 'reason'>;

/** An alarm to notify about. The alarm ARN names its account and region (the region as a code, unlike SNS's display name). */
function alarmItem(info: NoticeInfo, account: string | undefined, region: string | undefined, metric: AlarmMetric, timing: AlarmTiming): ParsedItem {
  const fromArn = arnParts(info.alarmArn);
  return { kind: 'alarm', notice: { ...info, accountId: account ?? fromArn.account, regionCode: fromArn.region ?? region, metric, timing } };
}

/** `state.reasonData` is a JSON string; a malformed one only costs the precise window. */
function parseReasonData(value: unknown): Json {
  if (isRecord(value)) return value;
  if (typeof value !== 'string') return {};
  try {
    return record(JSON.parse(value));
  } catch {
    return {};
  }
}

function ignored(reason: IgnoreReason, source: string, alarmName?: string, state?: string): ParsedItem {
  return { kind: 'ignored', reason, source, alarmName, state };
}
