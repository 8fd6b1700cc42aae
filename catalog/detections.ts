import { and, eq, isFalse, ne, neOrAbsent, notExists, oneOf, or } from '../pattern/ast';
import type { AlarmSettings, Detection } from './types';

/**
 * The detection catalog: the single source of truth for the stacks (one metric filter + one alarm each),
 * the notifier (titles), the CLI and the tests.
 *
 * `match` is each detection's event condition; the human profile adds service-noise filters
 * (catalog/human-filters.ts) and the account's exclusions. `cisPattern` is copied verbatim from the
 * AWS Security Hub user guide (awsdocs/aws-security-hub-user-guide doc_source/cloudwatch-controls.md @bda5bf7),
 * or, for CIS 4.15, from the CIS v1.4 remediation text (reference/cis-detections-and-prior-art.md §1.2):
 * Security Hub compares the text exactly, so not a character may change.
 */

/** CIS's suggested alarm: Sum over 300 s, >= 1, one period (reference/cis-detections-and-prior-art.md §1.2). */
const CIS_ALARM: AlarmSettings = { period: 300, threshold: 1, evaluationPeriods: 1 };

const IAM_POLICY_EVENTS = [
  'DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy',
  'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy',
  'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy',
];
const S3_BUCKET_POLICY_EVENTS = [
  'PutBucketAcl', 'PutBucketPolicy', 'PutBucketCors', 'PutBucketLifecycle', 'PutBucketReplication',
  'DeleteBucketPolicy', 'DeleteBucketCors', 'DeleteBucketLifecycle', 'DeleteBucketReplication',
];
const CONFIG_EVENTS = ['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'];
const SECURITY_GROUP_EVENTS = [
  'AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup',
];
const NACL_EVENTS = [
  'CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry',
  'ReplaceNetworkAclAssociation',
];
const GATEWAY_EVENTS = [
  'CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway',
  'DeleteInternetGateway', 'DetachInternetGateway',
];
const ROUTE_TABLE_EVENTS = [
  'CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable', 'DeleteRoute',
  'DisassociateRouteTable',
];
const VPC_EVENTS = [
  'CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'AcceptVpcPeeringConnection', 'CreateVpcPeeringConnection',
  'DeleteVpcPeeringConnection', 'RejectVpcPeeringConnection', 'AttachClassicLinkVpc', 'DetachClassicLinkVpc',
  'DisableVpcClassicLink', 'EnableVpcClassicLink',
];
const ORGANIZATIONS_EVENTS = [
  'AcceptHandshake', 'AttachPolicy', 'CreateAccount', 'CreateOrganizationalUnit', 'CreatePolicy', 'DeclineHandshake',
  'DeleteOrganization', 'DeleteOrganizationalUnit', 'DeletePolicy', 'DetachPolicy', 'DisablePolicyType',
  'EnablePolicyType', 'InviteAccountToOrganization', 'LeaveOrganization', 'MoveAccount',
  'RemoveAccountFromOrganization', 'UpdatePolicy', 'UpdateOrganizationalUnit',
];

/** `(eventSource = source && eventName in names)`: event names alone collide across services. */
function sourceEvents(source: string, names: readonly string[]) {
  return and(eq('$.eventSource', source), oneOf('$.eventName', names));
}

/** The CIS "(A) || (B) || …" list text Security Hub expects: `($.eventName=X) || ($.eventName=Y)`. */
function cisEventList(names: readonly string[]): string {
  return names.map((n) => `($.eventName=${n})`).join(' || ');
}

export const DETECTION_CATALOG: readonly Detection[] = [
  {
    name: 'root-alert',
    title: { ko: 'root 계정', en: 'Root account' },
    severity: 'high',
    firstAction: {
      ko: 'root 사용자 본인의 작업인지 즉시 확인하고, 아니면 root 비밀번호와 MFA를 재설정하고 root 액세스 키를 삭제하세요',
      en: 'Confirm with the root user\'s owner now; if it was not them, reset the root password and MFA and delete any root access key',
    },
    description: 'Any action by the root user that is not performed by an AWS service on its behalf.',
    basis: 'CIS 4.3 / Security Hub CloudWatch.1',
    securityHubControl: 'CloudWatch.1',
    // Root console actions arrive with invokedBy = signin.amazonaws.com, which the CIS text (invokedBy NOT EXISTS)
    // misses; an AWS service acting for root is AwsServiceEvent.
    match: and(
      eq('$.userIdentity.type', 'Root'),
      or(notExists('$.userIdentity.invokedBy'), eq('$.userIdentity.invokedBy', 'signin.amazonaws.com')),
      // eventType is always present (CloudTrail record contents: "Optional: False"), so a plain != is safe.
      ne('$.eventType', 'AwsServiceEvent'),
    ),
    cisPattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
    humanFilters: [],
    defaults: CIS_ALARM,
  },
  {
    name: 'UnauthorizedAPICall',
    title: { ko: '권한 없는 API 호출', en: 'Unauthorized API call' },
    severity: 'low',
    firstAction: {
      ko: '한 주체가 반복해서 거부되는지 확인하세요: 권한 설정 실수인지, 탈취된 자격 증명으로 탐색 중인지 판단',
      en: 'Check whether one principal keeps being denied: a permission mistake, or stolen credentials probing the account',
    },
    description: 'API calls denied for lack of permission (AccessDenied*, *UnauthorizedOperation) made by people.',
    basis: 'CIS 4.1 / Security Hub CloudWatch.2, with human-only exclusions',
    securityHubControl: 'CloudWatch.2',
    match: or(eq('$.errorCode', '*UnauthorizedOperation'), eq('$.errorCode', 'AccessDenied*')),
    cisPattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
    humanFilters: ['serviceIdentities', 'invokedByService', 'costExplorer', 'instanceProfiles', 'logDelivery'],
    defaults: CIS_ALARM,
  },
  {
    name: 'ConsoleSignInWithoutMfa',
    title: { ko: 'MFA 없는 로그인 발생', en: 'Console sign-in without MFA' },
    severity: 'medium',
    firstAction: {
      ko: '본인 로그인인지 사용자에게 확인하고, 해당 사용자에게 MFA를 설정하게 하세요',
      en: 'Confirm the sign-in with the user and make them enable MFA',
    },
    description: 'A successful console sign-in by an IAM user or the root user without MFA (SSO/SAML sign-ins excluded).',
    basis: 'CIS 4.2 / Security Hub CloudWatch.3',
    securityHubControl: 'CloudWatch.3',
    // IAM Identity Center and SAML sign-ins are AssumedRole/SAMLUser ConsoleLogin events whose MFA happens at the
    // IdP, so restricting to IAMUser and Root removes them.
    match: and(
      eq('$.eventName', 'ConsoleLogin'),
      eq('$.responseElements.ConsoleLogin', 'Success'),
      // An absent MFAUsed is no evidence of MFA: fire (CIS's bare != would stay silent).
      neOrAbsent('$.additionalEventData.MFAUsed', 'Yes'),
      oneOf('$.userIdentity.type', ['IAMUser', 'Root']),
    ),
    cisPattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    humanFilters: [], // userIdentity.type is IAMUser or Root already
    defaults: CIS_ALARM,
  },
  {
    name: 'ConsoleSignInFailure',
    title: { ko: 'AWS 콘솔 로그인 실패', en: 'Console sign-in failure' },
    severity: 'medium',
    firstAction: {
      ko: '같은 사용자나 IP의 반복 실패면 무차별 대입을 의심하고, 해당 사용자의 비밀번호 변경과 MFA를 확인하세요',
      en: 'Repeated failures for one user or IP suggest guessing: check that user\'s password and MFA',
    },
    description: 'A failed console sign-in (wrong password, unknown user name, failed MFA).',
    basis: 'CIS 4.6 / Security Hub CloudWatch.6',
    securityHubControl: 'CloudWatch.6',
    // CIS matches only errorMessage "Failed authentication"; an unknown user name ("No username found in supplied
    // account") is a brute-force signal too, and every failure carries responseElements.ConsoleLogin = "Failure".
    match: and(eq('$.eventName', 'ConsoleLogin'), eq('$.responseElements.ConsoleLogin', 'Failure')),
    cisPattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
    humanFilters: [], // only people sign in to the console
    defaults: CIS_ALARM,
  },
  {
    name: 'IAMPolicyChanged',
    title: { ko: 'IAM 정책 변경', en: 'IAM policy changed' },
    severity: 'medium',
    firstAction: {
      ko: '변경된 정책이 권한을 넓혔는지 확인하고, 의도하지 않은 변경이면 이전 버전으로 되돌리세요',
      en: 'Check whether the changed policy widens access; revert it if the change was not intended',
    },
    description: 'Creation, change, deletion, attachment or detachment of IAM policies.',
    basis: 'CIS 4.4 / Security Hub CloudWatch.4',
    securityHubControl: 'CloudWatch.4',
    // Scoped to IAM: Organizations and Auto Scaling also have CreatePolicy/DeletePolicy (Security Hub guide notes it).
    match: sourceEvents('iam.amazonaws.com', IAM_POLICY_EVENTS),
    cisPattern: `{${cisEventList(IAM_POLICY_EVENTS)}}`,
    humanFilters: ['serviceIdentities'],
    defaults: CIS_ALARM,
  },
  {
    name: 'CloudTrailChangesEvent',
    title: { ko: 'CloudTrail 구성 변경', en: 'CloudTrail configuration changed' },
    severity: 'high',
    firstAction: {
      ko: '누가 트레일을 변경하거나 중지했는지 확인하고 로깅을 다시 켜세요',
      en: 'Check who changed or stopped the trail and re-enable logging',
    },
    description: 'A trail created, updated, deleted, started, stopped, or its event selectors changed.',
    basis: 'CIS 4.5 / Security Hub CloudWatch.5',
    securityHubControl: 'CloudWatch.5',
    // PutEventSelectors can silently stop management-event logging; CIS omits it.
    match: sourceEvents('cloudtrail.amazonaws.com', ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging', 'PutEventSelectors']),
    cisPattern: `{${cisEventList(['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'])}}`,
    humanFilters: ['serviceIdentities'],
    defaults: CIS_ALARM,
  },
  {
    name: 'KMSKeyDisableOrDeletion',
    title: { ko: 'KMS 키 비활성화/삭제 예약', en: 'KMS key disabled or scheduled for deletion' },
    severity: 'high',
    firstAction: {
      ko: '삭제 예약이면 바로 취소(CancelKeyDeletion)하고 키를 다시 활성화한 뒤 누가 했는지 확인하세요',
      en: 'If deletion is scheduled, cancel it (CancelKeyDeletion) and re-enable the key, then find out who did it',
    },
    description: 'A customer managed KMS key disabled or scheduled for deletion: data under it becomes unreadable.',
    basis: 'CIS 4.7 / Security Hub CloudWatch.7',
    securityHubControl: 'CloudWatch.7',
    match: sourceEvents('kms.amazonaws.com', ['DisableKey', 'ScheduleKeyDeletion']),
    cisPattern: '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
    humanFilters: ['serviceIdentities'],
    defaults: CIS_ALARM,
  },
  {
    name: 'S3BucketPolicyChange',
    title: { ko: 'S3 버킷 정책 변경', en: 'S3 bucket policy changed' },
    severity: 'medium',
    firstAction: {
      ko: '버킷이 공개되거나 다른 계정에 열렸는지 확인하고, 의도하지 않았다면 정책을 되돌리세요',
      en: 'Check whether the bucket became public or open to another account; revert the policy if not intended',
    },
    description: 'Changes to S3 bucket policies, ACLs, CORS, lifecycle or replication.',
    basis: 'CIS 4.8 / Security Hub CloudWatch.8',
    securityHubControl: 'CloudWatch.8',
    match: sourceEvents('s3.amazonaws.com', S3_BUCKET_POLICY_EVENTS),
    cisPattern: `{($.eventSource=s3.amazonaws.com) && (${cisEventList(S3_BUCKET_POLICY_EVENTS)})}`,
    humanFilters: ['serviceIdentities'],
    defaults: CIS_ALARM,
  },
  {
    name: 'AWSConfigChange',
    title: { ko: 'AWS Config 변경', en: 'AWS Config changed' },
    severity: 'high',
    firstAction: {
      ko: 'Config 기록기가 중지됐다면 다시 시작하고 누가 했는지 확인하세요',
      en: 'If the Config recorder stopped, restart it and find out who stopped it',
    },
    description: 'The AWS Config recorder stopped or changed, or its delivery channel changed or deleted.',
    basis: 'CIS 4.9 / Security Hub CloudWatch.9',
    securityHubControl: 'CloudWatch.9',
    match: sourceEvents('config.amazonaws.com', CONFIG_EVENTS),
    cisPattern: `{($.eventSource=config.amazonaws.com) && (${cisEventList(CONFIG_EVENTS)})}`,
    humanFilters: ['serviceIdentities'],
    defaults: CIS_ALARM,
  },
  {
    name: 'SecurityGroupChange',
    title: { ko: '보안 그룹 변경', en: 'Security group changed' },
    severity: 'medium',
    firstAction: {
      ko: '0.0.0.0/0 같은 넓은 인바운드가 열렸는지 확인하고, 의도하지 않은 규칙은 제거하세요',
      en: 'Check for wide-open inbound rules such as 0.0.0.0/0 and remove any that are not intended',
    },
    description: 'Security groups created, deleted or their rules changed.',
    basis: 'CIS 4.10 (v5 adds ModifySecurityGroupRules) / Security Hub CloudWatch.10',
    securityHubControl: 'CloudWatch.10',
    match: sourceEvents('ec2.amazonaws.com', [...SECURITY_GROUP_EVENTS, 'ModifySecurityGroupRules']),
    cisPattern: `{${cisEventList(SECURITY_GROUP_EVENTS)}}`,
    humanFilters: ['serviceIdentities'],
    defaults: CIS_ALARM,
  },
  {
    name: 'NetworkAclChange',
    title: { ko: '네트워크 ACL 변경', en: 'Network ACL changed' },
    severity: 'medium',
    firstAction: {
      ko: '바뀐 ACL 항목이 트래픽을 넓게 허용하는지 확인하고, 의도하지 않았다면 되돌리세요',
      en: 'Check whether the changed entries allow traffic widely; revert them if not intended',
    },
    description: 'Network ACLs or their entries or associations created, replaced or deleted.',
    basis: 'CIS 4.11 / Security Hub CloudWatch.11',
    securityHubControl: 'CloudWatch.11',
    match: sourceEvents('ec2.amazonaws.com', NACL_EVENTS),
    cisPattern: `{${cisEventList(NACL_EVENTS)}}`,
    humanFilters: ['serviceIdentities'],
    defaults: CIS_ALARM,
  },
  {
    name: 'GatewayChange',
    title: { ko: '네트워크 게이트웨이 변경', en: 'Network gateway changed' },
    severity: 'medium',
    firstAction: {
      ko: '새로 연결된 게이트웨이가 의도한 것인지 확인하고, 아니면 분리하세요',
      en: 'Check that the gateway change was intended; detach any gateway that was not',
    },
    description: 'Customer or internet gateways created, attached, detached or deleted.',
    basis: 'CIS 4.12 / Security Hub CloudWatch.12',
    securityHubControl: 'CloudWatch.12',
    match: sourceEvents('ec2.amazonaws.com', GATEWAY_EVENTS),
    cisPattern: `{${cisEventList(GATEWAY_EVENTS)}}`,
    humanFilters: ['serviceIdentities'],
    defaults: CIS_ALARM,
  },
  {
    name: 'VpcRouteTableChange',
    title: { ko: '네트워크 라우팅 테이블 변경', en: 'Route table changed' },
    severity: 'medium',
    firstAction: {
      ko: '새 경로가 트래픽을 예상 밖의 게이트웨이나 피어링으로 보내는지 확인하세요',
      en: 'Check whether new routes send traffic to an unexpected gateway or peering connection',
    },
    description: 'Route tables or routes created, replaced, disassociated or deleted.',
    basis: 'CIS 4.13 / Security Hub CloudWatch.13',
    securityHubControl: 'CloudWatch.13',
    match: sourceEvents('ec2.amazonaws.com', ROUTE_TABLE_EVENTS),
    cisPattern: `{${cisEventList(ROUTE_TABLE_EVENTS)}}`,
    humanFilters: ['serviceIdentities'],
    defaults: CIS_ALARM,
  },
  {
    name: 'VpcChange',
    title: { ko: 'VPC 변경', en: 'VPC changed' },
    severity: 'medium',
    firstAction: {
      ko: 'VPC 피어링이나 VPC 설정 변경이 의도한 것인지 확인하고, 아니면 되돌리세요',
      en: 'Check that the VPC or peering change was intended; revert it if not',
    },
    description: 'VPCs created, deleted or modified, and VPC peering connections changed.',
    basis: 'CIS 4.14 / Security Hub CloudWatch.14',
    securityHubControl: 'CloudWatch.14',
    match: sourceEvents('ec2.amazonaws.com', VPC_EVENTS),
    cisPattern: `{${cisEventList(VPC_EVENTS)}}`,
    humanFilters: ['serviceIdentities'],
    defaults: CIS_ALARM,
  },
  {
    name: 'OrganizationsChange',
    title: { ko: 'AWS Organizations 변경', en: 'AWS Organizations changed' },
    severity: 'high',
    firstAction: {
      ko: '관리 계정에서 변경 주체와 내용을 확인하세요: 계정 이동·탈퇴·SCP 변경은 보안 통제를 풀 수 있습니다',
      en: 'Check who changed what in the organization: moved or removed accounts and SCP changes can lift guardrails',
    },
    description: 'Changes to the organization: accounts, organizational units, policies, handshakes.',
    basis: 'CIS 4.15 (no Security Hub control)',
    match: sourceEvents('organizations.amazonaws.com', ORGANIZATIONS_EVENTS),
    cisPattern: `{ ($.eventSource = organizations.amazonaws.com) && (${ORGANIZATIONS_EVENTS.map((n) => `($.eventName = "${n}")`).join(' || ')}) }`,
    humanFilters: ['serviceIdentities'],
    defaults: CIS_ALARM,
  },
  {
    name: 'MonitoringTamper',
    title: { ko: '보안 감시 체계 변경', en: 'Security monitoring tampered with' },
    severity: 'high',
    firstAction: {
      ko: '누가 감시 구성(경보, 로그 그룹, 필터, 토픽, 규칙)을 지우거나 껐는지 확인하고 복구하세요',
      en: 'Find who deleted or disabled the monitoring (alarms, log groups, filters, topics, rules) and restore it',
    },
    description: 'Alarms, log groups, metric or subscription filters, topics, functions or rules that watch the account deleted or disabled.',
    basis: 'beyond CIS',
    match: or(
      sourceEvents('monitoring.amazonaws.com', ['DeleteAlarms', 'DisableAlarmActions']),
      sourceEvents('logs.amazonaws.com', ['DeleteLogGroup', 'DeleteMetricFilter', 'DeleteSubscriptionFilter']),
      sourceEvents('sns.amazonaws.com', ['DeleteTopic']),
      // Lambda event names carry the API version: DeleteFunction20150331.
      sourceEvents('lambda.amazonaws.com', ['DeleteFunction*']),
      sourceEvents('events.amazonaws.com', ['DisableRule', 'DeleteRule']),
    ),
    humanFilters: ['serviceIdentities'],
    defaults: CIS_ALARM,
  },
  {
    name: 'SecurityServiceDisabled',
    title: { ko: '보안 서비스 비활성화', en: 'Security service disabled' },
    severity: 'high',
    firstAction: {
      ko: '꺼진 보안 서비스를 다시 켜고 누가 껐는지 확인하세요',
      en: 'Re-enable the security service and find out who turned it off',
    },
    description: 'GuardDuty, Security Hub, IAM Access Analyzer, Macie, Inspector or Detective turned off or detached.',
    basis: 'beyond CIS',
    match: or(
      and(
        eq('$.eventSource', 'guardduty.amazonaws.com'),
        or(
          oneOf('$.eventName', ['DeleteDetector', 'DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount']),
          // UpdateDetector requestParameters: {"detectorId": "...", "enable": false} — a JSON boolean.
          and(eq('$.eventName', 'UpdateDetector'), isFalse('$.requestParameters.enable')),
        ),
      ),
      sourceEvents('securityhub.amazonaws.com', ['DisableSecurityHub', 'BatchDisableStandards']),
      sourceEvents('access-analyzer.amazonaws.com', ['DeleteAnalyzer']),
      sourceEvents('macie2.amazonaws.com', ['DisableMacie']),
      sourceEvents('inspector2.amazonaws.com', ['Disable']),
      sourceEvents('detective.amazonaws.com', ['DeleteGraph']),
    ),
    humanFilters: ['serviceIdentities'],
    defaults: CIS_ALARM,
  },
];

/** The catalog entry of that name, if any. */
export function findDetection(name: string): Detection | undefined {
  return DETECTION_CATALOG.find((d) => d.name === name);
}
