/**
 * A realistic, deterministic CloudTrail stream for the replay benchmark: a seeded PRNG picks principals (people
 * through IAM users, SSO and SAML; CI and instance roles; service-linked roles; AWS services; rarely root),
 * event names (mostly reads, with AccessDenied noise and the writes the detections catch) and fields shaped
 * like the records AWS publishes in the CloudTrail User Guide (sessionContext, tlsDetails, request parameters,
 * response elements; now and then a CloudTrail Insights event), about 1.1–1.3 KB per record on average.
 *
 * Two mixes ({@link Mix}): `routine`, an account's everyday traffic, where well under 1 % of the records match
 * any detection; and `detection-heavy`, where about a third do (AccessDenied storms, change bursts).
 */

export type Mix = 'routine' | 'detection-heavy';

/** Per mix: the share of calls denied, and how much more often than routine the detections' writes happen. */
const MIXES: Readonly<Record<Mix, { readonly denied: number; readonly writesFactor: number }>> = {
  routine: { denied: 0.002, writesFactor: 1 },
  'detection-heavy': { denied: 0.2, writesFactor: 40 },
};

const ACCOUNT = '111122223333';

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Identity = Record<string, unknown>;
interface Actor {
  readonly weight: number;
  identity(random: () => number): Identity;
  readonly ip: (random: () => number) => string;
  readonly agent: string;
}

const CLI_AGENT = 'aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/linux#6.1.0-18-amd64 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#debian.12 md/prompt#off md/command#ec2.describe-instances';
const CONSOLE_AGENT = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const SDK_AGENT = 'aws-sdk-java/2.25.40 Linux/5.10.216-204.855.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.11+9-LTS Java/17.0.11 vendor/Amazon.com_Inc. exec-env/AWS_ECS_EC2 io/sync http/Apache cfg/retry-mode/adaptive';

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const officeIp = (random: () => number): string => `59.10.${20 + Math.floor(random() * 4)}.${Math.floor(random() * 250) + 1}`;
const vpcIp = (random: () => number): string => `10.0.${Math.floor(random() * 16)}.${Math.floor(random() * 250) + 1}`;

function role(name: string, session: string, path = ''): Identity {
  return {
    type: 'AssumedRole',
    principalId: `AROA${name.length}EXAMPLE${name.slice(0, 6).toUpperCase()}:${session}`,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/${session}`,
    accountId: ACCOUNT,
    accessKeyId: 'ASIAEXAMPLE7Q3WLMNOP',
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: `AROA${name.length}EXAMPLE${name.slice(0, 6).toUpperCase()}`, arn: `arn:aws:iam::${ACCOUNT}:role/${path}${name}`, accountId: ACCOUNT, userName: name },
      webIdFederationData: {},
      attributes: { creationDate: '2024-05-01T00:00:00Z', mfaAuthenticated: 'false' },
    },
  };
}

const ACTORS: readonly Actor[] = [
  {
    weight: 12,
    identity: (random) => role('AWSReservedSSO_AdministratorAccess_1a2b3c4d5e6f7a8b', pick(random, ['bob@example.com', 'jin@example.com', 'mina@example.com']), 'aws-reserved/sso.amazonaws.com/ap-northeast-2/'),
    ip: officeIp,
    agent: CONSOLE_AGENT,
  },
  {
    weight: 6,
    identity: (random) => {
      const user = pick(random, ['alice', 'deploy-bot', 'mzc_msp_1']);
      return { type: 'IAMUser', principalId: `AIDAEXAMPLE${user.toUpperCase()}`, arn: `arn:aws:iam::${ACCOUNT}:user/${user}`, accountId: ACCOUNT, accessKeyId: 'AKIAEXAMPLE5XYZ12345', userName: user };
    },
    ip: officeIp,
    agent: CLI_AGENT,
  },
  { weight: 14, identity: (random) => role('github-actions-deploy', `GitHubActions-${Math.floor(random() * 5000)}`), ip: () => '20.42.11.5', agent: CLI_AGENT },
  { weight: 30, identity: (random) => role('ec2-app-server', `i-0${Math.floor(random() * 1e15).toString(16).padStart(16, '0')}`), ip: vpcIp, agent: SDK_AGENT },
  { weight: 12, identity: (random) => role(pick(random, ['AWSServiceRoleForConfig', 'AWSServiceRoleForResourceExplorer', 'AWSServiceRoleForSecurityHub']), 'session'), ip: () => 'config.amazonaws.com', agent: 'config.amazonaws.com' },
  { weight: 20, identity: (random) => ({ type: 'AWSService', invokedBy: pick(random, ['ec2.amazonaws.com', 'autoscaling.amazonaws.com', 'lambda.amazonaws.com']) }), ip: () => 'AWS Internal', agent: 'AWS Internal' },
  { weight: 0.05, identity: () => ({ type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT }), ip: officeIp, agent: CONSOLE_AGENT },
];

/** [eventSource, eventName, weight, read-only]: mostly reads, the detections' writes rare, as in real accounts. */
const EVENTS: readonly (readonly [string, string, number, boolean])[] = [
  ['ec2.amazonaws.com', 'DescribeInstances', 20, true],
  ['sts.amazonaws.com', 'AssumeRole', 14, false],
  ['kms.amazonaws.com', 'Decrypt', 14, true],
  ['s3.amazonaws.com', 'ListBuckets', 6, true],
  ['s3.amazonaws.com', 'GetBucketAcl', 6, true],
  ['iam.amazonaws.com', 'ListRoles', 5, true],
  ['logs.amazonaws.com', 'DescribeLogGroups', 5, true],
  ['ce.amazonaws.com', 'GetCostAndUsage', 2, true],
  ['lambda.amazonaws.com', 'ListFunctions20150331', 4, true],
  ['ec2.amazonaws.com', 'DescribeSecurityGroups', 6, true],
  ['ssm.amazonaws.com', 'GetParameter', 8, true],
  ['signin.amazonaws.com', 'ConsoleLogin', 0.3, false],
  ['ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', 0.2, false],
  ['ec2.amazonaws.com', 'CreateRoute', 0.05, false],
  ['s3.amazonaws.com', 'PutBucketPolicy', 0.05, false],
  ['iam.amazonaws.com', 'CreatePolicyVersion', 0.05, false],
  ['iam.amazonaws.com', 'AttachRolePolicy', 0.05, false],
  ['cloudtrail.amazonaws.com', 'StopLogging', 0.005, false],
  ['kms.amazonaws.com', 'ScheduleKeyDeletion', 0.005, false],
  ['monitoring.amazonaws.com', 'DeleteAlarms', 0.01, false],
  ['guardduty.amazonaws.com', 'DeleteDetector', 0.002, false],
];

function weighted<T extends { readonly weight: number }>(items: readonly T[]): (random: () => number) => T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  return (random) => {
    let left = random() * total;
    for (const item of items) if ((left -= item.weight) < 0) return item;
    return items[items.length - 1];
  };
}

/** Generates `count` records of `mix` starting at `start` (ms), about 400 ms apart; calls `emit` with each record's JSON text. */
export function generateCloudTrail(count: number, seed: number, mix: Mix, emit: (json: string) => void, start = Date.UTC(2024, 4, 1)): void {
  const random = prng(seed);
  const actor = weighted(ACTORS);
  const { denied: deniedShare, writesFactor } = MIXES[mix];
  const event = weighted(EVENTS.map(([source, name, weight, readOnly]) => ({ source, name, weight: readOnly || name === 'AssumeRole' ? weight : weight * writesFactor, readOnly })));
  let time = start;
  for (let i = 0; i < count; i++) {
    time += Math.floor(random() * 800);
    if (random() < INSIGHT_SHARE) {
      emit(JSON.stringify(insight(time, random)));
      continue;
    }
    const who = actor(random);
    const what = event(random);
    const denied = random() < deniedShare;
    const serial = i.toString(16).padStart(12, '0');
    const record: Record<string, unknown> = {
      eventVersion: '1.09',
      userIdentity: who.identity(random),
      eventTime: new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      eventSource: what.source,
      eventName: what.name,
      awsRegion: pick(random, ['ap-northeast-2', 'ap-northeast-2', 'us-east-1']),
      sourceIPAddress: who.ip(random),
      userAgent: who.agent,
      ...(denied && {
        errorCode: pick(random, ['AccessDenied', 'Client.UnauthorizedOperation', 'AccessDeniedException']),
        errorMessage: `User is not authorized to perform: ${what.source.split('.')[0]}:${what.name} on resource: arn:aws:${what.source.split('.')[0]}:ap-northeast-2:${ACCOUNT}:*`,
      }),
      requestParameters: parameters(what.name, random),
      responseElements: denied ? null : responseElements(what.name, random),
      ...(what.name === 'ConsoleLogin' && { additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: random() < 0.5 ? 'Yes' : 'No' } }),
      requestID: `0f4d1c0e-8a5b-4c1e-9d2a-${serial}`,
      eventID: `7e2c9a51-3b4d-4f6e-8a1b-${serial}`,
      readOnly: what.readOnly,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      eventCategory: 'Management',
      tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: `${what.source.split('.')[0]}.ap-northeast-2.amazonaws.com` },
    };
    emit(JSON.stringify(record));
  }
}

/** CloudTrail Insights events are rare: a few per unusual burst of calls. */
const INSIGHT_SHARE = 0.0005;

/** A CloudTrail Insights event (CloudTrail User Guide, "CloudTrail Insights events"): no userIdentity, no top-level eventName. */
function insight(time: number, random: () => number): Record<string, unknown> {
  const average = Math.round(random() * 1000) / 100;
  return {
    eventVersion: '1.08',
    eventTime: new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    awsRegion: 'ap-northeast-2',
    eventID: `a9edd1f9-8e37-4d5c-9b4b-${Math.floor(random() * 1e12).toString(16).padStart(12, '0')}`,
    eventType: 'AwsCloudTrailInsight',
    recipientAccountId: ACCOUNT,
    sharedEventID: '12edc982-3348-4794-83d3-a3db26525049',
    insightDetails: {
      state: random() < 0.5 ? 'Start' : 'End',
      eventSource: 'ec2.amazonaws.com',
      eventName: 'RunInstances',
      insightType: 'ApiCallRateInsight',
      insightContext: { statistics: { baseline: { average: 0.0017 }, insight: { average } }, attributions: [{ attribute: 'userIdentityArn', insight: [{ value: `arn:aws:iam::${ACCOUNT}:user/alice`, average }], baseline: [] }] },
    },
    eventCategory: 'Insight',
  };
}

function responseElements(eventName: string, random: () => number): Record<string, unknown> | null {
  switch (eventName) {
    case 'ConsoleLogin':
      return { ConsoleLogin: random() < 0.3 ? 'Failure' : 'Success' };
    case 'AssumeRole':
      return {
        credentials: { accessKeyId: 'ASIAEXAMPLE7Q3WLMNOP', sessionToken: 'IQoJb3JpZ2luX2VjEExAMPLE', expiration: 'May 1, 2024, 1:00:00 AM' },
        assumedRoleUser: { assumedRoleId: 'AROA14EXAMPLEEC2-AP:i-0abc', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ec2-app-server/i-0abc` },
      };
    case 'AuthorizeSecurityGroupIngress':
      return { requestId: '0f4d1c0e-8a5b-4c1e-9d2a-2b1c0e8a5b4c', _return: true, securityGroupRuleSet: { items: [{ groupOwnerId: ACCOUNT, groupId: 'sg-0123456789abcdef0', securityGroupRuleId: 'sgr-0a1b2c3d4e5f6a7b8', isEgress: false, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' }] } };
    default:
      return null;
  }
}

function parameters(eventName: string, random: () => number): Record<string, unknown> | null {
  switch (eventName) {
    case 'DescribeInstances':
      return { instancesSet: {}, filterSet: { items: [{ name: 'tag:Environment', valueSet: { items: [{ value: 'production' }] } }] } };
    case 'AssumeRole':
      return { roleArn: `arn:aws:iam::${ACCOUNT}:role/ec2-app-server`, roleSessionName: `i-0${Math.floor(random() * 1e12).toString(16)}`, durationSeconds: 3600 };
    case 'Decrypt':
      return { encryptionAlgorithm: 'SYMMETRIC_DEFAULT', encryptionContext: { 'aws:lambda:FunctionArn': `arn:aws:lambda:ap-northeast-2:${ACCOUNT}:function:orders-api` } };
    case 'AuthorizeSecurityGroupIngress':
      return { groupId: 'sg-0123456789abcdef0', ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } }] } };
    case 'PutBucketPolicy':
      return { bucketName: 'orders-archive', policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::orders-archive/*"}]}' };
    case 'GetParameter':
      return { name: '/orders/prod/db-url', withDecryption: true };
    default:
      return null;
  }
}
