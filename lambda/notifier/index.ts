/**
 * Lambda entry of the notifier (bundled to dist/notifier/index.js; handler `index.handler`).
 *
 * The SDK clients are built here, at module scope, so warm invocations reuse their connections;
 * building them does no I/O. Endpoints follow the SDK's standard variables
 * (AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, AWS_ENDPOINT_URL_KMS, or AWS_ENDPOINT_URL), which the installed
 * @smithy/core resolves from the service ids "CloudWatch Logs" and "KMS" — how the tests reach
 * local stand-ins. Nothing is decrypted and no setting is read until the first invocation.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { KMSClient } from '@aws-sdk/client-kms';
import { createHandler } from './handler';

export const handler = createHandler({
  logs: new CloudWatchLogsClient({}),
  kms: new KMSClient({}),
});
