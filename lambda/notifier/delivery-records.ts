/**
 * Which alarm transitions were already posted: one DynamoDB item per accepted post, keyed by alarm ARN +
 * state-change time, so that Lambda's asynchronous retries (and a redrive) of an invocation whose post
 * was accepted never post again. Lambda retries a failed asynchronous invocation up to twice and may
 * deliver an event more than once (docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html).
 *
 * The table is the stack's (stacks/notifier-state.ts): encrypted with the alerting key, items expire by TTL.
 */
import type { AwsCaller } from './aws-request';
import { getItem, putItem, RECORD_KEY, type Item } from './dynamodb';

/** The table's TTL attribute (the stack declares the same name). */
export const RECORD_EXPIRY = 'expiresAt';

/**
 * Fifteen days: longer than the dead-letter queue keeps a failed alert (14 days, SQS's maximum), so a
 * redrive of an alert that was in fact posted still finds its record. DynamoDB deletes expired items
 * within a few days of expiry, never before (docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html).
 */
export const RECORD_TTL_SECONDS = 15 * 24 * 3600;

export interface DeliveryRecords {
  /** True when a post for this key was accepted before. */
  wasDelivered(key: string, signal: AbortSignal): Promise<boolean>;
  /** Notes an accepted post. */
  recordDelivered(key: string, details: Readonly<Record<string, string>>): Promise<void>;
}

export function createDeliveryRecords(caller: AwsCaller, tableName: () => string, now: () => number = Date.now): DeliveryRecords {
  return {
    async wasDelivered(key, signal) {
      return (await getItem(caller, tableName(), key, signal)) !== undefined;
    },
    async recordDelivered(key, details) {
      const item: Record<string, { S?: string; N?: string }> = {
        [RECORD_KEY]: { S: key },
        [RECORD_EXPIRY]: { N: String(Math.floor(now() / 1000) + RECORD_TTL_SECONDS) },
        deliveredAt: { S: new Date(now()).toISOString() },
      };
      for (const [name, value] of Object.entries(details)) item[name] = { S: value };
      await putItem(caller, tableName(), item satisfies Item);
    },
  };
}

/** One key per alarm transition (and per follow-up period, when given); none without a state-change time. */
export function deliveryKey(alarm: string, stateTime: Date | undefined, followUpPeriod?: Date): string | undefined {
  if (!stateTime) return undefined;
  return [alarm, stateTime.toISOString(), ...(followUpPeriod ? [`follow-up@${followUpPeriod.toISOString()}`] : [])].join('|');
}
