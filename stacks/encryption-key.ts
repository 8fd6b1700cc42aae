import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { Construct } from 'constructs';
import { accountRootArn } from './arns';
import { awsPrincipal, condition, policyDocument, type Statement } from './policy';

/**
 * What the account's IAM policies may grant on the key: administration plus symmetric encryption, named one
 * by one instead of `kms:*`. `kms:PutKeyPolicy` stays, so the account can always rewrite the policy and the
 * key can never become unmanageable. Left out on purpose: `kms:DisableKeyRotation` (rotation is part of the
 * baseline), everything that does not apply to a symmetric key (Sign, Verify, MACs, imported material), and
 * `kms:ReEncryptFrom`/`kms:ReEncryptTo`: ReEncrypt does not check the source ciphertext's encryption context
 * against key-policy conditions on Decrypt, so a principal holding it could re-encrypt the webhook ciphertext
 * without its `LambdaFunctionName` context and then decrypt it, around the notifier-only Deny.
 */
export const KEY_ACCOUNT_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:Decrypt',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListGrants',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RetireGrant',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
] as const;

/** The account's statements: IAM decides who in the account may do what with the key. */
export function accountKeyStatements(accountId: string): Statement[] {
  return [
    { sid: 'AccountAdministersAndUsesKey', effect: 'Allow', principals: awsPrincipal(accountRootArn(accountId)), actions: [...KEY_ACCOUNT_ACTIONS], resources: ['*'] },
    {
      // Grants are how Lambda (environment variables) and other services hold the key; people never need one.
      sid: 'AccountGrantsOnlyToAwsServices',
      effect: 'Allow',
      principals: awsPrincipal(accountRootArn(accountId)),
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      condition: [condition('Bool', 'kms:GrantIsForAWSResource', 'true')],
    },
  ];
}

/**
 * `logs.<region>.amazonaws.com` encrypting one log group (CloudWatch Logs user guide, "Encrypt log data in
 * CloudWatch Logs using AWS KMS": the service principal, scoped by `kms:EncryptionContext:aws:logs:arn`).
 */
export function logGroupKeyStatement(sid: string, region: string, logGroupArn: string): Statement {
  return {
    sid,
    effect: 'Allow',
    principals: [{ type: 'Service', identifiers: [`logs.${region}.amazonaws.com`] }],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    condition: [condition('ArnEquals', 'kms:EncryptionContext:aws:logs:arn', logGroupArn)],
  };
}

export interface EncryptionKeyProps {
  readonly accountId: string;
  /** e.g. `alias/trailwatch-prod-cloudtrail`; derived from the stack name, so instances never collide. */
  readonly alias: string;
  readonly description: string;
  /**
   * What services and principals may do with the key, next to {@link accountKeyStatements}; constructs that
   * use the key add theirs with {@link EncryptionKey.addStatements}. In a key policy `"Resource": "*"` means
   * this key. @default none
   */
  readonly statements?: readonly Statement[];
  /** @default 30 (the maximum: the longest window to notice and cancel a scheduled deletion) */
  readonly deletionWindowInDays?: number;
}

/** A customer-managed symmetric key with yearly rotation and an explicit key policy. */
export class EncryptionKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;
  readonly policy: DataAwsIamPolicyDocument;
  private readonly statements: Statement[];

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    this.statements = [...accountKeyStatements(props.accountId), ...(props.statements ?? [])];
    this.policy = policyDocument(this, 'policy', this.statements);
    this.key = new KmsKey(this, 'key', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      // Inline, so the policy is in place when the key is created: log groups and the trail check access at creation.
      policy: this.policy.json,
    });
    this.alias = new KmsAlias(this, 'alias', { name: props.alias, targetKeyId: this.key.keyId });
  }

  get arn(): string {
    return this.key.arn;
  }

  /** Adds statements to the key policy (before synth). Sids must be unique within the policy. */
  addStatements(...statements: Statement[]): void {
    for (const statement of statements) {
      if (statement.sid && this.statements.some((s) => s.sid === statement.sid)) {
        throw new Error(`EncryptionKey ${this.node.path}: statements: a statement with sid "${statement.sid}" is already in the key policy.`);
      }
      this.statements.push(statement);
    }
    this.policy.putStatement(this.statements);
  }
}
