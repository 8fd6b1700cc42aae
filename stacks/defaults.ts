/**
 * The constructs' defaults, declared once: each props interface documents its field's default by name here,
 * the constructs apply them, and the configuration schema (stacks/config.ts) applies the same. Pure data, so
 * the CLI can read it without loading cdktf.
 */
import { NOTIFIER_DEFAULTS } from '../lambda/notifier/environment';

/** Defaults of `TrailProps`. */
export const TRAIL_DEFAULTS = {
  /** Security Hub CloudWatch.16: log groups kept at least a year. */
  logRetentionDays: 365,
  glacierTransitionDays: 90,
  /** Seven years, a common audit-retention period. */
  expirationDays: 2555,
  accessLogExpirationDays: 365,
} as const;

/** Defaults of `DetectionsProps` (and `DetectionPipelineProps`). */
export const DETECTIONS_DEFAULTS = {
  metricNamespace: 'trailwatch',
  namePrefix: '',
  /** The alarm descriptions' language: the notifier's. */
  locale: NOTIFIER_DEFAULTS.locale,
} as const;

/** Every default of `NotifierProps`, declared once (the account configuration's schema reuses them). */
export const NOTIFIER_PROPS_DEFAULTS = {
  ...NOTIFIER_DEFAULTS,
  reservedConcurrency: null,
  logRetentionDays: 365,
  memorySize: 256,
  timeoutSeconds: 60,
} as const;
