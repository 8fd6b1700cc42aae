import { compileDetections, DetectionConfigError } from '../../catalog/compile';
import { DETECTION_CATALOG } from '../../catalog/detections';
import type { DetectionSettings } from '../../catalog/types';
import { compileMatcher } from '../../pattern/evaluate';
import { accessDenied, apiCall, consoleLogin, iamUser, ssoUser, type CloudTrailRecord } from '../fixtures/cloudtrail';

const patterns = (settings: DetectionSettings = {}) => Object.fromEntries(compileDetections(settings, 'account "test"').map((d) => [d.name, d.pattern]));
const fires = (pattern: string, event: CloudTrailRecord) => {
  const text = JSON.stringify(event);
  return compileMatcher(pattern)(JSON.parse(text), text);
};

describe('cis-securityhub profile', () => {
  // Copied character for character from the AWS Security Hub user guide, cloudwatch-controls.md
  // (awsdocs/aws-security-hub-user-guide @bda5bf7): Security Hub compares the text exactly.
  const SECURITY_HUB_TEXT: Record<string, string> = {
    'root-alert': '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
    UnauthorizedAPICall: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
    ConsoleSignInWithoutMfa: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    IAMPolicyChanged: '{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}',
    CloudTrailChangesEvent: '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}',
    ConsoleSignInFailure: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
    KMSKeyDisableOrDeletion: '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
    S3BucketPolicyChange: '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}',
    AWSConfigChange: '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}',
    SecurityGroupChange: '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}',
    NetworkAclChange: '{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}',
    GatewayChange: '{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}',
    VpcRouteTableChange: '{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}',
    VpcChange: '{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}',
  };

  it.each(Object.entries(SECURITY_HUB_TEXT))('%s equals the Security Hub text exactly', (name, text) => {
    expect(patterns({ profile: 'cis-securityhub' })[name]).toBe(text);
  });

  it('keeps the Security Hub text even when the account has exclusions, and applies them elsewhere', () => {
    const compiled = patterns({ profile: 'cis-securityhub', exclusions: { principalArns: ['*AWSReservedSSO_Admin*'] } });
    expect(compiled.UnauthorizedAPICall).toBe(SECURITY_HUB_TEXT.UnauthorizedAPICall);
    expect(compiled.MonitoringTamper).toContain('"*AWSReservedSSO_Admin*"');
  });

  it('refuses a per-detection exclusion on a Security Hub-checked detection', () => {
    expect(() => compileDetections({ profile: 'cis-securityhub', overrides: { VpcChange: { exclusions: { eventNames: ['CreateVpc'] } } } }, 'account "prod"')).toThrow(
      new DetectionConfigError(
        'account "prod": detection "VpcChange": exclusions are not allowed under profile "cis-securityhub": Security Hub CloudWatch.14 requires the exact CIS pattern text. Use profile "human" for this account, or disable the detection and add a custom one.',
      ),
    );
  });
});

describe('human profile', () => {
  it('compiles every catalog detection to a pattern within CloudWatch limits', () => {
    const compiled = compileDetections({}, 'test');
    expect(compiled.map((d) => d.name)).toEqual(DETECTION_CATALOG.map((d) => d.name));
    for (const d of compiled) expect(d.pattern.length).toBeLessThanOrEqual(1024);
  });

  it('renders compactly: plain words unquoted, parentheses only around an OR inside an AND', () => {
    expect(patterns().KMSKeyDisableOrDeletion).toBe(
      '{$.eventSource="kms.amazonaws.com"&&($.eventName=DisableKey||$.eventName=ScheduleKeyDeletion)&&($.userIdentity.type NOT EXISTS||$.userIdentity.type!=AWSService)&&($.userIdentity.arn NOT EXISTS||$.userIdentity.arn!="*:assumed-role/AWSServiceRoleFor*")}',
    );
  });

  it('matches the reviewed snapshot of every compiled pattern', () => {
    expect(patterns()).toMatchSnapshot();
  });
});

describe('exclusions', () => {
  const SSO_ADMIN = '*AWSReservedSSO_HDCLabs_AdminAccess*';
  const adminEvent = apiCall(ssoUser('HDCLabs_AdminAccess'), 'ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress');
  const userEvent = apiCall(iamUser(), 'ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress');
  // A failed sign-in for an unknown user has no userIdentity.arn at all.
  const noArnEvent = consoleLogin({ type: 'IAMUser', accountId: '111122223333', accessKeyId: '', userName: 'HIDDEN_DUE_TO_SECURITY_REASONS' }, 'Failure');

  it('silences an excluded principal and nothing else', () => {
    const compiled = patterns({ exclusions: { principalArns: [SSO_ADMIN] } });
    expect(fires(compiled.SecurityGroupChange, adminEvent)).toBe(false);
    expect(fires(compiled.SecurityGroupChange, userEvent)).toBe(true);
  });

  it('still fires on events that lack the excluded field', () => {
    const compiled = patterns({ exclusions: { principalArns: [SSO_ADMIN] } });
    expect(fires(compiled.ConsoleSignInFailure, noArnEvent)).toBe(true);
    // The naive form the reference Lambda used drops exactly that event: CloudWatch's != on an absent field is false.
    expect(fires(`{$.eventName="ConsoleLogin"&&$.responseElements.ConsoleLogin="Failure"&&$.userIdentity.arn!="${SSO_ADMIN}"}`, noArnEvent)).toBe(false);
  });

  it('merges account and per-detection exclusions into one guard per field', () => {
    const compiled = patterns({
      exclusions: { principalArns: [SSO_ADMIN] },
      overrides: { UnauthorizedAPICall: { exclusions: { principalArns: ['arn:aws:iam::021701867122:user/mzc_msp-api', SSO_ADMIN] } } },
    });
    expect(compiled.UnauthorizedAPICall.match(/\$\.userIdentity\.arn NOT EXISTS/g)).toHaveLength(1);
    expect(compiled.UnauthorizedAPICall.match(new RegExp(SSO_ADMIN.replace(/\*/g, '\\*'), 'g'))).toHaveLength(1);
    expect(compiled.UnauthorizedAPICall).toContain('"arn:aws:iam::021701867122:user/mzc_msp-api"');
    expect(compiled.SecurityGroupChange).not.toContain('mzc_msp-api');
  });

  it('excludes by event source, event name and identity type', () => {
    const compiled = patterns({
      overrides: { UnauthorizedAPICall: { exclusions: { eventSources: ['sts.amazonaws.com'], eventNames: ['GetMacieSession'], userIdentityTypes: ['IAMUser'] } } },
    });
    expect(fires(compiled.UnauthorizedAPICall, accessDenied(ssoUser(), 'sts.amazonaws.com', 'AssumeRole'))).toBe(false);
    expect(fires(compiled.UnauthorizedAPICall, accessDenied(ssoUser(), 'macie2.amazonaws.com', 'GetMacieSession'))).toBe(false);
    expect(fires(compiled.UnauthorizedAPICall, accessDenied(iamUser(), 'iam.amazonaws.com', 'ListUsers'))).toBe(false);
    expect(fires(compiled.UnauthorizedAPICall, accessDenied(ssoUser(), 'iam.amazonaws.com', 'ListUsers'))).toBe(true);
  });

  it("reproduces the reference guide's middle-wildcard exclusion *assumed-role/*/mzc_msp_2", () => {
    const compiled = patterns({ overrides: { UnauthorizedAPICall: { exclusions: { principalArns: ['*assumed-role/*/mzc_msp_2'] } } } });
    const msp = accessDenied({ ...ssoUser(), arn: 'arn:aws:sts::111122223333:assumed-role/MspOperator/mzc_msp_2' });
    expect(fires(compiled.UnauthorizedAPICall, msp)).toBe(false);
    expect(fires(compiled.UnauthorizedAPICall, accessDenied(ssoUser()))).toBe(true);
  });
});

describe('overrides and custom detections', () => {
  it('drops a disabled detection', () => {
    const names = compileDetections({ overrides: { VpcChange: { enabled: false } } }, 'test').map((d) => d.name);
    expect(names).not.toContain('VpcChange');
    expect(names).toHaveLength(DETECTION_CATALOG.length - 1);
  });

  it('applies alarm overrides', () => {
    const d = compileDetections({ overrides: { UnauthorizedAPICall: { period: 180, threshold: 10, evaluationPeriods: 2 } } }, 'test').find((x) => x.name === 'UnauthorizedAPICall')!;
    expect([d.period, d.threshold, d.evaluationPeriods]).toEqual([180, 10, 2]);
  });

  it('deploys a custom pattern verbatim, and AND-s exclusions to it', () => {
    const custom = { name: 'SecretsManagerDelete', title: { ko: '시크릿 삭제', en: 'Secret deleted' }, pattern: '{ ($.eventSource = secretsmanager.amazonaws.com) && ($.eventName = DeleteSecret) }' };
    expect(patterns({ customDetections: [custom] }).SecretsManagerDelete).toBe(custom.pattern);
    const withExclusion = patterns({ customDetections: [custom], exclusions: { principalArns: ['*:user/ci'] } }).SecretsManagerDelete;
    expect(withExclusion).toBe('{$.eventSource=secretsmanager.amazonaws.com&&$.eventName=DeleteSecret&&($.userIdentity.arn NOT EXISTS||$.userIdentity.arn!="*:user/ci")}');
    expect(fires(withExclusion, apiCall(iamUser('ci'), 'secretsmanager.amazonaws.com', 'DeleteSecret'))).toBe(false);
    expect(fires(withExclusion, apiCall(iamUser('eve'), 'secretsmanager.amazonaws.com', 'DeleteSecret'))).toBe(true);
  });
});

describe('validation errors name the source, the detection and the fix', () => {
  const longExclusions = { principalArns: Array.from({ length: 20 }, (_, i) => `arn:aws:iam::111122223333:role/automation-role-number-${i}`) };

  it.each<[string, DetectionSettings, RegExp]>([
    ['pattern too long', { exclusions: longExclusions },
      /^account "test": detection "root-alert": compiled pattern is invalid: .*1\d{3} characters.*Shorten the exclusions/],
    ['unknown override', { overrides: { RootAlert: { enabled: false } } },
      /^account "test": overrides\."RootAlert": no detection of that name \(known: root-alert, /],
    ['bad period', { overrides: { VpcChange: { period: 90 } } },
      /^account "test": detection "VpcChange": period 90 is not allowed; use one of 60, 120, 180, 240, 300 seconds\.$/],
    ['threshold below 1', { overrides: { VpcChange: { threshold: 0 } } },
      /^account "test": detection "VpcChange": threshold 0 must be a whole number of at least 1\.$/],
    ['custom name collides with the catalog', { customDetections: [{ name: 'VpcChange', title: { ko: 'x', en: 'x' }, pattern: '{$.a=1}' }] },
      /^account "test": custom detection "VpcChange": the catalog already has a detection of that name/],
    ['custom pattern invalid', { customDetections: [{ name: 'Broken', title: { ko: 'x', en: 'x' }, pattern: '{ $.eventName = "X" ' }] },
      /^account "test": custom detection "Broken": invalid filter pattern: /],
    ['custom pattern not JSON', { customDetections: [{ name: 'Term', title: { ko: 'x', en: 'x' }, pattern: 'ERROR' }] },
      /^account "test": custom detection "Term": invalid filter pattern: .*JSON/],
  ])('%s', (_label, settings, message) => {
    expect(() => compileDetections(settings, 'account "test"')).toThrow(DetectionConfigError);
    expect(() => compileDetections(settings, 'account "test"')).toThrow(message);
  });
});
