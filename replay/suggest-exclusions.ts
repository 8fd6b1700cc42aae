import type { DetectionSettings } from '../catalog/types';
import type { ReplayResult } from './replay';

/** Why one principal glob is suggested. */
export interface SuggestedExclusion {
  readonly detection: string;
  readonly principalArn: string;
  readonly matches: number;
  /** Of the detection's matches, 0–1. */
  readonly share: number;
}

export interface ExclusionSuggestions {
  /** Ready to paste into (or merge with) an account's detection settings: `overrides.<name>.exclusions.principalArns`. */
  readonly settings: Pick<DetectionSettings, 'overrides'>;
  readonly suggested: readonly SuggestedExclusion[];
}

/** The root user's ARN: never suggested, whatever its share — root activity is what root-alert is for. */
const ROOT_ARN = /^arn:[^:]+:iam::\d*:root$/;

/**
 * The principals that dominate a noisy detection: each principal glob (role sessions folded into their role)
 * with at least `minShare` of the matches of a detection that would have notified at least `minNotifications`
 * times. This is the tuning loop of the reference guide's section 8 — find the noisy principal, exclude it —
 * done before deploying. A detection that pages once is not noise, so it gets no suggestion by default.
 * @param minShare the share of a detection's matches a principal must have; @default 0.5
 * @param minNotifications the notifications that make a detection noisy; @default 2
 */
export function suggestExclusions(result: ReplayResult, minShare = 0.5, minNotifications = 2): ExclusionSuggestions {
  const overrides: Record<string, { exclusions: { principalArns: string[] } }> = {};
  const suggested: SuggestedExclusion[] = [];
  for (const [detection, { matches, globs }] of Object.entries(result.exclusionCandidates)) {
    if (result.report.detections[detection].notifications < minNotifications) continue;
    for (const [principalArn, count] of globs) {
      if (count / matches < minShare || ROOT_ARN.test(principalArn)) continue;
      (overrides[detection] ??= { exclusions: { principalArns: [] } }).exclusions.principalArns.push(principalArn);
      suggested.push({ detection, principalArn, matches: count, share: count / matches });
    }
  }
  return { settings: { overrides }, suggested };
}
