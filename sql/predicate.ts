import type { ComparisonOperator, Expr, Literal, Selector, SelectorStep } from '../pattern/ast';
import { CLOUDTRAIL_COLUMNS, type FieldType } from './cloudtrail-table';
import { trinoRegex } from './regex';
import { SqlRefusal } from './refusal';

export { SqlRefusal } from './refusal';

/**
 * Translates a filter-pattern expression (pattern/ast.ts) into a Trino/Athena (engine v3) SQL predicate over
 * the CloudTrail table of ./cloudtrail-table.ts, with the evaluator's semantics (pattern/evaluate.ts, the
 * reference; ../shared/reference/cloudwatch-filter-pattern-semantics.md §16):
 * - a selector yields zero or more nodes and a condition holds when any yielded node satisfies it;
 * - comparisons (`!=` included) are false on a missing node, an object, an array, null and a boolean;
 * - NOT EXISTS holds when the selector yields nothing; IS NULL / IS TRUE / IS FALSE test the JSON value;
 * - `*` in a text literal follows the first-occurrence model (see {@link wildcardSql});
 * - an unquoted number compares numerically with number nodes and as its text with string nodes;
 *   relational operators match number nodes only.
 *
 * Exact under one assumption about the records, which CloudTrail's record format guarantees and the table's
 * typed columns rely on: a key the table types as a string (or a struct, an array, readOnly's boolean) holds
 * that type, is never JSON null, and has CloudTrail's key case (the SerDe matches keys case-insensitively).
 * Inside the JSON-text columns (requestParameters, responseElements, additionalEventData,
 * serviceEventDetails, edgeDeviceDetails) any JSON is handled. Whatever cannot be translated exactly under
 * that assumption throws {@link SqlRefusal} with a one-line reason.
 *
 * Every generated predicate is TRUE or FALSE, never NULL, so `NOT` over it is safe.
 */

/** The SQL predicate of an expression. @throws SqlRefusal */
export function predicateSql(expr: Expr): string {
  switch (expr.kind) {
    case 'or':
      return `(${expr.terms.map(predicateSql).join(' OR ')})`;
    case 'and':
      return `(${expr.terms.map(predicateSql).join(' AND ')})`;
    case 'notExists':
      return `NOT ${selectorSql(expr.selector, { kind: 'exists' })}`;
    case 'isNull':
      return selectorSql(expr.selector, { kind: 'isNull' });
    case 'isBoolean':
      return selectorSql(expr.selector, { kind: 'isBoolean', value: expr.value });
    case 'compare':
      return selectorSql(expr.selector, { kind: 'compare', op: expr.op, value: expr.value });
  }
}

/** What is asked of each node a selector yields. */
type NodeCondition =
  | { readonly kind: 'exists' }
  | { readonly kind: 'isNull' }
  | { readonly kind: 'isBoolean'; readonly value: boolean }
  | { readonly kind: 'compare'; readonly op: ComparisonOperator; readonly value: Literal };

/** Where a selector walk stands: a typed column (or struct field), a JSON value, or nothing. */
type Position =
  | { readonly kind: 'typed'; readonly sql: string; readonly type: FieldType; readonly path: string }
  | { readonly kind: 'json'; readonly sql: string }
  | { readonly kind: 'absent' };

const ROOT: FieldType = { kind: 'struct', fields: CLOUDTRAIL_COLUMNS };

function selectorSql(selector: Selector, condition: NodeCondition): string {
  return walk(selector.steps, 0, { kind: 'typed', sql: '', type: ROOT, path: '$' }, condition, { lambdas: 0 });
}

/** Counts lambda parameters so nested `any_match` lambdas get distinct names. */
interface WalkState {
  lambdas: number;
}

function walk(steps: readonly SelectorStep[], i: number, at: Position, condition: NodeCondition, state: WalkState): string {
  if (at.kind === 'absent') return 'FALSE'; // nothing yielded: no condition holds, existence neither
  if (i === steps.length) return at.kind === 'typed' ? typedLeaf(at, condition) : jsonLeaf(at.sql, condition);
  const step = steps[i];
  if (at.kind === 'json') return jsonStep(steps, i, at.sql, condition, state);

  const { type, sql, path } = at;
  switch (type.kind) {
    case 'struct': {
      if (step.kind === 'wildcard') {
        throw new SqlRefusal(`${path}.* or ${path}[*]: the table keeps only the documented keys of ${path === '$' ? 'a record' : path}, so a wildcard over it cannot see the others`);
      }
      if (step.kind === 'index') return walk(steps, i + 1, { kind: 'absent' }, condition, state);
      const child = type.fields.find((f) => f.key === step.name);
      if (child === undefined) throw new SqlRefusal(`${path}.${step.name}: not a column of the CloudTrail table (keys are case-sensitive)`);
      const childSql = sql === '' ? quoteIdentifier(child.column) : `${sql}.${quoteIdentifier(child.column)}`;
      return walk(steps, i + 1, { kind: 'typed', sql: childSql, type: child.type, path: `${path}.${child.key}` }, condition, state);
    }
    case 'array': {
      if (step.kind === 'key') return walk(steps, i + 1, { kind: 'absent' }, condition, state);
      const element = (elementSql: string): Position => ({ kind: 'typed', sql: elementSql, type: type.of, path: `${path}[]` });
      if (step.kind === 'index') return walk(steps, i + 1, element(`element_at(${sql}, ${step.index + 1})`), condition, state);
      const x = `x${state.lambdas++}`;
      return `coalesce(any_match(${sql}, ${x} -> ${walk(steps, i + 1, element(x), condition, state)}), FALSE)`;
    }
    case 'jsonText':
      return walk(steps, i, { kind: 'json', sql: `TRY(json_parse(${sql}))` }, condition, state);
    case 'map':
      throw new SqlRefusal(`${path}: a map column; its keys are data the table does not type`);
    case 'string':
    case 'boolean':
      // A step into a scalar finds nothing (DOC: a selector that does not resolve yields no node).
      return walk(steps, i + 1, { kind: 'absent' }, condition, state);
  }
}

function typedLeaf(at: { readonly sql: string; readonly type: FieldType; readonly path: string }, condition: NodeCondition): string {
  const { sql, type, path } = at;
  if (type.kind === 'map') throw new SqlRefusal(`${path}: a map column; its keys are data the table does not type`);
  if (condition.kind === 'exists') {
    if (type.kind === 'jsonText') throw new SqlRefusal(`${path} NOT EXISTS: the table keeps ${path} as JSON text, where null and absent both read as NULL`);
    return `(${sql} IS NOT NULL)`;
  }
  if (condition.kind === 'isNull') throw new SqlRefusal(`${path} IS NULL: the table's typed column cannot tell JSON null from an absent key`);
  if (type.kind === 'boolean') {
    // readOnly: the SerDe writes the JSON boolean as the text true/false. Comparisons never match a boolean.
    return condition.kind === 'isBoolean' ? `coalesce(${sql} = '${condition.value}', FALSE)` : 'FALSE';
  }
  if (type.kind !== 'string' || condition.kind === 'isBoolean') return 'FALSE'; // objects, arrays: only existence
  return stringCompare(sql, condition.op, condition.value);
}

/** A comparison with a node known to be a string (or absent: `sql` is NULL). */
function stringCompare(sql: string, op: ComparisonOperator, literal: Literal): string {
  if (op !== '=' && op !== '!=') return 'FALSE'; // relational operators match number nodes only
  const matches =
    literal.kind === 'number'
      ? `${sql} = ${sqlString(literal.text)}`
      : literal.kind === 'regex'
        ? `regexp_like(${sql}, ${sqlString(trinoRegex(literal.source))})`
        : wildcardSql(sql, literal.value);
  return `(${sql} IS NOT NULL AND ${op === '=' ? '' : 'NOT '}${matches})`;
}

// ---- JSON values (inside the JSON-text columns) ----------------------------------------------------

function jsonStep(steps: readonly SelectorStep[], i: number, sql: string, condition: NodeCondition, state: WalkState): string {
  const step = steps[i];
  const next = (childSql: string): string => walk(steps, i + 1, { kind: 'json', sql: childSql }, condition, state);
  switch (step.kind) {
    case 'key':
      if (/["\\]/.test(step.name)) throw new SqlRefusal(`a key with " or \\ (${JSON.stringify(step.name)}) cannot be written in a Trino JSON path`);
      // Trino's JSON path reads `["k"]` in an array and `[0]` in an object too: guard by the value's type.
      return next(`IF(json_format(${sql}) LIKE '{%', json_extract(${sql}, ${sqlString(`$[${JSON.stringify(step.name)}]`)}))`);
    case 'index':
      return next(`IF(json_format(${sql}) LIKE '[%', json_extract(${sql}, '$[${step.index}]'))`);
    case 'wildcard': {
      const x = `x${state.lambdas++}`;
      const elements = `coalesce(TRY(CAST(${sql} AS array(json))), map_values(TRY(CAST(${sql} AS map(varchar, json)))))`;
      return `coalesce(any_match(${elements}, ${x} -> ${next(x)}), FALSE)`;
    }
  }
}

/** Characters of JSON number text: a literal made only of these (and `*`) may match a number's text. */
const NUMBER_TEXT_CHARS = /^[0-9.eE+-]*$/;

function jsonLeaf(sql: string, condition: NodeCondition): string {
  const text = `json_format(${sql})`;
  const isString = `${text} LIKE '"%'`;
  const isNumber = `regexp_like(${text}, '^-?[0-9]')`;
  const stringValue = `CAST(${sql} AS varchar)`;
  switch (condition.kind) {
    case 'exists':
      return `(${sql} IS NOT NULL)`;
    case 'isNull':
      return `coalesce(${text} = 'null', FALSE)`;
    case 'isBoolean':
      return `coalesce(${text} = '${condition.value}', FALSE)`;
    case 'compare': {
      const { op, value } = condition;
      if (value.kind === 'regex') {
        throw new SqlRefusal(`%${value.source}% inside JSON text: a regex may match a JSON number's source text, which the table's SerDe rewrites (1e3 becomes 1E+3)`);
      }
      if (value.kind === 'number') {
        const numeric = `(${isNumber} AND CAST(${sql} AS double) ${sqlOperator(op)} ${value.value.toExponential()})`;
        const textual = op === '=' || op === '!=' ? ` OR (${isString} AND ${stringValue} ${sqlOperator(op)} ${sqlString(value.text)})` : '';
        return `coalesce(${numeric}${textual}, FALSE)`;
      }
      if (op !== '=' && op !== '!=') return 'FALSE';
      const fixed = value.value.replaceAll('*', '');
      if (fixed !== '' && NUMBER_TEXT_CHARS.test(fixed)) {
        throw new SqlRefusal(
          `"${value.value}" may match a JSON number's source text, which the table's SerDe rewrites (1e3 becomes 1E+3); compare with an unquoted number instead`,
        );
      }
      // A number node matches a text literal only when the literal is all `*` (it then matches any text).
      const numberMatches = fixed === '';
      const matches = wildcardSql(stringValue, value.value);
      return op === '='
        ? `coalesce((${isString} AND ${matches})${numberMatches ? ` OR ${isNumber}` : ''}, FALSE)`
        : `coalesce((${isString} AND NOT ${matches})${numberMatches ? '' : ` OR ${isNumber}`}, FALSE)`;
    }
  }
}

// ---- text ------------------------------------------------------------------------------------------

/**
 * Whether `sql` (a non-NULL varchar) matches a text literal whose every `*` is a wildcard, in the
 * evaluator's first-occurrence model (pattern/evaluate.ts wildcardMatcher, ref §8): split on `*` into
 * p0..pk; the text starts with p0; each later segment is taken at its first occurrence after the previous
 * one, without backtracking; a non-empty last segment must, at its first occurrence, end the text.
 * The general case is a `reduce` over the segments carrying the position reached (-1: not found).
 * The result is one SQL term (parenthesised when compound), so `NOT` may precede it.
 */
export function wildcardSql(sql: string, literal: string): string {
  if (!literal.includes('*')) return `${sql} = ${sqlString(literal)}`;
  const segments = literal.split('*');
  if (segments.every((segment) => segment === '')) return 'TRUE';
  const first = segments[0];
  const last = segments[segments.length - 1];
  const later = [...segments.slice(1, -1), last].filter((segment) => segment !== '');
  const starts = first === '' ? [] : [`starts_with(${sql}, ${sqlString(first)})`];
  if (last === '' && later.length === 0) return starts[0]; // `p*`
  if (first === '' && last === '' && later.length === 1) return `(strpos(${sql}, ${sqlString(later[0])}) > 0)`; // `*m*`
  const reached =
    `reduce(ARRAY[${later.map(sqlString).join(', ')}], ${first.length}, ` +
    `(p, s) -> IF(p < 0 OR strpos(substr(${sql}, p + 1), s) = 0, -1, p + strpos(substr(${sql}, p + 1), s) - 1 + length(s)), p -> p)`;
  const end = last === '' ? `${reached} >= 0` : `${reached} = length(${sql})`;
  return `(${[...starts, end].join(' AND ')})`;
}

function sqlOperator(op: ComparisonOperator): string {
  return op === '!=' ? '<>' : op;
}

/** A SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A double-quoted identifier when the name is not a plain lower-case word (e.g. `timestamp`). */
export function quoteIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

const RESERVED = new Set(['timestamp', 'type']);
