/**
 * The notifier's invocation flow: parse → (decrypt ∥ find the related logs) → format → deliver.
 * Only ALARM notifications post; everything else resolves with one log line. The decrypt and the
 * log lookup run side by side, so a cold invocation costs three sequential AWS round trips
 * (Decrypt ∥ DescribeMetricFilters, then FilterLogEvents) and a warm one a single FilterLogEvents
 * page (more only when matches span pages).
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { Detection } from '../../catalog/types';
import { parseInvocation, type AlarmNotice } from './alarm';
import { ConfigError, readConfig, type NotifierConfig } from './config';
import { describeError, logDecision } from './log';
import { buildMessage } from './message';
import { createMetricFilterDirectory } from './metric-filters';
import { findRelatedLogs, type RelatedLogs } from './related-logs';
import { createHookUrlSource } from './secret';
import { createTimeFormatter } from './time';
import { createTitleBook, titleOf, type TitleBook } from './titles';
import { DEFAULT_DELIVERY_POLICY, deliver, type DeliveryPolicy } from './webhook';
import { computeWindow } from './window';

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
  /** Titles of the built-in detections. */
  readonly catalog: readonly Pick<Detection, 'name' | 'title'>[];
  /** @default process.env, read at the first invocation */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly delivery?: Partial<DeliveryPolicy>;
  readonly budget?: Partial<TimeBudget>;
}

/** The part of the Lambda context the notifier uses. */
export interface InvocationContext {
  getRemainingTimeInMillis?(): number;
}

export interface HandlerResult {
  readonly posted: number;
  readonly ignored: number;
}

export type NotifierHandler = (event: unknown, context?: InvocationContext) => Promise<HandlerResult>;

interface Settings {
  readonly config: NotifierConfig;
  readonly titles: TitleBook;
  readonly formatTime: (instant: Date) => string;
}

export function createHandler(deps: HandlerDeps): NotifierHandler {
  const policy: DeliveryPolicy = { ...DEFAULT_DELIVERY_POLICY, ...deps.delivery };
  const budget: TimeBudget = { ...DEFAULT_TIME_BUDGET, ...deps.budget };
  const directory = createMetricFilterDirectory(deps.logs);
  let settings: Settings | undefined;
  const load = (): Settings => {
    if (settings) return settings;
    let config: NotifierConfig;
    try {
      config = readConfig(deps.env ?? process.env);
    } catch (error) {
      if (error instanceof ConfigError) logDecision('error', 'config-invalid', { error: error.message });
      throw error;
    }
    settings = { config, titles: createTitleBook(deps.catalog, config.customTitles), formatTime: createTimeFormatter(config.timeZone) };
    return settings;
  };
  const hookUrl = createHookUrlSource(deps.kms, () => {
    const { config } = load();
    return { blob: config.hookCiphertext, functionName: config.functionName };
  });

  async function notify(notice: AlarmNotice, context: InvocationContext | undefined): Promise<void> {
    const { config, titles, formatTime } = load();
    const startedAt = Date.now();
    const remaining = context?.getRemainingTimeInMillis?.() ?? budget.defaultRemainingMs;
    const usableMs = Math.max(0, remaining - budget.safetyMarginMs);
    const lookupMs = Math.min(budget.lookupMaxMs, usableMs * budget.lookupShare);
    // Stops the lookup when its share of time is spent, or when the decrypt fails and the alert cannot go out anyway.
    const stop = new AbortController();
    const signal = AbortSignal.any([stop.signal, AbortSignal.timeout(Math.max(1, Math.floor(lookupMs)))]);
    const alarmTime = notice.timing.stateTime ?? new Date(startedAt);
    const window = computeWindow(notice.timing, { beforeMs: config.slackBeforeMs, afterMs: config.slackAfterMs }, alarmTime);

    let url: string;
    let logs: RelatedLogs;
    try {
      [url, logs] = await Promise.all([
        hookUrl.get(signal),
        findRelatedLogs({ client: deps.logs, directory }, notice.metric, window, { maxEvents: config.logMaxEvents, signal }),
      ]);
    } catch (error) {
      logDecision('error', 'hook-url-unavailable', { alarmName: notice.alarmName, error: describeError(error, 400) });
      throw error;
    } finally {
      stop.abort();
    }

    const message = buildMessage({
      notice,
      title: titleOf(titles, notice.alarmName, config.alarmNamePrefix, config.locale),
      logs,
      locale: config.locale,
      botName: config.botName,
      formatTime,
      alarmTime,
    });
    try {
      const delivered = await deliver(url, message, startedAt + usableMs, policy);
      logDecision('info', 'posted', {
        alarmName: notice.alarmName,
        source: notice.source,
        logs: logs.kind,
        events: logs.kind === 'found' ? logs.events.length : 0,
        window: window.basis,
        attempts: delivered.attempts,
        status: delivered.status,
        ms: Date.now() - startedAt,
      });
    } catch (error) {
      logDecision('error', 'delivery-failed', { alarmName: notice.alarmName, error: describeError(error, 400) });
      throw error;
    }
  }

  return async (event, context) => {
    // Settings first, even for events that will be ignored: a misconfiguration fails loudly at once.
    load();
    let posted = 0;
    let ignored = 0;
    const failures: unknown[] = [];
    // In practice SNS sends one record per invocation; every record is handled regardless.
    for (const item of parseInvocation(event)) {
      if (item.kind === 'ignored') {
        ignored += 1;
        logDecision('info', 'ignored', { reason: item.reason, source: item.source, alarmName: item.alarmName, state: item.state });
        continue;
      }
      try {
        await notify(item.notice, context);
        posted += 1;
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new Error(`${failures.length} alarm notifications failed: ${failures.map((e) => describeError(e)).join('; ')}`);
    return { posted, ignored };
  };
}
