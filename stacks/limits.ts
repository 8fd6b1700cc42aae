/**
 * AWS limits and allowed values the account stacks are checked against before anything is synthesized.
 * Pure data: the CLI imports it through stacks/config.ts, so it must stay free of cdktf.
 */

/**
 * Metric filters per log group. Hard quota: "The maximum number of metric filters that can be associated
 * with a log group is 100" (AWS::Logs::MetricFilter; reference/alarm-notifier-formats-and-prior-art.md §4.1).
 */
export const MAX_METRIC_FILTERS_PER_LOG_GROUP = 100;

/** Values `retention_in_days` accepts (CloudWatch Logs PutRetentionPolicy); 0 means "never expire". */
export const LOG_RETENTION_DAYS = [
  0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** A retention CloudWatch Logs accepts. */
export type LogRetentionDays = (typeof LOG_RETENTION_DAYS)[number];

/**
 * The trail's log group keeps at least a year: Security Hub CloudWatch.16 ("log groups should be retained
 * for a specified time period", default 365 days; reference/cis-detections-and-prior-art.md §2.1).
 */
export const MIN_TRAIL_LOG_RETENTION_DAYS = 365;

/** CloudWatch alarm names and metric names: at most 255 characters. */
export const MAX_ALARM_NAME_LENGTH = 255;

/**
 * S3 refuses a lifecycle rule whose expiration is not after its transition ("Days in the Expiration action must
 * be greater than Days in the Transition action"). Checked by the configuration and by the Trail construct alike.
 */
export function expirationProblem(glacierTransitionDays: number, expirationDays: number): string | undefined {
  return expirationDays > glacierTransitionDays ? undefined : `${expirationDays} must be more than glacierTransitionDays (${glacierTransitionDays})`;
}
