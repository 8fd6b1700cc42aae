import { summarizeLogEvent } from '../../lambda/notifier/cloudtrail';
import { verdictOf } from '../../lambda/notifier/verdict';
import { cloudTrailRecord } from './support/fixtures';

const verdict = (overrides: Record<string, unknown>) => {
  const e = summarizeLogEvent(JSON.stringify(cloudTrailRecord(overrides)), 0);
  if (e.kind !== 'cloudtrail') throw new Error('not cloudtrail');
  return verdictOf(e);
};

describe('verdictOf', () => {
  it('a person with the CLI on a temporary session without MFA', () => {
    expect(verdict({})).toEqual({ actor: 'person', via: 'cli', mfa: false, credential: 'temporary-session', signIn: undefined, created: undefined });
  });

  it('root in the console, MFA, creating a long-term key', () => {
    expect(
      verdict({
        userIdentity: { type: 'Root', arn: 'arn:aws:iam::123456789012:root', accessKeyId: 'ASIAROOTSESSION', sessionContext: { attributes: { mfaAuthenticated: 'true' } } },
        userAgent: 'AWS Internal',
        eventName: 'CreateAccessKey',
        responseElements: { accessKey: { accessKeyId: 'AKIANEWKEY' } },
      }),
    ).toEqual({ actor: 'person', via: 'console', mfa: true, credential: 'temporary-session', signIn: undefined, created: 'AKIANEWKEY' });
  });

  it('an IAM user with a long-term key through an SDK', () => {
    expect(verdict({ userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/ci', accessKeyId: 'AKIACIKEY' }, userAgent: 'Boto3/1.34.0 Python/3.12' })).toMatchObject({
      actor: 'person',
      via: 'sdk',
      credential: 'long-term-key',
    });
  });

  it('a service acting on its own or on behalf of a principal', () => {
    expect(verdict({ userIdentity: { type: 'AWSService', invokedBy: 'config.amazonaws.com' }, userAgent: 'config.amazonaws.com' })).toMatchObject({ actor: 'service', via: 'aws-service' });
    expect(verdict({ userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::1:assumed-role/r/s', invokedBy: 'cloudformation.amazonaws.com' } })).toMatchObject({ actor: 'service' });
  });

  it('a failed console sign-in', () => {
    expect(
      verdict({ eventName: 'ConsoleLogin', userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::1:user/bob' }, userAgent: 'Mozilla/5.0', responseElements: { ConsoleLogin: 'Failure' }, additionalEventData: { MFAUsed: 'No' } }),
    ).toMatchObject({ actor: 'person', via: 'console', mfa: false, signIn: 'failure' });
  });

  it('a role called by an unknown client is unclear', () => {
    expect(verdict({ userAgent: 'my-app/1.0', userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::1:assumed-role/app/i-0abc' } })).toMatchObject({ actor: 'unclear', via: undefined });
  });
});
