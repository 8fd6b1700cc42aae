/**
 * The few CloudTrail record fields replay reads (CloudTrail User Guide, "CloudTrail record contents",
 * "CloudTrail userIdentity element" and "CloudTrail Insights events"). Every record has `eventTime` (ISO 8601,
 * UTC); every record but an Insights event (`eventType: AwsCloudTrailInsight`) has a top-level `eventName`,
 * an Insights event names the API it is about in `insightDetails.eventName` instead.
 */
export interface CloudTrailRecord {
  readonly eventTime: string;
  /** Absent only on Insights events. */
  readonly eventName?: string;
  readonly eventType?: unknown;
  readonly sourceIPAddress?: unknown;
  readonly userIdentity?: {
    readonly type?: unknown;
    readonly arn?: unknown;
    readonly principalId?: unknown;
    readonly invokedBy?: unknown;
  };
}

/** How much of a reason quoting the input to keep: enough to see what is wrong, never a whole line of input. */
export const MAX_REASON = 120;

/** Why a text did not parse, from JSON.parse's error. */
export function notJsonReason(error: unknown): string {
  return `not JSON: ${(error as Error).message.slice(0, MAX_REASON)}`;
}

/** Why `value` is not a CloudTrail record, or `undefined` when it is one. */
export function notCloudTrailReason(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const { eventTime, eventName, eventType } = value as Partial<CloudTrailRecord>;
  if (typeof eventName !== 'string' && !(eventName === undefined && eventType === INSIGHT_EVENT_TYPE)) return 'not a CloudTrail record (no eventName)';
  if (typeof eventTime !== 'string') return 'not a CloudTrail record (no eventTime)';
  return undefined;
}

/** The `eventType` of CloudTrail Insights events, which have no top-level `eventName`. */
export const INSIGHT_EVENT_TYPE = 'AwsCloudTrailInsight';

/** The record's `eventName`, or for an Insights event `(AwsCloudTrailInsight)`, so top lists name what matched. */
export function eventNameOf(record: CloudTrailRecord): string {
  return record.eventName ?? `(${INSIGHT_EVENT_TYPE})`;
}

/**
 * Who acted: the principal's ARN; without one (AWS services, some federated and cross-account calls) the
 * principal id, the calling service, or the identity type.
 */
export function principalOf(record: CloudTrailRecord): string {
  const identity = record.userIdentity;
  if (typeof identity !== 'object' || identity === null) return '(no userIdentity)';
  for (const value of [identity.arn, identity.principalId, identity.invokedBy, identity.type]) {
    if (typeof value === 'string' && value !== '') return value;
  }
  return '(unknown)';
}
