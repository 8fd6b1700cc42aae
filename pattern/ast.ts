/**
 * The abstract syntax of a CloudWatch Logs JSON filter pattern (`{ ... }`).
 *
 * One tree serves three consumers: the parser produces it, the detection compiler builds and
 * composes it (catalog conditions AND exclusions), and the evaluator runs it against events.
 * Grammar and semantics: ../shared/reference/cloudwatch-filter-pattern-semantics.md §2–§9.
 */

/** One step of a property selector such as `$.a.b[0].*` or `$.['a.b']`. */
export type SelectorStep =
  | { readonly kind: 'key'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  /** `[*]` or `.*`: any array element or any object field (existential). */
  | { readonly kind: 'wildcard' };

export interface Selector {
  /** The selector as written, e.g. `$.userIdentity.arn`. Rendered back verbatim. */
  readonly text: string;
  readonly steps: readonly SelectorStep[];
}

export type Literal =
  /** A string literal, quoted (`"x"`) or unquoted (`x`); `value` is unescaped and every `*` in it is a wildcard. */
  | { readonly kind: 'string'; readonly value: string; readonly quoted: boolean }
  /** An unquoted numeric literal (`123`, `-1.5`, `1e3`): compared numerically with number nodes. */
  | { readonly kind: 'number'; readonly text: string; readonly value: number }
  /** `%regex%`: an unanchored search. */
  | { readonly kind: 'regex'; readonly source: string };

export type ComparisonOperator = '=' | '!=' | '<' | '>' | '<=' | '>=';

export type Expr =
  | { readonly kind: 'or'; readonly terms: readonly Expr[] }
  | { readonly kind: 'and'; readonly terms: readonly Expr[] }
  | { readonly kind: 'compare'; readonly selector: Selector; readonly op: ComparisonOperator; readonly value: Literal }
  | { readonly kind: 'isNull'; readonly selector: Selector }
  | { readonly kind: 'notExists'; readonly selector: Selector }
  | { readonly kind: 'isBoolean'; readonly selector: Selector; readonly value: boolean };

/** A whole filter pattern: `""` (matches every event) or a JSON pattern. */
export type Pattern = { readonly kind: 'all' } | { readonly kind: 'json'; readonly expr: Expr };

// ---- small builders, used by the catalog and the exclusion compiler -------------------------------

/** A selector from a plain dotted path (`$.a.b`); keys must be `[A-Za-z0-9_-]+`. */
export function sel(text: string): Selector {
  if (!/^\$(\.[A-Za-z0-9_-]+)+$/.test(text)) throw new Error(`sel() takes a plain dotted path, got ${text}`);
  return { text, steps: text.slice(2).split('.').map((name) => ({ kind: 'key', name })) };
}

/**
 * A string literal, written unquoted when it is a plain word: AWS requires quotes only for values with
 * characters other than alphanumerics and `_` (FilterAndPatternSyntax), and every quote pair costs two of
 * the pattern's 1024 characters. A leading digit, and the JSON words true/false/null, stay quoted so the
 * value never reads as anything but text.
 */
export function text(value: string): Literal {
  return { kind: 'string', value, quoted: !/^[A-Za-z_][A-Za-z0-9_]*$/.test(value) || /^(true|false|null)$/.test(value) };
}

/** `selector = value` (`*` in value is a wildcard). */
export function eq(selector: string, value: string): Expr {
  return { kind: 'compare', selector: sel(selector), op: '=', value: text(value) };
}

/** `selector != value` — false when the field is absent (CloudWatch semantics); see {@link neOrAbsent}. */
export function ne(selector: string, value: string): Expr {
  return { kind: 'compare', selector: sel(selector), op: '!=', value: text(value) };
}

/**
 * `(selector NOT EXISTS || selector != "value")`: true when the field is absent or differs. A bare `!=` on an
 * absent field is false in CloudWatch (reference/cloudwatch-filter-pattern-semantics.md §5, S8).
 */
export function neOrAbsent(selector: string, value: string): Expr {
  return or(notExists(selector), ne(selector, value));
}

export function notExists(selector: string): Expr {
  return { kind: 'notExists', selector: sel(selector) };
}

export function isFalse(selector: string): Expr {
  return { kind: 'isBoolean', selector: sel(selector), value: false };
}

/** AND of terms; nested ANDs are flattened, a single term is returned as is. */
export function and(...terms: Expr[]): Expr {
  const flat = terms.flatMap((t) => (t.kind === 'and' ? t.terms : [t]));
  return flat.length === 1 ? flat[0] : { kind: 'and', terms: flat };
}

/** OR of terms; nested ORs are flattened, a single term is returned as is. */
export function or(...terms: Expr[]): Expr {
  const flat = terms.flatMap((t) => (t.kind === 'or' ? t.terms : [t]));
  return flat.length === 1 ? flat[0] : { kind: 'or', terms: flat };
}

/** `selector` equals one of `values`. */
export function oneOf(selector: string, values: readonly string[]): Expr {
  return or(...values.map((v) => eq(selector, v)));
}
