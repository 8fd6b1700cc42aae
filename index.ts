/**
 * trailwatch as a library: the detection catalog and its compiler, the configuration schema and file, the
 * account stack, the detection pipeline (for a stack of your own) and the constructs it is made of.
 */
export * from './catalog';

export { ConfigError, DEFAULTS, parseAccounts } from './stacks/config';
export { monitoredLogGroupName } from './stacks/config';
export type { AccountConfig, AccountConfigInput, AthenaSettings, BackendConfig, NotifierSettings, TrailConfig } from './stacks/config';
export { configFilePath, DEFAULT_CONFIG_FILE, loadAccounts } from './stacks/config-file';
export { DETECTIONS_DEFAULTS, TRAIL_DEFAULTS } from './stacks/defaults';
export { synthApp, type SynthesizedApp } from './stacks/app';
export { AccountStack, REQUIRED_TERRAFORM_VERSION, WEBHOOK_CIPHERTEXT_VARIABLE, type AccountStackProps } from './stacks/account-stack';
export { DetectionPipeline, type DetectionPipelineProps, type NotifierOptions } from './stacks/pipeline';

export { Trail, type TrailProps } from './stacks/trail';
export { Athena, type AthenaProps } from './stacks/athena';
export { athenaNames, type AthenaNames } from './sql/athena-names';
export { detectionQuery, type DetectionQuery } from './sql/query';
export { Detections, type DetectionsProps } from './stacks/detections';
export { Alerting, alarmTopicKeyStatement, type AlertingProps } from './stacks/alerting';
export { Notifier, notifierKeyStatements, type NotifierProps } from './stacks/notifier';
export { notifierSettingsProblems, type NotifierFunctionSettings } from './stacks/notifier-settings';
export { EncryptionKey, KEY_ACCOUNT_ACTIONS, accountKeyStatements, logGroupKeyStatement, type EncryptionKeyProps } from './stacks/encryption-key';
export { SecureBucket, type SecureBucketLifecycle, type SecureBucketProps } from './stacks/secure-bucket';
export { notifierPackage, NOTIFIER_PACKAGE_FILE, type NotifierPackage } from './stacks/notifier-package';
export type { Statement } from './stacks/policy';
export * from './stacks/naming';
export { NAME_RULES, nameProblem, maxAlarmNameInSubject, REGION_DISPLAY_NAMES, type NameKind } from './stacks/physical-names';
export { LOG_RETENTION_DAYS, MAX_METRIC_FILTERS_PER_LOG_GROUP, type LogRetentionDays } from './stacks/limits';
