/**
 * ARNs built from plain strings. Policies reference resources by these strings rather than by Terraform
 * attributes, so a key policy can name the log group, trail or role that will use the key without a
 * dependency cycle, and everything is known at synth time. trailwatch supports the `aws` partition only
 * (stacks/config.ts rejects China and GovCloud regions).
 */

const PARTITION = 'aws';

export const accountRootArn = (account: string): string => `arn:${PARTITION}:iam::${account}:root`;
export const roleArn = (account: string, name: string): string => `arn:${PARTITION}:iam::${account}:role/${name}`;
export const bucketArn = (name: string): string => `arn:${PARTITION}:s3:::${name}`;
export const trailArn = (region: string, account: string, name: string): string =>
  `arn:${PARTITION}:cloudtrail:${region}:${account}:trail/${name}`;
/** Any trail of the account, in any region: the CloudTrail encryption context of its log files. */
export const anyTrailArn = (account: string): string => `arn:${PARTITION}:cloudtrail:*:${account}:trail/*`;
export const logGroupArn = (region: string, account: string, name: string): string =>
  `arn:${PARTITION}:logs:${region}:${account}:log-group:${name}`;
export const alarmArn = (region: string, account: string, name: string): string =>
  `arn:${PARTITION}:cloudwatch:${region}:${account}:alarm:${name}`;
export const topicArn = (region: string, account: string, name: string): string => `arn:${PARTITION}:sns:${region}:${account}:${name}`;
export const queueArn = (region: string, account: string, name: string): string => `arn:${PARTITION}:sqs:${region}:${account}:${name}`;
