import { and, type Expr, ne, notExists, or } from '../pattern/ast';
import type { ExclusionKind, Exclusions, HumanFilter } from './types';

/**
 * Exclusions as filter-pattern terms, with CloudWatch's missing-field semantics: `X != v` is FALSE when X is
 * absent (reference/cloudwatch-filter-pattern-semantics.md §5, S8), so a bare `!=` would silently drop every
 * event without the field. Each excluded field therefore compiles to one guarded term,
 * `(X NOT EXISTS || X != "a" && X != "b")` — `&&` binds tighter than `||`, so no inner parentheses.
 * eventSource and eventName are in every CloudTrail record (record contents: "Optional: False") and need no guard.
 */

/** Excluded values per selector, in first-seen order (deduplicated). */
export type ExcludedValues = ReadonlyMap<string, readonly string[]>;

const ALWAYS_PRESENT: ReadonlySet<string> = new Set(['$.eventSource', '$.eventName']);

export const SELECTOR_OF_KIND: Readonly<Record<ExclusionKind, string>> = {
  principalArns: '$.userIdentity.arn',
  eventSources: '$.eventSource',
  eventNames: '$.eventName',
  userIdentityTypes: '$.userIdentity.type',
};

/**
 * The human profile's service-noise filters: what the reference guide (§2-1) calls "AWS service activity is
 * not an incident". Values go through the same guarded compilation as operator exclusions.
 */
const HUMAN_FILTERS: Readonly<Record<HumanFilter, { values?: Readonly<Record<string, readonly string[]>>; terms?: readonly Expr[] }>> = {
  // AWS services calling as themselves, and service-linked roles (their sessions are assumed-role/AWSServiceRoleFor*).
  serviceIdentities: {
    values: { '$.userIdentity.type': ['AWSService'], '$.userIdentity.arn': ['*:assumed-role/AWSServiceRoleFor*'] },
  },
  // A service acting on a principal's behalf (Config, CloudFormation, ...): its denials are not a person's.
  invokedByService: { values: { '$.userIdentity.invokedBy': ['*.amazonaws.com'] } },
  // Cost Explorer widgets raise AccessDenied for every console user without billing rights (guide §2-1, §8-1).
  costExplorer: { values: { '$.eventSource': ['ce.amazonaws.com'] } },
  // EC2 instance-profile credentials carry sessionContext.ec2RoleDelivery ("1.0" IMDSv1, "2.0" IMDSv2).
  instanceProfiles: { terms: [notExists('$.userIdentity.sessionContext.ec2RoleDelivery')] },
  // CIS 4.1's own exclusions (v1.4+ intent): S3 log delivery and HeadBucket probes.
  logDelivery: { values: { '$.sourceIPAddress': ['delivery.logs.amazonaws.com'], '$.eventName': ['HeadBucket'] } },
};

/** Collects excluded values per selector from human filters and operator exclusions, in that order. */
export function collectExclusions(filters: readonly HumanFilter[], ...exclusions: (Exclusions | undefined)[]): ExcludedValues {
  const values = new Map<string, string[]>();
  const add = (selector: string, list: readonly string[]) => {
    const current = values.get(selector) ?? [];
    for (const v of list) if (!current.includes(v)) current.push(v);
    if (current.length > 0) values.set(selector, current);
  };
  for (const filter of filters) {
    for (const [selector, list] of Object.entries(HUMAN_FILTERS[filter].values ?? {})) add(selector, list);
  }
  for (const exclusion of exclusions) {
    if (!exclusion) continue;
    for (const kind of Object.keys(SELECTOR_OF_KIND) as ExclusionKind[]) add(SELECTOR_OF_KIND[kind], exclusion[kind] ?? []);
  }
  return values;
}

/** The filter-pattern terms that keep an event only when no exclusion applies to it. */
export function exclusionTerms(filters: readonly HumanFilter[], values: ExcludedValues): Expr[] {
  const terms: Expr[] = [];
  for (const [selector, list] of values) {
    terms.push(
      ALWAYS_PRESENT.has(selector)
        ? and(...list.map((v) => ne(selector, v)))
        : or(notExists(selector), and(...list.map((v) => ne(selector, v)))),
    );
  }
  for (const filter of filters) terms.push(...(HUMAN_FILTERS[filter].terms ?? []));
  return terms;
}

/** True when the exclusions name at least one value. */
export function hasExclusions(exclusions: Exclusions | undefined): boolean {
  return !!exclusions && Object.values(exclusions).some((list) => Array.isArray(list) && list.length > 0);
}
