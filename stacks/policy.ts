/**
 * IAM policy documents as `data.aws_iam_policy_document`: Terraform renders and normalizes the JSON, and the
 * synthesized stack keeps every statement as reviewable, testable data (the property tests walk them all).
 */
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { Construct } from 'constructs';

export type Statement = DataAwsIamPolicyDocumentStatement;
export type Principals = NonNullable<Extract<Statement['principals'], readonly unknown[]>>;
export type Condition = Extract<NonNullable<Statement['condition']>, readonly unknown[]>[number];

export function policyDocument(scope: Construct, id: string, statements: readonly Statement[]): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, { version: '2012-10-17', statement: [...statements] });
}

export const servicePrincipal = (...services: string[]): Principals => [{ type: 'Service', identifiers: services }];
export const awsPrincipal = (...arns: string[]): Principals => [{ type: 'AWS', identifiers: arns }];
/** Everyone: only ever used in Deny statements here. */
export const anyone: Principals = [{ type: 'AWS', identifiers: ['*'] }];

export const condition = (test: string, variable: string, ...values: string[]): Condition => ({ test, variable, values });

/**
 * Denies every request that does not use TLS (Security Hub S3.5 / SQS best practice). The one place a
 * service-wide action (`s3:*`, `sqs:*`) appears: in a Deny, widening it only narrows access.
 */
export function denyInsecureTransport(service: 's3' | 'sqs', resources: string[]): Statement {
  return {
    sid: 'DenyInsecureTransport',
    effect: 'Deny',
    principals: anyone,
    actions: [`${service}:*`],
    resources,
    condition: [condition('Bool', 'aws:SecureTransport', 'false')],
  };
}
