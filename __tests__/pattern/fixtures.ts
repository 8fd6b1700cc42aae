/**
 * Filter patterns and events used by the pattern tests. Sources are tagged as in
 * shared/reference/cloudwatch-filter-pattern-semantics.md ([S#]) and cis-detections-and-prior-art.md.
 */

/** CIS patterns as transcribed in cis-detections-and-prior-art.md §1.2 (v1.2 3.x, v1.4 4.x, v2.0+ 4.x). */
export const CIS_PATTERNS: Readonly<Record<string, string>> = {
  '3.1': '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
  '3.2': '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
  '3.3': '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  '3.4': '{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}',
  '3.5': '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
  '3.6': '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
  '3.7': '{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }',
  '3.8': '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }',
  '3.9': '{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel)||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }',
  '3.10': '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }',
  '3.11': '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }',
  '3.12': '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }',
  '3.13': '{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }',
  '3.14': '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }',
  '4.1 v1.4 remediation': '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") || ($.sourceIPAddress!="delivery.logs.amazonaws.com") || ($.eventName!="HeadBucket") }',
  '4.1 v1.4 audit': '{ ($.errorCode = *UnauthorizedOperation) || ($.errorCode = AccessDenied*) || ($.sourceIPAddress!=delivery.logs.amazonaws.com) || ($.eventName!=HeadBucket) }',
  '4.1 intent (terraform-aws-modules #26)': '{(($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && (($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket"))}',
  '4.2 SSO': '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  '4.2 v5 unquoted': '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != Yes) }',
  '4.15': '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
  '4.1 v2.0+': '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }',
  '4.10 v5.0+': '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) || ($.eventName = ModifySecurityGroupRules) }',
};

/** Security Hub CloudWatch.x patterns printed in full in cis-detections-and-prior-art.md §2.1 [S12]. */
export const SECURITY_HUB_PATTERNS: Readonly<Record<string, string>> = {
  'CloudWatch.1': '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
  'CloudWatch.2': '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
  'CloudWatch.3 (2023)': '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  'CloudWatch.3 (2020)': '{($.eventName="ConsoleLogin") && ($.additionalEventData.MFAUsed !="Yes")}',
  'CloudWatch.5': '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}',
  'CloudWatch.6': '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
  'CloudWatch.7': '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
  'CloudWatch.9': '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}',
};

/** Tuned patterns of the reference guide (seed-cloudtrail-detection-guide.ko.md), multi-line form included. */
export const SEED_GUIDE_PATTERNS: Readonly<Record<string, string>> = {
  'unauthorized (multi-line)': `{ ( ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") )
  && ($.userIdentity.type != "AWSService")
  && ($.userIdentity.arn != "*AWSServiceRoleForConfig*")
  && ($.userIdentity.arn != "*AWSServiceRoleForResourceExplorer*")
  && ($.eventSource != "ce.amazonaws.com") }`,
  'console failure': '{ ( ($.eventName = "ConsoleLogin") && ($.errorMessage = "Failed authentication") ) && ($.userIdentity.arn != "*assumed-role/AWSReservedSSO_HDCLabs_AdminAccess*") }',
  'no mfa': '{ ($.eventName = "ConsoleLogin") && ($.responseElements.ConsoleLogin = "Success") && ($.additionalEventData.MFAUsed = "No") && ($.userIdentity.arn != "*AWSReservedSSO_*") }',
  'unauthorized (tuned)': '{ ( ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") ) && ($.userIdentity.type != "AWSService") && ($.userIdentity.arn != "*AWSServiceRoleForConfig*") && ($.userIdentity.arn != "*AWSServiceRoleForResourceExplorer*") && ($.userIdentity.arn != "*AWSReservedSSO_HDCLabs_AdminAccess*") && ($.userIdentity.arn != "*AWSReservedSSO_HDCLabs_Super_AdminAccess*") && ($.eventSource != "ce.amazonaws.com") && ($.userIdentity.arn != "arn:aws:iam::021701867122:user/mzc_msp-api") && ($.userIdentity.arn != "*assumed-role/hdcl-csp-iam-ec2role/*") && ($.userIdentity.arn != "*assumed-role/*/mzc_msp_2") }',
  's3 policy': '{ ( ($.eventSource = "s3.amazonaws.com") && ( ($.eventName = "PutBucketAcl") || ($.eventName = "PutBucketPolicy") || ($.eventName = "PutBucketCors") || ($.eventName = "PutBucketLifecycle") || ($.eventName = "PutBucketReplication") || ($.eventName = "DeleteBucketPolicy") || ($.eventName = "DeleteBucketCors") || ($.eventName = "DeleteBucketLifecycle") || ($.eventName = "DeleteBucketReplication") ) ) && ($.userIdentity.arn != "*assumed-role/AWSReservedSSO_HDCLabs_AdminAccess*") }',
  'iam policy': '{ ( ($.eventName = "DeleteGroupPolicy") || ($.eventName = "DeleteRolePolicy") || ($.eventName = "DeleteUserPolicy") || ($.eventName = "PutGroupPolicy") || ($.eventName = "PutRolePolicy") || ($.eventName = "PutUserPolicy") || ($.eventName = "CreatePolicy") || ($.eventName = "DeletePolicy") || ($.eventName = "CreatePolicyVersion") || ($.eventName = "DeletePolicyVersion") || ($.eventName = "AttachRolePolicy") || ($.eventName = "DetachRolePolicy") || ($.eventName = "AttachUserPolicy") || ($.eventName = "DetachUserPolicy") || ($.eventName = "AttachGroupPolicy") || ($.eventName = "DetachGroupPolicy") ) && ($.userIdentity.type != "AWSService") }',
};

/** Other documented pattern forms (ref §2, §3, §6, §9). */
export const DOCUMENTED_PATTERNS: readonly string[] = [
  '{ $.eventType = "*" && $.sourceIPAddress != 123.123.* }', // S5 dimension example
  '{ $.arrayKey[*] = %val.{2}% }', // S1/S2
  '{ $.* = %111\\.111\\.111\\.1[0-9]{1,2}% }', // S1/S2
  '{ $.[\'cluster.name\'] = "c1" }', // S1/S2 bracket selector
  '{ $.numbers[0] < 10e3 }', // S1/S4
  '{ $.latency > +1000 }', // S1/S4
  '{ $.number[0] = 1e-3 }', // S1/S4
  '{ $.coordinates[0][1] = 1 }', // S1
  '{ $.eventType = %Trail% }', // S1/S3
  '{ $.latency = * }', // S4
  '{ $.ThisFlag IS TRUE }', // S4
  '{ $.SomeObject IS NULL }', // S4
  '{ $.SomeOtherObject NOT EXISTS         }', // S7
  '{ $.someFloat      <=     100.0 }', // S7
  '{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', // S7 compound
  '{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }', // S7
  '{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', // S7
  '{ $.ip = %\\x3A% }', // S1: \x hex escape
  '{ $.someEscaped = "error \\"message\\"" }', // CDK-style escapes [S9]
];

/** The event of S7's e2e/test_strings.py (2019), as JSON text: note someFloat2 is written 12.0. */
export const S7_STRINGS_EVENT = `{
  "eventType": "UpdateTrail",
  "sourceIPAddress": "111.111.111.111",
  "someString": "111.111.111.111",
  "emptyString": "",
  "someInt": 123,
  "someFloat": 12.34,
  "someFloat2": 12.0,
  "someEscaped": "error \\"message\\"",
  "someObject": {},
  "someArray": [],
  "someNull": null
}`;

/** The event of S7's e2e/test_simple.py, with the S1 doc example's fields added. */
export const S7_SIMPLE_EVENT = `{
  "eventType": "UpdateTrail",
  "sourceIPAddress": "111.111.111.111",
  "arrayKey": ["value", "another value"],
  "objectList": [{ "name": "a", "id": 1 }, { "name": "b", "id": 2 }],
  "SomeObject": null,
  "someInt": 123,
  "someFloat": 12.34,
  "ThisFlag": true,
  "cluster.name": "c1",
  "cluster": { "id": 7 },
  "emptyList": [],
  "flagText": "true"
}`;

/** The event of S7's e2e/test_compound.py (the AWS doc's compound example). */
export const S7_COMPOUND_EVENT = `{
  "user": { "id": 1, "email": "John.Stiles@example.com" },
  "users": [
    { "id": 2, "email": "John.Doe@example.com" },
    { "id": 3, "email": "Jane.Doe@example.com" }
  ],
  "actions": ["GET", "PUT", "DELETE"],
  "coordinates": [[0, 1, 2], [4, 5, 6], [7, 8, 9]]
}`;

/** Builds a CloudTrail-shaped record (about 1 KB) as JSON text; `overrides` replace top-level fields. */
export function cloudTrailRecord(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLEID:alice@example.com',
      arn: 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Developer_0123456789abcdef/alice@example.com',
      accountId: '111122223333',
      accessKeyId: 'ASIAEXAMPLEKEY',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAEXAMPLEID',
          arn: 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Developer_0123456789abcdef',
          accountId: '111122223333',
          userName: 'AWSReservedSSO_Developer_0123456789abcdef',
        },
        attributes: { creationDate: '2025-03-01T01:02:03Z', mfaAuthenticated: 'false' },
      },
    },
    eventTime: '2025-03-01T01:05:00Z',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    awsRegion: 'ap-northeast-2',
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-cli/2.15.0 md/awscrt#0.19.19 ua/2.0 os/linux#6.5 md/arch#x86_64 lang/python#3.11.6 md/pyimpl#CPython cfg/retry-mode#standard',
    requestParameters: { instancesSet: {}, filterSet: {}, maxResults: 1000 },
    responseElements: null,
    requestID: '0e3f1c4e-1111-2222-3333-444455556666',
    eventID: '7c1a2b3d-aaaa-bbbb-cccc-ddddeeeeffff',
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '111122223333',
    eventCategory: 'Management',
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 'ec2.ap-northeast-2.amazonaws.com' },
    ...overrides,
  });
}
