import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsOrganizationsOrganization } from '@cdktf/provider-aws/lib/data-aws-organizations-organization';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Fn, Op } from 'cdktf';
import { Construct } from 'constructs';
import { anyTrailArn, bucketArn, logGroupArn, trailArn } from './arns';
import { TRAIL_DEFAULTS } from './defaults';
import { EncryptionKey, logGroupKeyStatement } from './encryption-key';
import { expirationProblem, type LogRetentionDays } from './limits';
import { trailNameProblems, trailNames, type TrailNames } from './naming';
import { condition, policyDocument, servicePrincipal, type Statement } from './policy';
import { SecureBucket } from './secure-bucket';

export interface TrailProps {
  /** Stem of every name, e.g. `trailwatch-prod` (see stacks/naming.ts). */
  readonly baseName: string;
  readonly accountId: string;
  /** The home region: the trail, its bucket, key and log group live here; the trail records every region. */
  readonly region: string;
  /**
   * Makes it an organization trail (`is_organization_trail`), recording every account of the organization.
   * Deploy it in the organization's management account. A CloudTrail delegated administrator may create
   * organization trails too, but the management account owns them (CloudTrail user guide, "Organization
   * delegated administrator"), so the trail ARN these policies name would be wrong: not supported here.
   * Member accounts see the trail but cannot change it, and Security Hub reports NO_DATA for CloudWatch.1–14
   * in them: the multi-Region trail belongs to another account (reference/cis-detections-and-prior-art.md
   * §2.3). @default an account trail
   */
  readonly organizationId?: string;
  /** Retention of the log group the detections read (at least 365 days, or 0 = never expire). @default TRAIL_DEFAULTS.logRetentionDays (365, Security Hub CloudWatch.16) */
  readonly logRetentionDays?: LogRetentionDays;
  /** Log files move to S3 Glacier Flexible Retrieval after this many days (files of 128 KB and more; see SecureBucket). @default TRAIL_DEFAULTS.glacierTransitionDays (90) */
  readonly glacierTransitionDays?: number;
  /** Log files expire after this many days; more than glacierTransitionDays. @default TRAIL_DEFAULTS.expirationDays (2555, seven years) */
  readonly expirationDays?: number;
  /** S3 server access logs of the trail bucket expire after this many days. @default TRAIL_DEFAULTS.accessLogExpirationDays (365) */
  readonly accessLogExpirationDays?: number;
  /** More buckets of this account whose server access logs the access-log bucket accepts (under `<bucket>/`). @default none */
  readonly moreAccessLoggedBuckets?: readonly string[];
}

/**
 * A multi-region CloudTrail trail recording management events (read and write) of every region, with log
 * file validation, SSE-KMS under its own customer-managed key, delivery to an S3 bucket (access-logged to a
 * second bucket, CIS 3.6) and to a KMS-encrypted CloudWatch Logs log group through a least-privilege role.
 */
export class Trail extends Construct {
  readonly names: TrailNames;
  readonly key: EncryptionKey;
  readonly accessLogBucket: SecureBucket;
  readonly bucket: SecureBucket;
  readonly logGroup: CloudwatchLogGroup;
  readonly deliveryRole: IamRole;
  readonly deliveryPolicy: IamRolePolicy;
  readonly trail: Cloudtrail;
  /** Organization trails only: read at plan time to check the prerequisites. */
  readonly organization?: DataAwsOrganizationsOrganization;

  constructor(scope: Construct, id: string, props: TrailProps) {
    super(scope, id);
    const { accountId, region, organizationId } = props;
    const names = (this.names = trailNames(props.baseName, accountId));
    const settings = { ...TRAIL_DEFAULTS, ...definedOnly(props) };
    this.node.addValidation({ validate: () => trailProblems(props.baseName, accountId, settings).map((p) => `Trail ${this.node.path}: ${p}`) });
    // Built as a string, not read from the trail resource: the bucket and key policies that the trail
    // needs at creation must name it (aws:SourceArn) without a dependency cycle.
    const thisTrail = trailArn(region, accountId, names.trail);
    const groupArn = logGroupArn(region, accountId, names.logGroup);

    this.key = new EncryptionKey(this, 'key', {
      accountId,
      alias: names.keyAlias,
      description: `trailwatch: CloudTrail log files and log group of ${names.trail}`,
      statements: [...cloudTrailKeyStatements(thisTrail, accountId), logGroupKeyStatement('CloudWatchLogsEncryptsTrailLogGroup', region, groupArn)],
    });

    this.accessLogBucket = new SecureBucket(this, 'access-logs', {
      bucketName: names.accessLogBucket,
      // S3 server access logging cannot deliver to a bucket whose default encryption is SSE-KMS: SSE-S3 it is.
      policyStatements: accessLogDeliveryStatements(names.accessLogBucket, [names.bucket, ...(props.moreAccessLoggedBuckets ?? [])], accountId),
      lifecycle: { expirationDays: settings.accessLogExpirationDays },
    });
    this.bucket = new SecureBucket(this, 'bucket', {
      bucketName: names.bucket,
      kmsKeyArn: this.key.arn,
      policyStatements: cloudTrailBucketStatements(names.bucket, thisTrail, accountId, organizationId),
      lifecycle: { glacierTransitionDays: settings.glacierTransitionDays, expirationDays: settings.expirationDays },
      // Named through its policy, so logging is switched on only once delivery is allowed (moto's S3 refuses it
      // before: InvalidTargetBucketForLogging; found by npm run terraform:moto).
      accessLogBucket: this.accessLogBucket.policy.bucket,
    });

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: names.logGroup,
      retentionInDays: settings.logRetentionDays,
      kmsKeyId: this.key.arn,
    });

    this.deliveryRole = new IamRole(this, 'delivery-role', {
      name: names.deliveryRole,
      description: `CloudTrail delivers ${names.trail} to ${names.logGroup}`,
      // No aws:SourceArn/SourceAccount here: CloudTrail does not support them for its CloudWatch Logs role
      // (CloudTrail user guide, "Role policy document for CloudTrail to use CloudWatch Logs for monitoring").
      assumeRolePolicy: policyDocument(this, 'delivery-trust', [
        { sid: 'CloudTrailAssumes', effect: 'Allow', principals: servicePrincipal('cloudtrail.amazonaws.com'), actions: ['sts:AssumeRole'] },
      ]).json,
    });
    // CloudTrail names its streams <account>_CloudTrail_<region>, or <organization id>_... for organization trails.
    const streamPrefixes = [`${accountId}_CloudTrail_${region}`, ...(organizationId ? [`${organizationId}_`] : [])];
    this.deliveryPolicy = new IamRolePolicy(this, 'delivery-policy', {
      name: 'deliver-to-log-group',
      role: this.deliveryRole.id,
      policy: policyDocument(this, 'delivery-permissions', [
        {
          sid: 'WriteTrailLogStreams',
          effect: 'Allow',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: streamPrefixes.map((prefix) => `${groupArn}:log-stream:${prefix}*`),
        },
      ]).json,
    });

    this.organization = organizationId ? new DataAwsOrganizationsOrganization(this, 'organization', {}) : undefined;
    this.trail = new Cloudtrail(this, 'trail', {
      name: names.trail,
      s3BucketName: this.bucket.bucket.id,
      kmsKeyId: this.key.arn,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      isOrganizationTrail: organizationId !== undefined,
      enableLogFileValidation: true,
      enableLogging: true,
      eventSelector: [{ readWriteType: 'All', includeManagementEvents: true }],
      cloudWatchLogsGroupArn: `${this.logGroup.arn}:*`,
      cloudWatchLogsRoleArn: this.deliveryRole.arn,
      // CloudTrail checks the bucket policy, the key policy and the role when the trail is created.
      dependsOn: [this.bucket.policy, this.deliveryPolicy, this.key.key],
      lifecycle: this.organization && organizationId ? { precondition: organizationPreconditions(this.organization, organizationId, accountId) } : undefined,
    });
  }
}

function definedOnly<T extends object>(props: T): Partial<T> {
  return Object.fromEntries(Object.entries(props).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** What the types cannot say: names AWS accepts, and retention that ends after the Glacier transition. */
function trailProblems(baseName: string, accountId: string, settings: { glacierTransitionDays: number; expirationDays: number; logRetentionDays: number }): string[] {
  const problems = trailNameProblems(baseName, accountId).map((p) => `baseName: ${p}`);
  const expiration = expirationProblem(settings.glacierTransitionDays, settings.expirationDays);
  if (expiration) problems.push(`expirationDays: ${expiration}`);
  if (settings.logRetentionDays !== 0 && settings.logRetentionDays < TRAIL_DEFAULTS.logRetentionDays) {
    problems.push(`logRetentionDays: ${settings.logRetentionDays} is under ${TRAIL_DEFAULTS.logRetentionDays} days (Security Hub CloudWatch.16)`);
  }
  return problems;
}

/**
 * Organization trails fail at apply with CloudTrailAccessNotEnabledException unless trusted access for
 * CloudTrail is enabled in AWS Organizations (CloudTrail user guide, "Creating a trail for an organization":
 * prerequisites), and only the management account owns them. Checked at plan time instead, with what to do.
 */
function organizationPreconditions(organization: DataAwsOrganizationsOrganization, organizationId: string, accountId: string) {
  return [
    {
      condition: Fn.contains(organization.awsServiceAccessPrincipals, 'cloudtrail.amazonaws.com'),
      errorMessage:
        'Organization trails need trusted access for CloudTrail in AWS Organizations. Enable it once from the management account: ' +
        'aws organizations enable-aws-service-access --service-principal cloudtrail.amazonaws.com (or create any organization trail in the CloudTrail console).',
    },
    {
      condition: Op.eq(organization.id, organizationId),
      errorMessage: `This account is not in organization ${organizationId} (trail.organizationId in the configuration).`,
    },
    {
      condition: Op.eq(organization.masterAccountId, accountId),
      errorMessage: 'Organization trails are created from the organization\'s management account: deploy this stack there.',
    },
  ];
}

/** CloudTrail encrypting log files of this account's trails (CloudTrail user guide, "Configure AWS KMS key policies for CloudTrail"). */
function cloudTrailKeyStatements(thisTrail: string, accountId: string): Statement[] {
  const fromThisTrail = condition('StringEquals', 'aws:SourceArn', thisTrail);
  return [
    {
      sid: 'CloudTrailEncryptsLogFiles',
      effect: 'Allow',
      principals: servicePrincipal('cloudtrail.amazonaws.com'),
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      condition: [fromThisTrail, condition('StringLike', 'kms:EncryptionContext:aws:cloudtrail:arn', anyTrailArn(accountId))],
    },
    { sid: 'CloudTrailDescribesKey', effect: 'Allow', principals: servicePrincipal('cloudtrail.amazonaws.com'), actions: ['kms:DescribeKey'], resources: ['*'], condition: [fromThisTrail] },
  ];
}

/** CloudTrail's bucket-policy statements, scoped to this trail (CloudTrail user guide, "Amazon S3 bucket policy for CloudTrail"). */
function cloudTrailBucketStatements(bucket: string, thisTrail: string, accountId: string, organizationId: string | undefined): Statement[] {
  const arn = bucketArn(bucket);
  const fromThisTrail = condition('StringEquals', 'aws:SourceArn', thisTrail);
  const prefixes = [`${arn}/AWSLogs/${accountId}/*`, ...(organizationId ? [`${arn}/AWSLogs/${organizationId}/*`] : [])];
  return [
    { sid: 'CloudTrailChecksBucketAcl', effect: 'Allow', principals: servicePrincipal('cloudtrail.amazonaws.com'), actions: ['s3:GetBucketAcl'], resources: [arn], condition: [fromThisTrail] },
    {
      sid: 'CloudTrailWritesLogFiles',
      effect: 'Allow',
      principals: servicePrincipal('cloudtrail.amazonaws.com'),
      actions: ['s3:PutObject'],
      resources: prefixes,
      condition: [fromThisTrail, condition('StringEquals', 's3:x-amz-acl', 'bucket-owner-full-control')],
    },
  ];
}

/**
 * S3 server access log delivery (S3 user guide, "Permissions for log delivery"): one statement per source bucket,
 * each logging under its own name as prefix (SecureBucket's target prefix) and only from that bucket. (One statement listing several resources is valid IAM, but moto's S3 accepts a logging
 * target only when a statement's Resource is the one prefix ARN: found by npm run terraform:moto.)
 */
function accessLogDeliveryStatements(logBucket: string, sourceBuckets: readonly string[], accountId: string): Statement[] {
  return sourceBuckets.map((source, index) => ({
    sid: `S3ServerAccessLogDelivery${index === 0 ? '' : index + 1}`,
    effect: 'Allow',
    principals: servicePrincipal('logging.s3.amazonaws.com'),
    actions: ['s3:PutObject'],
    resources: [`${bucketArn(logBucket)}/${source}/*`],
    condition: [condition('ArnLike', 'aws:SourceArn', bucketArn(source)), condition('StringEquals', 'aws:SourceAccount', accountId)],
  }));
}
