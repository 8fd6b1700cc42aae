/**
 * The notifier's invocation flow: parse → (decrypt ∥ find the related logs ∥ look up the delivery record)
 * → format → deliver → record the delivery. Only ALARM notifications post; everything else resolves with
 * one log line. The three lookups run side by side, so a cold invocation costs three sequential AWS round
 * trips (Decrypt ∥ DescribeMetricFilters ∥ GetItem, then FilterLogEvents, then PutItem after the post) and a
 * warm one FilterLogEvents ∥ GetItem, then PutItem.
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { KMSClient } from '@aws-sdk/client-kms';
import { parseInvocation, type AlarmNotice } from './alarm';
import { createDeliveryRecords, deliveryKey, type DeliveryRecords } from './delivery-records';
import { createDetectionDirectory, type DetectionDirectory, type DetectionRecord } from './detection-records';
import { ConfigError, readEnvironment, WIRING_VARIABLES, type NotifierConfig } from './environment';
import { alarmState, createOpenAlarms, isSweep, LATE_ARRIVAL_MS, noticeOf, periodStart, type OpenAlarm, type OpenAlarms } from './follow-ups';
import { describeError, logDecision } from './log';
import { buildAlert } from './alert';
import { createMetricFilterDirectory } from './metric-filters';
import { findRelatedLogs, type RelatedLogs } from './related-logs';
import { createHookUrlSource } from './secret';
import { targetOf } from './targets';
import { createTimeFormatter } from './time';
import { detectionInfo, detectionNameOf } from './titles';
import { DEFAULT_DELIVERY_POLICY, deliver, type DeliveryPolicy } from './webhook';
import { computeWindow, DEFAULT_PERIOD_SECONDS } from './window';

/** How an invocation's time is shared between looking up the logs and delivering the message. */
export interface TimeBudget {
  /** Kept back at the very end, to log and throw before Lambda's own timeout. @default 500 */
  readonly safetyMarginMs: number;
  /** Most time the decrypt + log lookup may take. @default 10_000 */
  readonly lookupMaxMs: number;
  /** Most of the remaining time the lookup may take; the rest is the delivery's. @default 0.4 */
  readonly lookupShare: number;
  /** Remaining time assumed when the context cannot tell (a local call). @default 30_000 */
  readonly defaultRemainingMs: number;
}

export const DEFAULT_TIME_BUDGET: TimeBudget = { safetyMarginMs: 500, lookupMaxMs: 10_000, lookupShare: 0.4, defaultRemainingMs: 30_000 };

export interface HandlerDeps {
  readonly logs: CloudWatchLogsClient;
  readonly kms: KMSClient;
  /** @default process.env, read at the first invocation */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly delivery?: Partial<DeliveryPolicy>;
  readonly budget?: Partial<TimeBudget>;
  /** @default DynamoDB, signed with the KMS client's credentials */
  readonly records?: DeliveryRecords;
  /** Title, severity and first action per detection. @default the items the stack wrote in the same table */
  readonly detections?: DetectionDirectory;
  /** Alarms that stay in ALARM, for follow-ups. @default the same table */
  readonly openAlarms?: OpenAlarms;
}

/** The part of the Lambda context the notifier uses. */
export interface InvocationContext {
  readonly awsRequestId?: string;
  getRemainingTimeInMillis?(): number;
}

export interface HandlerResult {
  readonly posted: number;
  readonly ignored: number;
}

export type NotifierHandler = (event: unknown, context?: InvocationContext) => Promise<HandlerResult>;

interface Settings {
  readonly config: NotifierConfig;
  readonly formatTime: (instant: Date) => string;
}

export function createHandler(deps: HandlerDeps): NotifierHandler {
  const policy: DeliveryPolicy = { ...DEFAULT_DELIVERY_POLICY, ...deps.delivery };
  const budget: TimeBudget = { ...DEFAULT_TIME_BUDGET, ...deps.budget };
  const directory = createMetricFilterDirectory(deps.logs, () => load().config.monitoredLogGroups);
  let settings: Settings | undefined;
  const load = (): Settings => {
    if (settings) return settings;
    let config: NotifierConfig;
    try {
      config = readEnvironment(deps.env ?? process.env);
    } catch (error) {
      if (error instanceof ConfigError) logDecision('error', 'config-invalid', { error: error.message });
      throw error;
    }
    settings = { config, formatTime: createTimeFormatter(config.timeZone) };
    return settings;
  };
  const hookUrl = createHookUrlSource(deps.kms, () => {
    const { config } = load();
    return { blob: config.webhookCiphertext, functionName: config.functionName, variable: WIRING_VARIABLES.webhookUrl };
  });
  // High-severity detections go to the second webhook when there is one.
  const highSeverityHookUrl = createHookUrlSource(deps.kms, () => {
    const { config } = load();
    return { blob: config.highSeverityWebhookCiphertext ?? '', functionName: config.functionName, variable: WIRING_VARIABLES.highSeverityWebhookUrl };
  });
  const caller = { credentials: deps.kms.config.credentials, region: deps.kms.config.region };
  const stateTable = () => load().config.stateTable;
  const records = deps.records ?? createDeliveryRecords(caller, stateTable);
  const detections = deps.detections ?? createDetectionDirectory(caller, stateTable);
  const openAlarms = deps.openAlarms ?? createOpenAlarms(caller, stateTable);

  /**
   * Posts one alarm, or a follow-up of an open one; resolves `false` when nothing was posted (an earlier
   * invocation already posted it, or a follow-up found nothing new).
   */
  async function notify(notice: AlarmNotice, context: InvocationContext | undefined, followUp?: OpenAlarm): Promise<boolean> {
    const { config, formatTime } = load();
    const target = targetOf(config.target);
    // Every line about this alarm carries what joins a dead-letter message to its logs.
    const join = {
      requestId: context?.awsRequestId,
      messageId: notice.delivery.messageId,
      redriveOf: notice.delivery.redriveOf,
      alarmName: notice.alarmName,
      alarmArn: notice.alarmArn,
      stateTime: notice.timing.stateTime?.toISOString(),
    };
    const startedAt = Date.now();
    const key = deliveryKey(notice.alarmArn ?? notice.alarmName, notice.timing.stateTime, followUp && periodStart(followUp, startedAt));

    const remaining = context?.getRemainingTimeInMillis?.() ?? budget.defaultRemainingMs;
    const usableMs = Math.max(0, remaining - budget.safetyMarginMs);
    const lookupMs = Math.min(budget.lookupMaxMs, usableMs * budget.lookupShare);
    // Stops the lookup when its share of time is spent, or when the decrypt fails and the alert cannot go out anyway.
    // A plain timer, not AbortSignal.any([.., AbortSignal.timeout()]): Node 20 holds the timeout signal of a
    // composite only weakly, and a garbage collection during a long lookup left it never firing (the lookup
    // then ran until Lambda's own timeout).
    const stop = new AbortController();
    const { signal } = stop;
    const lookupTimer = setTimeout(() => stop.abort(), Math.max(1, Math.floor(lookupMs)));
    const alarmTime = notice.timing.stateTime ?? new Date(startedAt);
    // A follow-up reads what CloudWatch Logs received since the last message, reaching back for late CloudTrail events.
    const window = followUp
      ? { startMs: followUp.lastIngestionMs - LATE_ARRIVAL_MS, endMs: startedAt, basis: 'follow-up' as const }
      : computeWindow(notice.timing, { beforeMs: config.windowSlackBeforeSeconds * 1000, afterMs: config.windowSlackAfterSeconds * 1000 }, alarmTime);

    // A failed look-up of the record must not cost the alert: post, at the risk of posting twice.
    const alreadyDelivered = key
      ? records.wasDelivered(key, signal).catch((error: unknown) => {
          logDecision('warn', 'delivery-record-unreadable', { ...join, error: describeError(error, 400) });
          return false;
        })
      : Promise.resolve(false);
    // A missing record only costs the wording: the alert goes out under the alarm's name.
    const record = detections.find(detectionNameOf(notice.alarmName, config.alarmNamePrefix), signal).catch((error: unknown): DetectionRecord | undefined => {
      logDecision('warn', 'detection-record-unreadable', { ...join, error: describeError(error, 400) });
      return undefined;
    });
    // High-severity detections go to the second webhook when there is one (its decrypt then waits for the record).
    const url = config.highSeverityWebhookCiphertext
      ? record.then((r) => (r?.severity === 'high' ? highSeverityHookUrl : hookUrl).get(signal))
      : hookUrl.get(signal);
    let webhookUrl: string;
    let logs: RelatedLogs;
    let delivered: boolean;
    let detectionRecord: DetectionRecord | undefined;
    try {
      [webhookUrl, logs, delivered, detectionRecord] = await Promise.all([
        url,
        // A resolved message only says the alarm is back to OK: no lookup.
        notice.state === 'OK'
          ? Promise.resolve<RelatedLogs>({ kind: 'not-applicable', why: 'unknown' })
          : findRelatedLogs({ client: deps.logs, directory }, notice.metric, window, { maxEvents: config.logMaxEvents, signal, ingestedAfterMs: followUp?.lastIngestionMs }),
        alreadyDelivered,
        record,
      ]);
    } catch (error) {
      logDecision('error', 'hook-url-unavailable', { ...join, error: describeError(error, 400) });
      throw error;
    } finally {
      clearTimeout(lookupTimer);
      stop.abort();
    }
    if (delivered) {
      logDecision('info', 'already-delivered', join);
      return false;
    }
    if (followUp && !(logs.kind === 'found' && logs.matched > 0)) {
      logDecision('info', 'follow-up-nothing-new', { ...join, logs: logs.kind });
      return false;
    }

    const alert = buildAlert({
      notice,
      detection: detectionInfo(detectionRecord, config.locale),
      logs,
      locale: config.locale,
      botName: config.botName,
      formatTime,
      alarmTime,
      accountName: config.accountName,
      now: new Date(),
      followUp: followUp !== undefined,
    });
    try {
      const posted = await deliver(webhookUrl, { rules: target.rules, message: target.render(alert), fallback: target.renderMinimal(alert) }, startedAt + usableMs, policy);
      logDecision('info', 'posted', {
        ...join,
        source: notice.source,
        target: config.target,
        state: notice.state,
        severity: alert.severity,
        fallback: posted.fallback,
        logs: logs.kind,
        events: logs.kind === 'found' ? logs.events.length : 0,
        matched: logs.kind === 'found' ? logs.matched : 0,
        window: window.basis,
        attempts: posted.attempts,
        status: posted.status,
        ms: Date.now() - startedAt,
      });
    } catch (error) {
      logDecision('error', 'delivery-failed', { ...join, error: describeError(error, 400) });
      throw error;
    }
    // The post was accepted: failing now would only make Lambda retry, and post again. Both writes go together.
    const open = openAlarmOf(notice, alert.kind, logs, followUp, startedAt);
    await Promise.all([
      key &&
        records.recordDelivered(key, { alarmName: notice.alarmName }).catch((error: unknown) => {
          logDecision('error', 'delivery-record-failed', { ...join, error: describeError(error, 400) });
        }),
      open &&
        openAlarms.record(open).catch((error: unknown) => {
          logDecision('warn', 'open-alarm-unrecorded', { ...join, error: describeError(error, 400) });
        }),
    ]);
    return true;
  }

  /** Each open alarm still in ALARM gets at most one follow-up per period; the others are closed. */
  async function sweep(context: InvocationContext | undefined): Promise<HandlerResult> {
    let posted = 0;
    let ignored = 0;
    const failures: unknown[] = [];
    for (const open of await openAlarms.list()) {
      try {
        const state = await alarmState(caller, open.alarmName);
        if (state !== 'ALARM') {
          await openAlarms.close(open.alarmArn);
          logDecision('info', 'follow-ups-closed', { alarmName: open.alarmName, alarmArn: open.alarmArn, state: state ?? 'gone' });
          ignored += 1;
        } else if (await notify(noticeOf(open), context, open)) posted += 1;
        else ignored += 1;
      } catch (error) {
        failures.push(error);
        logDecision('error', 'follow-up-failed', { alarmName: open.alarmName, alarmArn: open.alarmArn, error: describeError(error, 400) });
      }
    }
    if (failures.length > 0) throw new Error(`${failures.length} follow-up(s) failed: ${failures.map((e) => describeError(e)).join('; ')}`);
    return { posted, ignored };
  }

  return async (event, context) => {
    // Settings first, even for events that will be ignored: a misconfiguration fails loudly at once.
    const { config } = load();
    if (isSweep(event)) return sweep(context);
    let posted = 0;
    let ignored = 0;
    const failures: unknown[] = [];
    // In practice SNS sends one record per invocation; every record is handled regardless.
    for (const item of parseInvocation(event, { alarmTopicArn: config.alarmTopicArn, acceptOk: config.notifyOnOk })) {
      if (item.kind === 'ignored') {
        ignored += 1;
        logDecision('info', 'ignored', { reason: item.reason, source: item.source, alarmName: item.alarmName, state: item.state });
        continue;
      }
      try {
        if (await notify(item.notice, context)) posted += 1;
        else ignored += 1;
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new Error(`${failures.length} alarm notifications failed: ${failures.map((e) => describeError(e)).join('; ')}`);
    return { posted, ignored };
  };
}

/** What a detection's ALARM (or follow-up) message leaves open for the next sweep; nothing for other alarms. */
function openAlarmOf(notice: AlarmNotice, kind: string, logs: RelatedLogs, followUp: OpenAlarm | undefined, nowMs: number): OpenAlarm | undefined {
  if (followUp) return logs.kind === 'found' && logs.lastIngestionMs !== undefined ? { ...followUp, lastIngestionMs: logs.lastIngestionMs } : undefined;
  const { metric, alarmArn, timing } = notice;
  if (kind !== 'detection' || notice.state !== 'ALARM' || metric.kind !== 'metric' || !alarmArn || !timing.stateTime) return undefined;
  return {
    alarmArn,
    alarmName: notice.alarmName,
    metricName: metric.name,
    namespace: metric.namespace,
    periodSeconds: timing.periodSeconds ?? DEFAULT_PERIOD_SECONDS,
    stateTime: timing.stateTime,
    lastIngestionMs: (logs.kind === 'found' ? logs.lastIngestionMs : undefined) ?? nowMs,
  };
}
