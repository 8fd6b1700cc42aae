import type { ComparisonOperator, Expr, Literal, Pattern, SelectorStep } from './ast';
import { parsePattern, regexFromSource } from './parse';

/**
 * Local evaluator of CloudWatch Logs JSON filter patterns, compiled once into closures.
 *
 * Semantics: ../shared/reference/cloudwatch-filter-pattern-semantics.md §16 ("ref §n" below).
 * - A selector yields zero or more nodes; `[*]`/`.*` yield every element/field, and a condition
 *   holds when ANY yielded node satisfies it (ref §3, DOC [S1, S2]). `!=` over a wildcard is
 *   therefore "some node differs" (ref §17.6, decided: existential, as floci and gopherstack do).
 * - Comparisons (`=` and `!=` included) are false on a missing node, an object, an array, null and a
 *   boolean (ref §3, §5: DOC [S4], OBS [S7, S8]; null and boolean: ref §17.2, decided false).
 *   Booleans are matched only by IS TRUE / IS FALSE; the strings "true"/"false" are not booleans.
 * - An unquoted numeric literal compares numerically with number nodes, and as its own text with
 *   string nodes (ref §6; string case ref §17.3, decided textual: "500" = 500, "500.0" != 500).
 *   Relational operators match only number nodes (OBS [S7]: `$.someString > 123` never matches).
 * - Every other literal (quoted, unquoted word, wildcard, regex) compares with a string's value and
 *   with a number's JSON source text: 12.0 stays "12.0" (OBS [S7]: `$.someFloat2 != "12"` matches).
 * - `*` wildcards use the first-occurrence model of ref §8 (see {@link wildcardMatcher}).
 * - A JSON pattern never matches an event whose top level is not an object or array (ref §1).
 *
 * Speed: plain key paths are direct property reads, `x = "a" || x = "b" || ...` on one plain key
 * path is one Set lookup, and a number node that must be compared as text (rare in CloudTrail)
 * re-runs the pattern on a tree whose numbers keep their source text.
 */
export type Matcher = (event: unknown, text?: string) => boolean;

/**
 * Compiles a pattern into a matcher. The matcher takes the parsed event (a `JSON.parse` result,
 * treated as immutable) and, when available, the JSON text of exactly that value (not of an
 * enclosing document). The text is read only when a number node must be compared as text, to get
 * the number's source text; without it the number's JavaScript form (`String(12.0)` is "12") is used.
 * `""` matches every event, whatever it is (DOC [S4]).
 * @throws PatternSyntaxError when the text does not parse, or a regex literal of the AST is invalid
 */
export function compileMatcher(pattern: string | Pattern): Matcher {
  const ast = typeof pattern === 'string' ? parsePattern(pattern) : pattern;
  if (ast.kind === 'all') return () => true;
  const test = compileExpr(ast.expr);
  return (event, text) => {
    if (typeof event !== 'object' || event === null) return false;
    try {
      return test(event);
    } catch (signal) {
      if (signal !== NEEDS_NUMBER_TEXT) throw signal;
      return test(treeWithNumberText(event, text));
    }
  };
}

/**
 * Whether the event given as JSON text matches the pattern. Text that is not JSON matches only `""`.
 * Compiled patterns are cached.
 * @throws PatternSyntaxError
 */
export function matchesEvent(pattern: string, eventText: string): boolean {
  let matcher = matcherCache.get(pattern);
  if (matcher === undefined) {
    if (matcherCache.size >= MATCHER_CACHE_SIZE) matcherCache.clear();
    matcher = compileMatcher(pattern);
    matcherCache.set(pattern, matcher);
  }
  let event: unknown;
  try {
    event = JSON.parse(eventText);
  } catch {
    event = undefined;
  }
  return matcher(event, eventText);
}

const MATCHER_CACHE_SIZE = 256;
const matcherCache = new Map<string, Matcher>();

/**
 * Whether a matcher of the pattern may read the event's JSON text: exactly when some `=`/`!=` literal
 * could match a number node's source text — a regex, or a string or wildcard literal whose non-`*`
 * characters are all JSON number characters (`"12*"`, `"500"`). Unquoted numeric literals compare numbers
 * by value and never need it. When this is false, a matcher gives the same answers without `text`,
 * so events parsed from a larger document (with no text of their own) can be matched exactly.
 * @throws PatternSyntaxError when the text does not parse
 */
export function needsSourceText(pattern: string | Pattern): boolean {
  const ast = typeof pattern === 'string' ? parsePattern(pattern) : pattern;
  return ast.kind === 'json' && exprNeedsSourceText(ast.expr);
}

/** Mirrors where the compiled tests below throw NEEDS_NUMBER_TEXT. */
function exprNeedsSourceText(expr: Expr): boolean {
  switch (expr.kind) {
    case 'or':
    case 'and':
      return expr.terms.some(exprNeedsSourceText);
    case 'compare': {
      // Relational operators with a text literal never match (textualTest); numeric literals compare by value.
      if (expr.op !== '=' && expr.op !== '!=') return false;
      const literal = expr.value;
      if (literal.kind === 'regex') return true;
      return literal.kind === 'string' && literalText(literal.value).anyNumber === undefined;
    }
    default:
      return false;
  }
}

// ---- number nodes ---------------------------------------------------------------------------------

const NUMBER_TEXT = Symbol('numberText');
const NUMBER_VALUE = Symbol('numberValue');

/**
 * A JSON number that keeps its source text, in trees built by {@link treeWithNumberText}. Its fields
 * are symbol-keyed so that no selector step can reach them: to selectors it is a leaf.
 */
class SourceNumber {
  readonly [NUMBER_TEXT]: string;
  readonly [NUMBER_VALUE]: number;

  constructor(text: string, value: number) {
    this[NUMBER_TEXT] = text;
    this[NUMBER_VALUE] = value;
  }
}

/** Thrown (never escapes compileMatcher) when a plain JS number must be compared as text. */
const NEEDS_NUMBER_TEXT = Object.freeze({ reason: 'a number node must be compared by its JSON source text' });

/** The last tree built, for the next matcher run on the same event (detections run back to back). */
let lastTree: { event: object; text: string | undefined; tree: unknown } | undefined;

function treeWithNumberText(event: object, text: string | undefined): unknown {
  if (lastTree !== undefined && lastTree.event === event && lastTree.text === text) return lastTree.tree;
  let tree: unknown;
  try {
    tree = text === undefined ? withStringNumbers(event) : parseKeepingNumberText(text);
  } catch {
    tree = withStringNumbers(event); // text that is not the event's JSON: fall back to String(n)
  }
  lastTree = { event, text, tree };
  return tree;
}

/** A copy of a JSON value whose numbers are SourceNumbers with their JavaScript string form. */
function withStringNumbers(value: unknown): unknown {
  if (typeof value === 'number') return new SourceNumber(String(value), value);
  if (Array.isArray(value)) return value.map(withStringNumbers);
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(value)) copy[key] = withStringNumbers((value as Record<string, unknown>)[key]);
    return copy;
  }
  return value;
}

const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Parses JSON text like JSON.parse, except that every number becomes a SourceNumber. */
function parseKeepingNumberText(text: string): unknown {
  let pos = 0;
  const fail = (): never => {
    throw new SyntaxError(`invalid JSON at offset ${pos}`);
  };
  const skipBlanks = (): void => {
    for (let c = text.charCodeAt(pos); c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d; c = text.charCodeAt(++pos));
  };
  const readString = (): string => {
    const start = pos++;
    for (let c = text.charCodeAt(pos); c !== 0x22; c = text.charCodeAt(pos)) {
      if (Number.isNaN(c)) fail();
      pos += c === 0x5c ? 2 : 1;
    }
    pos++;
    return JSON.parse(text.slice(start, pos)) as string;
  };
  const readWord = <T>(word: string, value: T): T => {
    if (!text.startsWith(word, pos)) fail();
    pos += word.length;
    return value;
  };
  const readValue = (): unknown => {
    skipBlanks();
    switch (text[pos]) {
      case '{': {
        pos++;
        const object: Record<string, unknown> = Object.create(null);
        skipBlanks();
        if (text[pos] === '}') return pos++, object;
        for (;;) {
          skipBlanks();
          if (text[pos] !== '"') fail();
          const key = readString();
          skipBlanks();
          if (text[pos++] !== ':') fail();
          object[key] = readValue();
          skipBlanks();
          const next = text[pos++];
          if (next === '}') return object;
          if (next !== ',') fail();
        }
      }
      case '[': {
        pos++;
        const array: unknown[] = [];
        skipBlanks();
        if (text[pos] === ']') return pos++, array;
        for (;;) {
          array.push(readValue());
          skipBlanks();
          const next = text[pos++];
          if (next === ']') return array;
          if (next !== ',') fail();
        }
      }
      case '"':
        return readString();
      case 't':
        return readWord('true', true);
      case 'f':
        return readWord('false', false);
      case 'n':
        return readWord('null', null);
      default: {
        JSON_NUMBER.lastIndex = pos;
        if (!JSON_NUMBER.test(text)) fail();
        const source = text.slice(pos, JSON_NUMBER.lastIndex);
        pos = JSON_NUMBER.lastIndex;
        return new SourceNumber(source, Number(source));
      }
    }
  };
  const value = readValue();
  skipBlanks();
  if (pos !== text.length) fail();
  return value;
}

// ---- compiling expressions ------------------------------------------------------------------------

/** A test of the event root. */
type RootTest = (root: unknown) => boolean;
/** A test of one present node (never `undefined`). */
type NodeTest = (node: unknown) => boolean;

function compileExpr(expr: Expr): RootTest {
  switch (expr.kind) {
    case 'or':
      return anyOf(compileOrTerms(expr.terms));
    case 'and':
      return allOf(expr.terms.map(compileExpr));
    case 'compare':
      return selectorTest(expr.selector.steps, compareTest(expr.op, expr.value));
    case 'isNull':
      return selectorTest(expr.selector.steps, (node) => node === null);
    case 'isBoolean': {
      const value = expr.value;
      return selectorTest(expr.selector.steps, (node) => node === value);
    }
    case 'notExists': {
      // DOC [S4]: true only when the selector finds nothing; a key set to null exists.
      const exists = selectorTest(expr.selector.steps, () => true);
      return (root) => !exists(root);
    }
  }
}

function anyOf(tests: readonly RootTest[]): RootTest {
  if (tests.length === 1) return tests[0];
  if (tests.length === 2) {
    const [a, b] = tests;
    return (root) => a(root) || b(root);
  }
  return (root) => {
    for (let i = 0; i < tests.length; i++) if (tests[i](root)) return true;
    return false;
  };
}

function allOf(tests: readonly RootTest[]): RootTest {
  if (tests.length === 1) return tests[0];
  if (tests.length === 2) {
    const [a, b] = tests;
    return (root) => a(root) && b(root);
  }
  return (root) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i](root)) return false;
    return true;
  };
}

/**
 * The terms of an OR, with every group of `path = "exact text"` terms on the same plain key path
 * turned into one Set lookup (terms have no side effects, so regrouping keeps the meaning).
 */
function compileOrTerms(terms: readonly Expr[]): RootTest[] {
  const groups = new Map<string, { steps: readonly SelectorStep[]; values: string[] }>();
  const slots: (string | Expr)[] = [];
  for (const term of terms) {
    const exact = exactEquality(term);
    if (exact === undefined) {
      slots.push(term);
      continue;
    }
    const path = JSON.stringify(exact.steps);
    const group = groups.get(path);
    if (group === undefined) {
      groups.set(path, { steps: exact.steps, values: [exact.value] });
      slots.push(path);
    } else {
      group.values.push(exact.value);
    }
  }
  return slots.map((slot) => {
    if (typeof slot !== 'string') return compileExpr(slot);
    const { steps, values } = groups.get(slot)!;
    return selectorTest(steps, values.length === 1 ? textualTest(exactText(values[0]), '=') : oneOfTest(values));
  });
}

/** `path = "text"` with a plain key path and a literal without wildcards, else undefined. */
function exactEquality(term: Expr): { steps: readonly SelectorStep[]; value: string } | undefined {
  if (term.kind !== 'compare' || term.op !== '=' || term.value.kind !== 'string' || term.value.value.includes('*')) return undefined;
  if (!term.selector.steps.every((step) => step.kind === 'key')) return undefined;
  return { steps: term.selector.steps, value: term.value.value };
}

function oneOfTest(values: readonly string[]): NodeTest {
  const set = new Set(values);
  const numberMayMatch = values.some(mayBeNumberText);
  return (node) => {
    if (typeof node === 'string') return set.has(node);
    if (typeof node === 'number') {
      if (numberMayMatch) throw NEEDS_NUMBER_TEXT;
      return false;
    }
    return node instanceof SourceNumber && set.has(node[NUMBER_TEXT]);
  };
}

// ---- comparisons ----------------------------------------------------------------------------------

/** A test of a string, or of a number's source text. */
interface TextTest {
  readonly matches: (text: string) => boolean;
  /** The result for every number text when it does not depend on the text (then no source text is needed). */
  readonly anyNumber?: boolean;
}

function compareTest(op: ComparisonOperator, literal: Literal): NodeTest {
  switch (literal.kind) {
    case 'number':
      return numericTest(op, literal.value, literal.text);
    case 'string':
      return textualTest(literalText(literal.value), op);
    case 'regex': {
      const regex = regexFromSource(literal.source);
      return textualTest({ matches: (text) => regex.test(text) }, op);
    }
  }
}

/**
 * `=`/`!=` with a text literal: strings by value, numbers by source text; relational operators
 * never match (AWS rejects them with a non-numeric literal; ./parse.ts does too).
 */
function textualTest(test: TextTest, op: ComparisonOperator): NodeTest {
  if (op !== '=' && op !== '!=') return () => false;
  const { matches, anyNumber } = test;
  const negate = op === '!=';
  return (node) => {
    if (typeof node === 'string') return matches(node) !== negate;
    if (typeof node === 'number') {
      if (anyNumber === undefined) throw NEEDS_NUMBER_TEXT;
      return anyNumber !== negate;
    }
    return node instanceof SourceNumber && matches(node[NUMBER_TEXT]) !== negate;
  };
}

/** An unquoted numeric literal: numeric with number nodes, textual (as written) with string nodes. */
function numericTest(op: ComparisonOperator, value: number, text: string): NodeTest {
  const compare = numberComparison(op, value);
  const compareString = op === '=' ? (s: string) => s === text : op === '!=' ? (s: string) => s !== text : () => false;
  return (node) => {
    if (typeof node === 'number') return compare(node);
    if (typeof node === 'string') return compareString(node);
    return node instanceof SourceNumber && compare(node[NUMBER_VALUE]);
  };
}

function numberComparison(op: ComparisonOperator, value: number): (n: number) => boolean {
  switch (op) {
    case '=':
      return (n) => n === value;
    case '!=':
      return (n) => n !== value;
    case '<':
      return (n) => n < value;
    case '>':
      return (n) => n > value;
    case '<=':
      return (n) => n <= value;
    case '>=':
      return (n) => n >= value;
  }
}

/** JSON number text is made of these characters only. */
const NUMBER_TEXT_CHARS = /^[0-9.eE+-]*$/;

function mayBeNumberText(text: string): boolean {
  return text !== '' && NUMBER_TEXT_CHARS.test(text);
}

function exactText(value: string): TextTest {
  return { matches: (text) => text === value, anyNumber: mayBeNumberText(value) ? undefined : false };
}

/**
 * A text literal in which every `*` is a wildcard (ref §8).
 *
 * FLAGGED (ref §17.1, UNVERIFIED as AWS's algorithm): a `*` in the MIDDLE follows the
 * first-occurrence model that reproduces all 112 TestMetricFilter observations of 2019 [S7],
 * not a full glob: split on `*` into p0..pk; the text must start with p0; each middle segment is
 * taken at its first occurrence after the previous one (no backtracking); the last segment, if
 * not empty, must at its first occurrence end exactly at the end of the text. So `"*111.111.111"`
 * does NOT match "111.111.111.111" and `"1*3"` matches "123" — as AWS answered. Leading, trailing,
 * both-ends and lone `*` (which matches any string, the empty one included) behave as documented.
 */
function wildcardMatcher(literal: string): (text: string) => boolean {
  const segments = literal.split('*');
  if (segments.every((segment) => segment === '')) return () => true;
  const first = segments[0];
  const last = segments[segments.length - 1];
  const middle = segments.slice(1, -1).filter((segment) => segment !== '');
  return (text) => {
    if (!text.startsWith(first)) return false;
    let pos = first.length;
    for (let i = 0; i < middle.length; i++) {
      const at = text.indexOf(middle[i], pos);
      if (at === -1) return false;
      pos = at + middle[i].length;
    }
    if (last === '') return true;
    const at = text.indexOf(last, pos);
    return at !== -1 && at + last.length === text.length;
  };
}

function literalText(literal: string): TextTest {
  if (!literal.includes('*')) return exactText(literal);
  const fixed = literal.replaceAll('*', '');
  // `*` alone matches every number; a literal with a character no number has matches none.
  const anyNumber = fixed === '' ? true : NUMBER_TEXT_CHARS.test(fixed) ? undefined : false;
  return { matches: wildcardMatcher(literal), anyNumber };
}

// ---- selectors ------------------------------------------------------------------------------------

/** The root test "some node the selector yields passes `test`" (ref §3). */
function selectorTest(steps: readonly SelectorStep[], test: NodeTest): RootTest {
  const keys = steps.every((step) => step.kind === 'key' && step.name !== '__proto__')
    ? steps.map((step) => (step as { name: string }).name)
    : undefined;
  if (keys === undefined) return stepsTest(steps, 0, test);
  // Plain key paths (nearly every CloudTrail condition): direct property reads, no allocation.
  if (keys.length === 1) {
    const [k0] = keys;
    return (root) => {
      const node = child(root, k0);
      return node !== undefined && test(node);
    };
  }
  if (keys.length === 2) {
    const [k0, k1] = keys;
    return (root) => {
      const node = child(child(root, k0), k1);
      return node !== undefined && test(node);
    };
  }
  return (root) => {
    let node = root;
    for (let i = 0; i < keys.length && node !== undefined; i++) node = child(node, keys[i]);
    return node !== undefined && test(node);
  };
}

/**
 * The field `key` of an object node; undefined when the node is not an object (arrays included) or
 * has no such field. Inherited Object.prototype members are functions, never JSON values; the only
 * non-function one, `__proto__`, is read by {@link ownChild} instead.
 */
function child(node: unknown, key: string): unknown {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  const value = (node as Record<string, unknown>)[key];
  return typeof value === 'function' ? undefined : value;
}

const hasOwn = Object.prototype.hasOwnProperty;

function ownChild(node: unknown, key: string): unknown {
  if (typeof node !== 'object' || node === null || Array.isArray(node) || !hasOwn.call(node, key)) return undefined;
  return (node as Record<string, unknown>)[key];
}

/** General selector walk: a chain of closures, one per step, each calling the next on every node it yields. */
function stepsTest(steps: readonly SelectorStep[], from: number, test: NodeTest): NodeTest {
  if (from === steps.length) return test;
  const next = stepsTest(steps, from + 1, test);
  const step = steps[from];
  switch (step.kind) {
    case 'key': {
      const { name } = step;
      const read = name === '__proto__' ? ownChild : child;
      return (node) => {
        const value = read(node, name);
        return value !== undefined && next(value);
      };
    }
    case 'index': {
      // DOC [S4]: an index into a non-array, or out of range, finds nothing.
      const { index } = step;
      return (node) => Array.isArray(node) && index < node.length && next(node[index]);
    }
    case 'wildcard':
      // `[*]` and `.*` are one step kind (ast.ts): every element of an array, every field of an object.
      return (node) => {
        if (Array.isArray(node)) {
          for (let i = 0; i < node.length; i++) if (next(node[i])) return true;
          return false;
        }
        if (typeof node !== 'object' || node === null || node instanceof SourceNumber) return false;
        for (const key in node) {
          if (hasOwn.call(node, key) && next((node as Record<string, unknown>)[key])) return true;
        }
        return false;
      };
  }
}
