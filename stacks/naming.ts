/**
 * Physical names, derived only from the account's configured name, its id and the detection prefix: no
 * random suffixes, no timestamps, no fixed aliases shared between instances (cloudposse's hard-coded
 * `alias/CloudTrailBreach-sns` broke every second instance; reference/cis-detections-and-prior-art.md §3.3).
 * Pure functions: stacks/config.ts uses them to find collisions before anything is synthesized.
 */

/** The stack id, also the folder under cdktf.out/stacks/, and the stem of every resource name. */
export const baseNameOf = (accountName: string): string => `trailwatch-${accountName}`;

/** AlarmName = MetricName = metric filter name: the prefix applies to all three alike. */
export const detectionResourceName = (prefix: string, detectionName: string): string => `${prefix}${detectionName}`;

export interface TrailNames {
  readonly trail: string;
  /** Globally unique: carries the account id. ≤ 63 characters for names of ≤ 24 characters. */
  readonly bucket: string;
  readonly accessLogBucket: string;
  readonly logGroup: string;
  readonly deliveryRole: string;
  readonly keyAlias: string;
}

export function trailNames(baseName: string, accountId: string): TrailNames {
  return {
    trail: baseName,
    bucket: `${baseName}-${accountId}-cloudtrail`,
    accessLogBucket: `${baseName}-${accountId}-access-logs`,
    logGroup: `/${baseName}/cloudtrail`,
    deliveryRole: `${baseName}-cloudtrail-to-logs`,
    keyAlias: `alias/${baseName}-cloudtrail`,
  };
}

export interface AlertingNames {
  readonly topic: string;
  /** The key of the alerting pipeline: topic, dead-letter queue, notifier logs and environment, webhook secret. */
  readonly keyAlias: string;
}

export function alertingNames(baseName: string): AlertingNames {
  return { topic: `${baseName}-alarms`, keyAlias: `alias/${baseName}-alerting` };
}

export interface NotifierNames {
  /** Plain and known at synth: it is the webhook ciphertext's KMS encryption context. */
  readonly functionName: string;
  readonly role: string;
  readonly logGroup: string;
  readonly deadLetterQueue: string;
  /** DynamoDB: delivery records, detection records and open alarms. */
  readonly stateTable: string;
  /** EventBridge Scheduler: the follow-up sweep, and the role it invokes the function with. */
  readonly followUpSchedule: string;
  readonly schedulerRole: string;
  readonly errorsAlarm: string;
  readonly deadLetterAlarm: string;
  readonly destinationFailuresAlarm: string;
  readonly eventsDroppedAlarm: string;
}

export function notifierNames(baseName: string, alarmPrefix: string): NotifierNames {
  const functionName = `${baseName}-notifier`;
  return {
    functionName,
    role: functionName,
    logGroup: `/aws/lambda/${functionName}`,
    deadLetterQueue: `${functionName}-dlq`,
    stateTable: `${functionName}-state`,
    followUpSchedule: `${functionName}-follow-ups`,
    schedulerRole: `${functionName}-scheduler`,
    errorsAlarm: detectionResourceName(alarmPrefix, `${functionName}-errors`),
    deadLetterAlarm: detectionResourceName(alarmPrefix, `${functionName}-dlq-depth`),
    destinationFailuresAlarm: detectionResourceName(alarmPrefix, `${functionName}-destination-failures`),
    eventsDroppedAlarm: detectionResourceName(alarmPrefix, `${functionName}-events-dropped`),
  };
}
