/**
 * trailwatch as a library: the detection catalog and its compiler, the configuration schema, the account
 * stack and the constructs it is made of, for cdktf apps that compose them their own way.
 */
export * from './catalog';

export { ConfigError, DEFAULTS, parseAccounts } from './stacks/config';
export type { AccountConfig, AccountConfigInput, BackendConfig, NotifierSettings, TrailConfig } from './stacks/config';
export { synthApp, type SynthesizedApp } from './stacks/app';
export { AccountStack, HOOK_CIPHERTEXT_VARIABLE, type AccountStackProps } from './stacks/account-stack';

export { Trail, type TrailProps } from './stacks/trail';
export { Detections, type DetectionsProps } from './stacks/detections';
export { Alerting, alarmTopicKeyStatement, type AlertingProps } from './stacks/alerting';
export { Notifier, notifierKeyStatements, type NotifierProps } from './stacks/notifier';
export { EncryptionKey, KEY_ACCOUNT_ACTIONS, accountKeyStatements, logGroupKeyStatement, type EncryptionKeyProps } from './stacks/encryption-key';
export { SecureBucket, type SecureBucketLifecycle, type SecureBucketProps } from './stacks/secure-bucket';
export { notifierPackage, type NotifierPackage } from './stacks/notifier-package';
export type { Statement } from './stacks/policy';
export * from './stacks/naming';
export { MAX_METRIC_FILTERS_PER_LOG_GROUP } from './stacks/limits';
