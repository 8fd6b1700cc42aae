/**
 * Each detection, in both profiles, against realistic CloudTrail records: what must fire and what must stay quiet.
 * The local evaluator (pattern/evaluate.ts) applies CloudWatch's filter-pattern semantics to the compiled text,
 * i.e. exactly what would be deployed.
 */
import { compileDetections } from '../../catalog/compile';
import { DETECTION_CATALOG } from '../../catalog/detections';
import type { Profile } from '../../catalog/types';
import { compileMatcher } from '../../pattern/evaluate';
import {
  accessDenied, apiCall, assumedRole, awsService, consoleLogin, instanceProfile, invokedByService, iamUser, root, rootViaSignin,
  samlUser, serviceLinkedRole, ssoUser, type CloudTrailRecord,
} from '../fixtures/cloudtrail';

interface Case {
  readonly label: string;
  readonly event: CloudTrailRecord;
  /** Whether the detection fires under the human profile / the cis-securityhub profile. */
  readonly human: boolean;
  readonly cis: boolean;
}
const fires = (label: string, event: CloudTrailRecord): Case => ({ label, event, human: true, cis: true });
const quiet = (label: string, event: CloudTrailRecord): Case => ({ label, event, human: false, cis: false });
/** Human-only noise that the exact CIS text still counts. */
const cisOnly = (label: string, event: CloudTrailRecord): Case => ({ label, event, human: false, cis: true });
/** What the human profile adds beyond the CIS text. */
const humanOnly = (label: string, event: CloudTrailRecord): Case => ({ label, event, human: true, cis: false });

const CASES: Record<string, readonly Case[]> = {
  'root-alert': [
    fires('root API call from the CLI', apiCall(root(), 'iam.amazonaws.com', 'CreateAccessKey')),
    humanOnly('root acting through the console sign-in service', apiCall(rootViaSignin(), 'iam.amazonaws.com', 'GetAccountSummary')),
    quiet('an AWS service acting for root', apiCall({ ...root(), invokedBy: 'support.amazonaws.com' }, 'support.amazonaws.com', 'DescribeCases')),
    quiet('AwsServiceEvent on root', apiCall(root(), 'kms.amazonaws.com', 'RotateKey', { eventType: 'AwsServiceEvent' })),
    quiet('an IAM user', apiCall(iamUser(), 'iam.amazonaws.com', 'CreateAccessKey')),
    quiet('an SSO admin', apiCall(ssoUser(), 'iam.amazonaws.com', 'CreateAccessKey')),
  ],
  UnauthorizedAPICall: [
    fires('IAM user denied', accessDenied(iamUser())),
    fires('SSO user denied an EC2 action', accessDenied(ssoUser('ReadOnly'), 'ec2.amazonaws.com', 'RunInstances', 'Client.UnauthorizedOperation')),
    fires('assumed role denied with AccessDeniedException', accessDenied(assumedRole('ops', 'dave'), 'kms.amazonaws.com', 'Decrypt', 'AccessDeniedException')),
    cisOnly('AWS Config as AWSService', accessDenied(awsService('config.amazonaws.com'), 's3.amazonaws.com', 'GetBucketPolicy')),
    cisOnly('AWS Config service-linked role', accessDenied(serviceLinkedRole('Config', 'config.amazonaws.com'), 'ec2.amazonaws.com', 'DescribeVpcEndpoints')),
    cisOnly('Resource Explorer service-linked role', accessDenied(serviceLinkedRole('ResourceExplorer', 'resource-explorer-2.amazonaws.com'), 'iam.amazonaws.com', 'ListRoles')),
    cisOnly('Cost Explorer widget for a console user', accessDenied(ssoUser('Developer'), 'ce.amazonaws.com', 'GetCostAndUsage')),
    cisOnly('instance-profile role missing Describe permission', accessDenied(instanceProfile(), 'ec2.amazonaws.com', 'DescribeTags', 'Client.UnauthorizedOperation')),
    cisOnly('CloudFormation acting for a deploy role', accessDenied(invokedByService('cloudformation.amazonaws.com'), 'iam.amazonaws.com', 'CreateRole')),
    cisOnly('S3 log delivery', { ...accessDenied(assumedRole('logs', 's3-delivery'), 's3.amazonaws.com', 'PutObject'), sourceIPAddress: 'delivery.logs.amazonaws.com' }),
    cisOnly('HeadBucket probe', accessDenied(iamUser(), 's3.amazonaws.com', 'HeadBucket')),
    quiet('a successful call', apiCall(iamUser(), 'iam.amazonaws.com', 'ListUsers')),
    quiet('a different error', { ...apiCall(iamUser(), 'ec2.amazonaws.com', 'RunInstances'), errorCode: 'Client.InvalidParameterValue' }),
  ],
  ConsoleSignInWithoutMfa: [
    fires('IAM user without MFA', consoleLogin(iamUser(), 'Success', { MFAUsed: 'No' })),
    humanOnly('root without MFA', consoleLogin(root(), 'Success', { MFAUsed: 'No' })),
    humanOnly('IAM user sign-in whose record lacks MFAUsed', consoleLogin(iamUser(), 'Success')),
    quiet('IAM user with MFA', consoleLogin(iamUser(), 'Success', { MFAUsed: 'Yes' })),
    quiet('IAM Identity Center (SSO) sign-in', consoleLogin(ssoUser(), 'Success', { MFAUsed: 'No' })),
    quiet('SAML federated sign-in', consoleLogin(samlUser(), 'Success', { MFAUsed: 'No', SamlProviderArn: 'arn:aws:iam::111122223333:saml-provider/ADFS' })),
    quiet('a failed sign-in', consoleLogin(iamUser(), 'Failure', { MFAUsed: 'No' })),
  ],
  ConsoleSignInFailure: [
    fires('wrong password', consoleLogin({ type: 'IAMUser', principalId: 'AIDAEXAMPLEALICE0001', accountId: '111122223333', accessKeyId: '', userName: 'alice' }, 'Failure', { MFAUsed: 'No' })),
    humanOnly('unknown user name', consoleLogin({ type: 'IAMUser', accountId: '111122223333', accessKeyId: '', userName: 'HIDDEN_DUE_TO_SECURITY_REASONS' }, 'Failure', { MFAUsed: 'No' }, { errorMessage: 'No username found in supplied account' })),
    quiet('a successful sign-in', consoleLogin(iamUser(), 'Success', { MFAUsed: 'Yes' })),
  ],
  IAMPolicyChanged: [
    fires('IAM user attaches a role policy', apiCall(iamUser(), 'iam.amazonaws.com', 'AttachRolePolicy')),
    fires('SSO admin creates a policy version', apiCall(ssoUser(), 'iam.amazonaws.com', 'CreatePolicyVersion')),
    cisOnly('IAM Identity Center provisioning a permission set (service-linked role)', apiCall(serviceLinkedRole('SSO', 'sso.amazonaws.com'), 'iam.amazonaws.com', 'PutRolePolicy')),
    cisOnly('Organizations CreatePolicy (an SCP, not IAM)', apiCall(ssoUser(), 'organizations.amazonaws.com', 'CreatePolicy')),
    cisOnly('Auto Scaling DeletePolicy', apiCall(iamUser(), 'autoscaling.amazonaws.com', 'DeletePolicy')),
    quiet('reading a policy', apiCall(iamUser(), 'iam.amazonaws.com', 'GetPolicyVersion')),
  ],
  CloudTrailChangesEvent: [
    fires('StopLogging by a person', apiCall(ssoUser(), 'cloudtrail.amazonaws.com', 'StopLogging')),
    fires('DeleteTrail', apiCall(iamUser(), 'cloudtrail.amazonaws.com', 'DeleteTrail')),
    humanOnly('PutEventSelectors (can stop management events)', apiCall(iamUser(), 'cloudtrail.amazonaws.com', 'PutEventSelectors')),
    cisOnly('CloudTrail service-linked role creating an organization trail copy', apiCall(serviceLinkedRole('CloudTrail', 'cloudtrail.amazonaws.com'), 'cloudtrail.amazonaws.com', 'CreateTrail')),
    quiet('DescribeTrails', apiCall(iamUser(), 'cloudtrail.amazonaws.com', 'DescribeTrails')),
  ],
  KMSKeyDisableOrDeletion: [
    fires('ScheduleKeyDeletion', apiCall(ssoUser(), 'kms.amazonaws.com', 'ScheduleKeyDeletion')),
    fires('DisableKey', apiCall(iamUser(), 'kms.amazonaws.com', 'DisableKey')),
    quiet('EnableKey', apiCall(iamUser(), 'kms.amazonaws.com', 'EnableKey')),
    quiet('DisableKey of another service', apiCall(iamUser(), 'payment-cryptography.amazonaws.com', 'DisableKey')),
  ],
  S3BucketPolicyChange: [
    fires('PutBucketPolicy', apiCall(iamUser(), 's3.amazonaws.com', 'PutBucketPolicy')),
    fires('DeleteBucketCors', apiCall(ssoUser(), 's3.amazonaws.com', 'DeleteBucketCors')),
    cisOnly('AWSService', apiCall(awsService('s3.amazonaws.com'), 's3.amazonaws.com', 'PutBucketLifecycle')),
    quiet('GetBucketPolicy', apiCall(iamUser(), 's3.amazonaws.com', 'GetBucketPolicy')),
  ],
  AWSConfigChange: [
    fires('StopConfigurationRecorder', apiCall(ssoUser(), 'config.amazonaws.com', 'StopConfigurationRecorder')),
    cisOnly('Config service-linked role', apiCall(serviceLinkedRole('Config', 'config.amazonaws.com'), 'config.amazonaws.com', 'PutConfigurationRecorder')),
    quiet('DescribeConfigurationRecorders', apiCall(iamUser(), 'config.amazonaws.com', 'DescribeConfigurationRecorders')),
  ],
  SecurityGroupChange: [
    fires('AuthorizeSecurityGroupIngress', apiCall(iamUser(), 'ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress')),
    humanOnly('ModifySecurityGroupRules (CIS v5)', apiCall(ssoUser(), 'ec2.amazonaws.com', 'ModifySecurityGroupRules')),
    cisOnly('Elastic Load Balancing service-linked role', apiCall(serviceLinkedRole('ElasticLoadBalancing', 'elasticloadbalancing.amazonaws.com'), 'ec2.amazonaws.com', 'CreateSecurityGroup')),
    fires('CloudFormation on behalf of a person', apiCall(invokedByService('cloudformation.amazonaws.com'), 'ec2.amazonaws.com', 'RevokeSecurityGroupEgress')),
    quiet('DescribeSecurityGroups', apiCall(iamUser(), 'ec2.amazonaws.com', 'DescribeSecurityGroups')),
  ],
  NetworkAclChange: [
    fires('CreateNetworkAclEntry', apiCall(iamUser(), 'ec2.amazonaws.com', 'CreateNetworkAclEntry')),
    quiet('DescribeNetworkAcls', apiCall(iamUser(), 'ec2.amazonaws.com', 'DescribeNetworkAcls')),
  ],
  GatewayChange: [
    fires('AttachInternetGateway', apiCall(ssoUser(), 'ec2.amazonaws.com', 'AttachInternetGateway')),
    cisOnly('AWSService', apiCall(awsService('ec2.amazonaws.com'), 'ec2.amazonaws.com', 'CreateInternetGateway')),
    quiet('DescribeInternetGateways', apiCall(iamUser(), 'ec2.amazonaws.com', 'DescribeInternetGateways')),
  ],
  VpcRouteTableChange: [
    fires('CreateRoute', apiCall(iamUser(), 'ec2.amazonaws.com', 'CreateRoute')),
    quiet('DescribeRouteTables', apiCall(iamUser(), 'ec2.amazonaws.com', 'DescribeRouteTables')),
  ],
  VpcChange: [
    fires('DeleteVpc', apiCall(iamUser(), 'ec2.amazonaws.com', 'DeleteVpc')),
    fires('AcceptVpcPeeringConnection', apiCall(ssoUser(), 'ec2.amazonaws.com', 'AcceptVpcPeeringConnection')),
    quiet('DescribeVpcs', apiCall(iamUser(), 'ec2.amazonaws.com', 'DescribeVpcs')),
  ],
  OrganizationsChange: [
    fires('LeaveOrganization', apiCall(root(), 'organizations.amazonaws.com', 'LeaveOrganization')),
    fires('AttachPolicy (an SCP)', apiCall(ssoUser(), 'organizations.amazonaws.com', 'AttachPolicy')),
    cisOnly('Organizations service-linked role', apiCall(serviceLinkedRole('Organizations', 'organizations.amazonaws.com'), 'organizations.amazonaws.com', 'EnablePolicyType')),
    quiet('ListAccounts', apiCall(ssoUser(), 'organizations.amazonaws.com', 'ListAccounts')),
  ],
  MonitoringTamper: [
    fires('DeleteAlarms', apiCall(ssoUser(), 'monitoring.amazonaws.com', 'DeleteAlarms')),
    fires('DisableAlarmActions', apiCall(iamUser(), 'monitoring.amazonaws.com', 'DisableAlarmActions')),
    fires('DeleteLogGroup', apiCall(iamUser(), 'logs.amazonaws.com', 'DeleteLogGroup')),
    fires('DeleteMetricFilter', apiCall(iamUser(), 'logs.amazonaws.com', 'DeleteMetricFilter')),
    fires('DeleteSubscriptionFilter', apiCall(iamUser(), 'logs.amazonaws.com', 'DeleteSubscriptionFilter')),
    fires('DeleteTopic', apiCall(iamUser(), 'sns.amazonaws.com', 'DeleteTopic')),
    fires('DeleteFunction20150331 (API-version suffix)', apiCall(iamUser(), 'lambda.amazonaws.com', 'DeleteFunction20150331')),
    fires('DisableRule', apiCall(iamUser(), 'events.amazonaws.com', 'DisableRule')),
    fires('DeleteRule', apiCall(iamUser(), 'events.amazonaws.com', 'DeleteRule')),
    cisOnly('AWSService deleting a rule it manages', apiCall(awsService('events.amazonaws.com'), 'events.amazonaws.com', 'DeleteRule')),
    quiet('PutMetricAlarm', apiCall(iamUser(), 'monitoring.amazonaws.com', 'PutMetricAlarm')),
    quiet('DeleteRule of another service', apiCall(iamUser(), 'elasticloadbalancing.amazonaws.com', 'DeleteRule')),
  ],
  SecurityServiceDisabled: [
    fires('GuardDuty DeleteDetector', apiCall(ssoUser(), 'guardduty.amazonaws.com', 'DeleteDetector')),
    fires('GuardDuty UpdateDetector enable=false', apiCall(iamUser(), 'guardduty.amazonaws.com', 'UpdateDetector', { requestParameters: { detectorId: '12abc34d567e8fa901bc2d34e56789f0', enable: false } })),
    quiet('GuardDuty UpdateDetector enable=true', apiCall(iamUser(), 'guardduty.amazonaws.com', 'UpdateDetector', { requestParameters: { detectorId: '12abc34d567e8fa901bc2d34e56789f0', enable: true } })),
    quiet('GuardDuty UpdateDetector changing only the frequency', apiCall(iamUser(), 'guardduty.amazonaws.com', 'UpdateDetector', { requestParameters: { detectorId: '12abc34d567e8fa901bc2d34e56789f0', findingPublishingFrequency: 'FIFTEEN_MINUTES' } })),
    fires('GuardDuty DisassociateFromAdministratorAccount', apiCall(iamUser(), 'guardduty.amazonaws.com', 'DisassociateFromAdministratorAccount')),
    fires('Security Hub DisableSecurityHub', apiCall(iamUser(), 'securityhub.amazonaws.com', 'DisableSecurityHub')),
    fires('Security Hub BatchDisableStandards', apiCall(iamUser(), 'securityhub.amazonaws.com', 'BatchDisableStandards')),
    fires('Access Analyzer DeleteAnalyzer', apiCall(iamUser(), 'access-analyzer.amazonaws.com', 'DeleteAnalyzer')),
    fires('Macie DisableMacie', apiCall(iamUser(), 'macie2.amazonaws.com', 'DisableMacie')),
    fires('Inspector Disable', apiCall(iamUser(), 'inspector2.amazonaws.com', 'Disable')),
    fires('Detective DeleteGraph', apiCall(iamUser(), 'detective.amazonaws.com', 'DeleteGraph')),
    quiet('Inspector Enable', apiCall(iamUser(), 'inspector2.amazonaws.com', 'Enable')),
    quiet('a Disable of another service', apiCall(iamUser(), 'ec2.amazonaws.com', 'Disable')),
  ],
};

const PROFILES: readonly Profile[] = ['human', 'cis-securityhub'];

function matchersFor(profile: Profile): Map<string, (event: CloudTrailRecord) => boolean> {
  return new Map(
    compileDetections({ profile }, 'test').map((d) => {
      const matcher = compileMatcher(d.pattern);
      return [d.name, (event: CloudTrailRecord) => {
        const text = JSON.stringify(event);
        return matcher(JSON.parse(text), text);
      }];
    }),
  );
}

it('covers every catalog detection with cases that fire and cases that stay quiet', () => {
  expect(Object.keys(CASES).sort()).toEqual(DETECTION_CATALOG.map((d) => d.name).sort());
  for (const [name, cases] of Object.entries(CASES)) {
    expect({ name, fires: cases.some((c) => c.human) }).toEqual({ name, fires: true });
    expect({ name, quiet: cases.some((c) => !c.human) }).toEqual({ name, quiet: true });
  }
});

describe.each(PROFILES)('profile %s', (profile) => {
  const matchers = matchersFor(profile);
  for (const [name, cases] of Object.entries(CASES)) {
    describe(name, () => {
      it.each(cases.map((c) => [c.label, c] as const))('%s', (_label, c) => {
        expect(matchers.get(name)!(c.event)).toBe(profile === 'human' ? c.human : c.cis);
      });
    });
  }
});
