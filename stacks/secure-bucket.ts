import type { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration, type S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { bucketArn } from './arns';
import { denyInsecureTransport, policyDocument, type Statement } from './policy';

export interface SecureBucketLifecycle {
  /** Objects of 128 KB and more move to S3 Glacier Flexible Retrieval after this many days (smaller ones stay in Standard, which is cheaper for them). @default never */
  readonly glacierTransitionDays?: number;
  /** Objects expire after this many days. */
  readonly expirationDays: number;
  /** Versions replaced or deleted are kept this many days. @default 90 */
  readonly noncurrentVersionExpirationDays?: number;
}

export interface SecureBucketProps {
  readonly bucketName: string;
  /** Default encryption SSE-KMS with this key. @default SSE-S3 (AES256) */
  readonly kmsKeyArn?: string;
  /** Statements next to the TLS-only statement of the bucket policy. @default none */
  readonly policyStatements?: readonly Statement[];
  readonly lifecycle: SecureBucketLifecycle;
  /** Server access logs go to this bucket, under `<bucketName>/`. @default no access logging */
  readonly accessLogBucket?: string;
}

/**
 * An S3 bucket locked down the way Security Hub's S3 controls expect: every public-access block on,
 * ACLs disabled (bucket owner enforced), versioning, default encryption, TLS-only policy, lifecycle.
 * Never `force_destroy`: an audit-log bucket that still holds objects must not disappear with a stack.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly publicAccessBlock: S3BucketPublicAccessBlock;
  readonly ownershipControls: S3BucketOwnershipControls;
  readonly versioning: S3BucketVersioningA;
  readonly encryption: S3BucketServerSideEncryptionConfigurationA;
  readonly policyDocument: DataAwsIamPolicyDocument;
  readonly policy: S3BucketPolicy;
  readonly lifecycle: S3BucketLifecycleConfiguration;
  readonly logging?: S3BucketLoggingA;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const arn = bucketArn(props.bucketName);
    this.bucket = new S3Bucket(this, 'bucket', { bucket: props.bucketName });
    const bucket = this.bucket.id;
    this.publicAccessBlock = new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    this.ownershipControls = new S3BucketOwnershipControls(this, 'ownership', { bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    this.versioning = new S3BucketVersioningA(this, 'versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });
    this.encryption = new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket,
      rule: [
        {
          applyServerSideEncryptionByDefault: props.kmsKeyArn
            ? { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn }
            : { sseAlgorithm: 'AES256' },
        },
      ],
    });
    this.policyDocument = policyDocument(this, 'policy-document', [
      denyInsecureTransport('s3', [arn, `${arn}/*`]),
      ...(props.policyStatements ?? []),
    ]);
    this.policy = new S3BucketPolicy(this, 'policy', {
      bucket,
      policy: this.policyDocument.json,
      // S3 evaluates a new policy against the public-access block; apply it once the block is in place.
      dependsOn: [this.publicAccessBlock],
    });
    this.lifecycle = new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket,
      // Stated, not left to the default, because it decides what the Glacier transition does: objects under
      // 128 KB never transition (S3 user guide, "Transitioning objects: minimum object size"). That is the
      // cheaper choice for the small files CloudTrail writes: Glacier Flexible Retrieval adds 40 KB of billed
      // overhead per object (32 KB at Glacier, 8 KB at Standard rates) and $0.03 per 1,000 transitions, so a
      // 20 KB log file would cost more there than it saves over seven years in Standard.
      transitionDefaultMinimumObjectSize: 'all_storage_classes_128K',
      rule: [lifecycleRule(props.lifecycle)],
      dependsOn: [this.versioning],
    });
    if (props.accessLogBucket) {
      this.logging = new S3BucketLoggingA(this, 'logging', { bucket, targetBucket: props.accessLogBucket, targetPrefix: `${props.bucketName}/` });
    }
  }
}

function lifecycleRule(lifecycle: SecureBucketLifecycle): S3BucketLifecycleConfigurationRule {
  return {
    id: 'retention',
    status: 'Enabled',
    filter: [{ prefix: '' }],
    transition: lifecycle.glacierTransitionDays ? [{ days: lifecycle.glacierTransitionDays, storageClass: 'GLACIER' }] : undefined,
    expiration: [{ days: lifecycle.expirationDays }],
    noncurrentVersionExpiration: [{ noncurrentDays: lifecycle.noncurrentVersionExpirationDays ?? 90 }],
    abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
  };
}
