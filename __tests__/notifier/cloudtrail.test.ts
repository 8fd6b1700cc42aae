import { RAW_EXCERPT_CHARS, summarizeLogEvent } from '../../lambda/notifier/cloudtrail';
import { cloudTrailRecord } from './support/fixtures';

const ts = Date.UTC(2026, 0, 7, 4, 31, 9);

describe('summarizeLogEvent', () => {
  it('keeps who, what, where, from where, which error, which event', () => {
    expect(summarizeLogEvent(JSON.stringify(cloudTrailRecord()), ts)).toEqual({
      kind: 'cloudtrail',
      time: new Date('2026-01-07T04:31:05Z'),
      region: 'us-east-1',
      eventSource: 'ec2.amazonaws.com',
      eventName: 'RunInstances',
      principal: 'arn:aws:sts::123456789012:assumed-role/dev-readonly/alice',
      sourceIp: '203.0.113.24',
      error: 'Client.UnauthorizedOperation',
      eventId: '6f1c2b8e-6a0d-4c43-9f7e-2b1f0c7d9a11',
      identityType: 'AssumedRole',
      invokedBy: undefined,
      userAgent: 'aws-cli/2.15.0 Python/3.11.6',
      accessKeyId: 'ASIAEXAMPLEKEY',
      mfa: false,
      signIn: undefined,
      created: undefined,
    });
  });

  it('keeps what decides a verdict: sign-in result with MFAUsed, and what a call created', () => {
    const signIn = cloudTrailRecord({
      eventName: 'ConsoleLogin',
      userIdentity: { type: 'Root', arn: 'arn:aws:iam::123456789012:root' },
      responseElements: { ConsoleLogin: 'Failure' },
      additionalEventData: { MFAUsed: 'No' },
    });
    expect(summarizeLogEvent(JSON.stringify(signIn), ts)).toMatchObject({ signIn: 'failure', mfa: false, identityType: 'Root' });
    const created = cloudTrailRecord({ eventName: 'CreateAccessKey', responseElements: { accessKey: { accessKeyId: 'AKIANEWKEY', status: 'Active' } } });
    expect(summarizeLogEvent(JSON.stringify(created), ts)).toMatchObject({ created: 'AKIANEWKEY' });
  });

  it.each([
    [{ type: 'IAMUser', principalId: 'AIDAEXAMPLE', userName: 'bob' }, 'AIDAEXAMPLE'],
    [{ type: 'IAMUser', userName: 'HIDDEN_DUE_TO_SECURITY_REASONS' }, 'HIDDEN_DUE_TO_SECURITY_REASONS'],
    [{ type: 'Root' }, 'Root'],
  ])('falls back from the ARN for %p', (userIdentity, principal) => {
    expect(summarizeLogEvent(JSON.stringify(cloudTrailRecord({ userIdentity })), ts)).toMatchObject({ principal });
  });

  it('shows errorMessage when there is no errorCode (failed console sign-in)', () => {
    const record = cloudTrailRecord({ eventName: 'ConsoleLogin', errorCode: undefined, errorMessage: 'Failed authentication' });
    expect(summarizeLogEvent(JSON.stringify(record), ts)).toMatchObject({ error: 'Failed authentication' });
  });

  it('uses the log timestamp when eventTime is missing or invalid', () => {
    expect(summarizeLogEvent(JSON.stringify(cloudTrailRecord({ eventTime: 'soon' })), ts).time).toEqual(new Date(ts));
  });

  it.each(['plain text line', '{"truncated": ', '[1,2,3]', '{"level":"info","msg":"not cloudtrail"}', ''])(
    'keeps %p as a raw excerpt',
    (message) => {
      expect(summarizeLogEvent(message, ts)).toEqual({ kind: 'raw', time: new Date(ts), excerpt: message });
    },
  );

  it('keeps only the start of a huge raw message', () => {
    const summary = summarizeLogEvent('x'.repeat(200_000), ts);
    expect(summary.kind === 'raw' && summary.excerpt.length).toBe(RAW_EXCERPT_CHARS + 1);
  });
});
