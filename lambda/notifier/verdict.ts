/**
 * A verdict per actor, from the fields of one CloudTrail record: person or service, console or CLI/SDK, MFA,
 * long-term key or temporary session, sign-in result, and what the call created. Pure; unknown stays unknown.
 * Field meanings: CloudTrail userIdentity element and record contents (docs.aws.amazon.com/awscloudtrail/
 * latest/userguide/cloudtrail-event-reference-user-identity.html): `invokedBy` names the AWS service that made
 * the request; access key ids starting AKIA are long-term, ASIA temporary (STS).
 */
import type { EventSummary } from './cloudtrail';

export interface Verdict {
  readonly actor: 'person' | 'service' | 'unclear';
  readonly via?: 'console' | 'cli' | 'sdk' | 'aws-service';
  readonly mfa?: boolean;
  readonly credential?: 'long-term-key' | 'temporary-session';
  readonly signIn?: 'success' | 'failure';
  readonly created?: string;
}

const PERSON_TYPES = new Set(['Root', 'IAMUser', 'IdentityCenterUser', 'FederatedUser', 'SAMLUser', 'WebIdentityUser']);

export function verdictOf(e: Extract<EventSummary, { kind: 'cloudtrail' }>): Verdict {
  const agent = e.userAgent ?? '';
  const byService = e.identityType === 'AWSService' || (!!e.invokedBy && e.invokedBy !== 'signin.amazonaws.com' && e.invokedBy.endsWith('.amazonaws.com'));
  let via: Verdict['via'];
  if (byService) via = 'aws-service';
  else if (e.eventName === 'ConsoleLogin' || /signin\.amazonaws\.com|console\.amazonaws\.com|^AWS Internal|Mozilla\//.test(agent)) via = 'console';
  else if (/^aws-cli\//.test(agent)) via = 'cli';
  else if (/aws-sdk|Boto3|Botocore|aws-internal/i.test(agent)) via = 'sdk';
  const actor: Verdict['actor'] = byService
    ? 'service'
    : PERSON_TYPES.has(e.identityType ?? '') || via === 'console' || via === 'cli' || /AWSReservedSSO_/.test(e.principal ?? '')
      ? 'person'
      : 'unclear';
  const key = e.accessKeyId ?? '';
  return {
    actor,
    via,
    mfa: e.mfa,
    credential: key.startsWith('AKIA') ? 'long-term-key' : key.startsWith('ASIA') ? 'temporary-session' : undefined,
    signIn: e.signIn,
    created: e.created,
  };
}
