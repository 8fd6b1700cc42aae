import type { Expr, Pattern, Selector } from './ast';
import { parsePattern } from './parse';

/**
 * Deployability checks for a filter pattern: the syntax CloudWatch accepts plus its documented quotas,
 * so that a bad pattern is a clear error at synth time instead of a failed `terraform apply`.
 * Reference: ../shared/reference/cloudwatch-filter-pattern-semantics.md §2, §9, §11.
 */

/** PutMetricFilter `filterPattern` length 0..1024 (DOC [S6]), counted as JavaScript (and Java) count: UTF-16 units. */
export const MAX_PATTERN_LENGTH = 1024;
/** Regexes per filter pattern (DOC [S1, S3, S6]). */
export const MAX_REGEXES = 2;
/** Wildcard selectors (`[*]`, `.*`) in one property selector, and in one pattern (DOC [S2]). */
export const MAX_WILDCARDS_PER_SELECTOR = 1;
export const MAX_WILDCARDS_PER_PATTERN = 3;

export interface PatternProblem {
  readonly code: 'syntax' | 'length' | 'regex-quota' | 'wildcard-selector-quota';
  readonly message: string;
}

/** Every problem that keeps CloudWatch from accepting the pattern; `[]` when it is deployable. Never throws. */
export function checkPattern(text: string): PatternProblem[] {
  const problems: PatternProblem[] = [];
  if (text.length > MAX_PATTERN_LENGTH) {
    problems.push({
      code: 'length',
      message: `the pattern is ${text.length} characters long; CloudWatch accepts at most ${MAX_PATTERN_LENGTH}`,
    });
  }
  let pattern: Pattern;
  try {
    pattern = parsePattern(text);
  } catch (error) {
    problems.push({ code: 'syntax', message: error instanceof Error ? error.message : String(error) });
    return problems;
  }
  if (pattern.kind === 'json') problems.push(...quotaProblems(pattern.expr));
  return problems;
}

function quotaProblems(expr: Expr): PatternProblem[] {
  const problems: PatternProblem[] = [];
  let regexes = 0;
  let wildcards = 0;
  for (const condition of conditionsOf(expr)) {
    if (condition.kind === 'compare' && condition.value.kind === 'regex') regexes++;
    const inSelector = wildcardCount(condition.selector);
    wildcards += inSelector;
    if (inSelector > MAX_WILDCARDS_PER_SELECTOR) {
      problems.push({
        code: 'wildcard-selector-quota',
        message: `${condition.selector.text} has ${inSelector} wildcard selectors ([*] or .*); CloudWatch allows ${MAX_WILDCARDS_PER_SELECTOR} per property selector`,
      });
    }
  }
  if (wildcards > MAX_WILDCARDS_PER_PATTERN) {
    problems.push({
      code: 'wildcard-selector-quota',
      message: `the pattern has ${wildcards} wildcard selectors ([*] or .*); CloudWatch allows ${MAX_WILDCARDS_PER_PATTERN} per filter pattern`,
    });
  }
  if (regexes > MAX_REGEXES) {
    problems.push({
      code: 'regex-quota',
      message: `the pattern has ${regexes} regexes (%...%); CloudWatch allows ${MAX_REGEXES} per filter pattern`,
    });
  }
  return problems;
}

type Condition = Exclude<Expr, { kind: 'and' | 'or' }>;

function conditionsOf(expr: Expr): Condition[] {
  return expr.kind === 'and' || expr.kind === 'or' ? expr.terms.flatMap(conditionsOf) : [expr];
}

function wildcardCount(selector: Selector): number {
  return selector.steps.filter((step) => step.kind === 'wildcard').length;
}
