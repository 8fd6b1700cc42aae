import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { anyTrailArn, bucketArn, logGroupArn, trailArn } from './arns';
import { EncryptionKey, logGroupKeyStatement } from './encryption-key';
import { trailNames, type TrailNames } from './naming';
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
  /** @default 365 (Security Hub CloudWatch.16) */
  readonly logRetentionDays?: number;
  /** @default 90 */
  readonly glacierTransitionDays?: number;
  /** @default 2555 (seven years) */
  readonly expirationDays?: number;
  /** @default 365 */
  readonly accessLogExpirationDays?: number;
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

  constructor(scope: Construct, id: string, props: TrailProps) {
    super(scope, id);
    const { accountId, region, organizationId } = props;
    const names = (this.names = trailNames(props.baseName, accountId));
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

    const expirationDays = props.expirationDays ?? 2555;
    this.accessLogBucket = new SecureBucket(this, 'access-logs', {
      bucketName: names.accessLogBucket,
      // S3 server access logging cannot deliver to a bucket whose default encryption is SSE-KMS: SSE-S3 it is.
      policyStatements: [accessLogDeliveryStatement(names.accessLogBucket, names.bucket, accountId)],
      lifecycle: { expirationDays: props.accessLogExpirationDays ?? 365 },
    });
    this.bucket = new SecureBucket(this, 'bucket', {
      bucketName: names.bucket,
      kmsKeyArn: this.key.arn,
      policyStatements: cloudTrailBucketStatements(names.bucket, thisTrail, accountId, organizationId),
      lifecycle: { glacierTransitionDays: props.glacierTransitionDays ?? 90, expirationDays },
      // Named through its policy, so logging is switched on only once delivery is allowed (moto's S3 refuses it
      // before: InvalidTargetBucketForLogging; found by npm run terraform:moto).
      accessLogBucket: this.accessLogBucket.policy.bucket,
    });

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: names.logGroup,
      retentionInDays: props.logRetentionDays ?? 365,
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
    });
  }

  get logGroupName(): string {
    return this.names.logGroup;
  }
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

/** S3 server access log delivery from the trail bucket only (S3 user guide, "Permissions for log delivery"). */
function accessLogDeliveryStatement(logBucket: string, sourceBucket: string, accountId: string): Statement {
  return {
    sid: 'S3ServerAccessLogDelivery',
    effect: 'Allow',
    principals: servicePrincipal('logging.s3.amazonaws.com'),
    actions: ['s3:PutObject'],
    resources: [`${bucketArn(logBucket)}/${sourceBucket}/*`],
    condition: [condition('ArnLike', 'aws:SourceArn', bucketArn(sourceBucket)), condition('StringEquals', 'aws:SourceAccount', accountId)],
  };
}
