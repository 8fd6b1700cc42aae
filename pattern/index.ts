/** The CloudWatch Logs filter-pattern module: AST and builders, parser, renderer, validator, evaluator. */
export * from './ast';
export { PatternSyntaxError, parsePattern } from './parse';
export { renderExpr, renderPattern } from './render';
export { MAX_PATTERN_LENGTH, checkPattern } from './validate';
export type { PatternProblem } from './validate';
export { compileMatcher, matchesEvent } from './evaluate';
export type { Matcher } from './evaluate';
