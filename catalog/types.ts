import type { Expr } from '../pattern/ast';

/** Message languages of the notifier. */
export type Locale = 'ko' | 'en';

/**
 * Which pattern text a detection compiles to.
 * - `human` (default): the reference guide's philosophy — AWS service activity is not an incident.
 * - `cis-securityhub`: the exact text AWS Security Hub's CloudWatch.1–14 controls compare against;
 *   detections without a Security Hub control use the CIS text, or their bare event condition.
 */
export type Profile = 'human' | 'cis-securityhub';
export const PROFILES: readonly Profile[] = ['human', 'cis-securityhub'];

/**
 * Events to leave out of a detection. Every list is OR-ed: an event matching any entry is excluded.
 * Values may use `*` wildcards (CloudWatch semantics: leading/trailing `*` is reliable; a `*` in the
 * middle follows AWS's observed first-occurrence matching).
 */
export interface Exclusions {
  /** Globs on `userIdentity.arn`, e.g. `*assumed-role/AWSReservedSSO_Admin_*`. */
  readonly principalArns?: readonly string[];
  /** Exact or glob `eventSource` values, e.g. `ce.amazonaws.com`. */
  readonly eventSources?: readonly string[];
  /** Exact or glob `eventName` values. */
  readonly eventNames?: readonly string[];
  /** `userIdentity.type` values, e.g. `AWSService`. */
  readonly userIdentityTypes?: readonly string[];
}
export const EXCLUSION_KINDS = ['principalArns', 'eventSources', 'eventNames', 'userIdentityTypes'] as const;
export type ExclusionKind = (typeof EXCLUSION_KINDS)[number];

/** Alarm settings of one detection. */
export interface AlarmSettings {
  /** Seconds per evaluation period, 60–300 (CloudWatch also allows more; the product caps at 5 min). */
  readonly period: number;
  /** Sum of matching events per period that raises the alarm; at least 1. */
  readonly threshold: number;
  /** Consecutive periods that must breach; at least 1. */
  readonly evaluationPeriods: number;
}

export interface Titles {
  readonly ko: string;
  readonly en: string;
}

/**
 * How urgently on-call should look: `high` for root use and for tampering with the audit and security services
 * (trail, Config, KMS keys, monitoring, security services, Organizations), `low` for read-only denials, `medium`
 * for the rest. Shown as a label and a colour; high-severity detections may go to a second webhook.
 */
export type Severity = 'high' | 'medium' | 'low';
export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low'];

/** One entry of the detection catalog. The catalog is data; every consumer reads it. */
export interface Detection {
  /** AlarmName = MetricName = metric filter name (before any per-stack prefix). */
  readonly name: string;
  readonly title: Titles;
  readonly severity: Severity;
  /** What on-call does first, in each message language (e.g. "deactivate the new key"). */
  readonly firstAction: Titles;
  /** One sentence: what the detection catches and why it matters. */
  readonly description: string;
  /** Where it comes from, e.g. `CIS 4.3`, `Security Hub CloudWatch.1`, `beyond CIS`. */
  readonly basis: string;
  /** The Security Hub control that checks this pattern's exact text, if any. */
  readonly securityHubControl?: string;
  /** The event condition, before any profile filter or exclusion. */
  readonly match: Expr;
  /** The `cis-securityhub` profile's text, verbatim; absent when no CIS text exists. */
  readonly cisPattern?: string;
  /**
   * The human profile's service-noise filters that apply. `serviceIdentities` (AWSService type,
   * AWSServiceRoleFor* roles) applies wherever a service could be the actor; `invokedByService` only where
   * the detection calls for it (a denial on someone's behalf is noise, a change on someone's behalf is not).
   */
  readonly humanFilters: readonly HumanFilter[];
  readonly defaults: AlarmSettings;
}

/** Service-noise filters of the human profile (see catalog/human-filters.ts). */
export type HumanFilter = 'serviceIdentities' | 'invokedByService' | 'costExplorer' | 'instanceProfiles' | 'logDelivery';

/** Per-detection settings an account may override. */
export interface DetectionOverride extends Partial<AlarmSettings> {
  /** @default true */
  readonly enabled?: boolean;
  /** Added to the account-level exclusions for this detection only. */
  readonly exclusions?: Exclusions;
}

/** A detection the operator adds to the catalog for one account. */
export interface CustomDetection extends Partial<AlarmSettings> {
  /** AlarmName = MetricName; letters, digits, `-`, `_`, `.`. Must not collide with the catalog. */
  readonly name: string;
  readonly title: Titles;
  readonly description?: string;
  /** A JSON filter pattern (`{ ... }`). Account exclusions are AND-ed to it. */
  readonly pattern: string;
}

/** Everything about detections that an account configures. Every field is optional. */
export interface DetectionSettings {
  /** @default 'human' */
  readonly profile?: Profile;
  /** Applied to every detection that accepts exclusions (see the compiler for cis-securityhub). */
  readonly exclusions?: Exclusions;
  /** Keyed by detection name. */
  readonly overrides?: Readonly<Record<string, DetectionOverride>>;
  readonly customDetections?: readonly CustomDetection[];
}

/** A detection as it will be deployed: one metric filter + one alarm. */
export interface CompiledDetection extends AlarmSettings {
  readonly name: string;
  readonly title: Titles;
  readonly description: string;
  readonly basis: string;
  /** Filter-pattern text, validated (syntax, ≤ 1024 characters, quotas). */
  readonly pattern: string;
}
