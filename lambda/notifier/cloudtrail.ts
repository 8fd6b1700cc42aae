/**
 * The few fields of a CloudTrail record an on-call needs to decide: who, what, where, from where,
 * with which error. Any log message is accepted: one that is not a CloudTrail JSON record is kept
 * as a short raw excerpt instead of failing the alert.
 */

export type EventSummary =
  | {
      readonly kind: 'cloudtrail';
      /** `eventTime`, else the log event's timestamp. */
      readonly time: Date;
      /** `awsRegion`: where the call was made (a multi-region trail delivers every region to one log group). */
      readonly region?: string;
      readonly eventSource?: string;
      readonly eventName?: string;
      /** `userIdentity.arn`, falling back to `principalId`, `userName`, then `type`. */
      readonly principal?: string;
      readonly sourceIp?: string;
      /** `errorCode`, else `errorMessage` (failed console sign-ins carry only the message). */
      readonly error?: string;
      readonly eventId?: string;
      /** `userIdentity.type`: Root, IAMUser, AssumedRole, AWSService, … */
      readonly identityType?: string;
      /** `userIdentity.invokedBy`: the AWS service that made the call on the principal's behalf. */
      readonly invokedBy?: string;
      readonly userAgent?: string;
      /** `userIdentity.accessKeyId`: AKIA… is a long-term key, ASIA… a temporary session. */
      readonly accessKeyId?: string;
      /** `sessionContext.attributes.mfaAuthenticated` or, for sign-ins, `additionalEventData.MFAUsed`. */
      readonly mfa?: boolean;
      /** `responseElements.ConsoleLogin` of a sign-in. */
      readonly signIn?: 'success' | 'failure';
      /** What the call created, from `responseElements`: a new access key id, user or role name. */
      readonly created?: string;
    }
  | { readonly kind: 'raw'; readonly time: Date; readonly excerpt: string };

/** Longest raw excerpt kept from a message that is not a CloudTrail record. */
export const RAW_EXCERPT_CHARS = 300;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

export function summarizeLogEvent(message: string, timestampMs: number): EventSummary {
  const logged = new Date(timestampMs);
  const record = parseObject(message);
  const identity = record && typeof record.userIdentity === 'object' && record.userIdentity !== null ? (record.userIdentity as Record<string, unknown>) : {};
  if (!record || !(str(record.eventName) || str(record.eventSource) || Object.keys(identity).length > 0)) {
    // One character more than the formatter shows, so it can tell the excerpt was cut.
    return { kind: 'raw', time: logged, excerpt: message.slice(0, RAW_EXCERPT_CHARS + 1) };
  }
  const eventTime = str(record.eventTime) ? new Date(String(record.eventTime)) : undefined;
  const response = object(record.responseElements);
  const attributes = object(object(identity.sessionContext).attributes);
  const mfaText = str(attributes.mfaAuthenticated) ?? str(object(record.additionalEventData).MFAUsed);
  const login = str(response.ConsoleLogin);
  return {
    kind: 'cloudtrail',
    time: eventTime && !Number.isNaN(eventTime.getTime()) ? eventTime : logged,
    region: str(record.awsRegion),
    eventSource: str(record.eventSource),
    eventName: str(record.eventName),
    principal: str(identity.arn) ?? str(identity.principalId) ?? str(identity.userName) ?? str(identity.type),
    sourceIp: str(record.sourceIPAddress),
    error: str(record.errorCode) ?? str(record.errorMessage),
    eventId: str(record.eventID),
    identityType: str(identity.type),
    invokedBy: str(identity.invokedBy),
    userAgent: str(record.userAgent),
    accessKeyId: str(identity.accessKeyId),
    mfa: mfaText === undefined ? undefined : mfaText === 'true' || mfaText === 'Yes',
    signIn: login === 'Success' ? 'success' : login === 'Failure' ? 'failure' : undefined,
    created: str(object(response.accessKey).accessKeyId) ?? str(object(response.user).userName) ?? str(object(response.role).roleName),
  };
}

const object = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function parseObject(message: string): Record<string, unknown> | undefined {
  if (!message.trimStart().startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(message);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
