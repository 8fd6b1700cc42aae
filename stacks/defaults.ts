/**
 * The constructs' defaults, declared once: each props interface documents its field's default by name here,
 * the constructs apply them, and the configuration schema (stacks/config.ts) applies the same. Pure data, so
 * the CLI can read it without loading cdktf.
 */

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
  locale: 'ko',
} as const;
