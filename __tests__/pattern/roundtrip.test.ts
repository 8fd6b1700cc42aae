import fc from 'fast-check';
import { and, eq, notExists, or } from '../../pattern/ast';
import type { ComparisonOperator, Expr, Literal, Pattern, Selector, SelectorStep } from '../../pattern/ast';
import { compileMatcher } from '../../pattern/evaluate';
import { parsePattern } from '../../pattern/parse';
import { renderPattern } from '../../pattern/render';
import { checkPattern } from '../../pattern/validate';
import { CIS_PATTERNS, DOCUMENTED_PATTERNS, SECURITY_HUB_PATTERNS, SEED_GUIDE_PATTERNS } from './fixtures';

describe('parse(render(parse(text))) equals parse(text)', () => {
  const texts = [...Object.values({ ...CIS_PATTERNS, ...SECURITY_HUB_PATTERNS, ...SEED_GUIDE_PATTERNS }), ...DOCUMENTED_PATTERNS];
  it.each(texts)('%s', (text) => {
    const parsed = parsePattern(text);
    const rendered = renderPattern(parsed);
    expect(parsePattern(rendered)).toEqual(parsed);
    expect(rendered.length).toBeLessThanOrEqual(text.length);
  });

  it('renders compactly', () => {
    expect(renderPattern(parsePattern('{ $.a = "x" && ( $.b = "y" || $.c NOT EXISTS ) }'))).toBe('{$.a="x"&&($.b="y"||$.c NOT EXISTS)}');
  });
});

// ---- random ASTs and events -------------------------------------------------------------------------

const KEYS = ['a', 'b', 'eventName', 'x-y_z', 'a.b', '__proto__', 'with space'] as const;
const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;
const NUMBER_LITERAL = /^[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

const keyStep = fc.constantFrom(...KEYS).map((name): SelectorStep => ({ kind: 'key', name }));
const step = fc.oneof(
  keyStep,
  fc.integer({ min: 0, max: 2 }).map((index): SelectorStep => ({ kind: 'index', index })),
  fc.constant<SelectorStep>({ kind: 'wildcard' }),
);

/** A selector whose text spells its steps, in any of the accepted forms. */
const selector: fc.Arbitrary<Selector> = fc
  .tuple(fc.oneof(keyStep, fc.constant<SelectorStep>({ kind: 'wildcard' })), fc.array(step, { maxLength: 2 }), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }))
  .map(([first, rest, dotWildcard]) => {
    const steps = [first, ...rest];
    const text = steps
      .map((s, i) => {
        if (s.kind === 'index') return `[${s.index}]`;
        if (s.kind === 'wildcard') return i === 0 || dotWildcard[i] ? '.*' : '[*]';
        return PLAIN_KEY.test(s.name) ? `.${s.name}` : `.['${s.name}']`;
      })
      .join('');
    return { text: `$${text}`, steps };
  });

const quoted = fc
  .string({ unit: fc.constantFrom('a', 'b', '1', '2', '.', '*', '"', '\\', ' ', 'é', '-', '0', '&', ')'), maxLength: 5 })
  .map((value): Literal => ({ kind: 'string', value, quoted: true }));
const unquoted = fc
  .string({ unit: fc.constantFrom('a', 'b', '1', '2', '.', '*', '-', '+', '_', '0', 'e'), minLength: 1, maxLength: 5 })
  .filter((value) => !NUMBER_LITERAL.test(value))
  .map((value): Literal => ({ kind: 'string', value, quoted: false }));
const numberLiteral = fc
  .tuple(fc.constantFrom('', '+', '-'), fc.constantFrom('0', '1', '2', '12', '123'), fc.constantFrom('', '.0', '.5', '.34'), fc.constantFrom('', 'e0', 'e1', 'E-1'))
  .map(([sign, int, frac, exp]): Literal => {
    const text = `${sign}${int}${frac}${exp}`;
    return { kind: 'number', text, value: Number(text) };
  });
const regex = fc.constantFrom('a', '^1', '\\d', '[ab]', '2$', 'a{1,2}', '\\.0', 'a|b', '^$', '\\x2E').map((source): Literal => ({ kind: 'regex', source }));

const condition: fc.Arbitrary<Expr> = fc.oneof(
  fc
    .tuple(selector, fc.constantFrom<ComparisonOperator>('=', '!=', '<', '>', '<=', '>='), numberLiteral)
    .map(([sel, op, value]): Expr => ({ kind: 'compare', selector: sel, op, value })),
  fc
    .tuple(selector, fc.constantFrom<ComparisonOperator>('=', '!='), fc.oneof(quoted, unquoted, regex))
    .map(([sel, op, value]): Expr => ({ kind: 'compare', selector: sel, op, value })),
  selector.map((sel): Expr => ({ kind: 'isNull', selector: sel })),
  selector.map((sel): Expr => ({ kind: 'notExists', selector: sel })),
  fc.tuple(selector, fc.boolean()).map(([sel, value]): Expr => ({ kind: 'isBoolean', selector: sel, value })),
);

/** Raw ASTs (not the flattening builders): AND inside AND and OR inside OR occur too. */
const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'expr' },
    condition,
    fc.tuple(fc.constantFrom('and' as const, 'or' as const), fc.array(tie('expr'), { minLength: 2, maxLength: 3 })).map(([kind, terms]): Expr => ({ kind, terms })),
  ),
}));

/** A JSON value with each number's source text chosen (12.0, 1e3, -1.50 ...). */
type JsonNode =
  | { readonly t: 'number'; readonly text: string }
  | { readonly t: 'string'; readonly value: string }
  | { readonly t: 'literal'; readonly value: boolean | null }
  | { readonly t: 'array'; readonly items: readonly JsonNode[] }
  | { readonly t: 'object'; readonly entries: readonly (readonly [string, JsonNode])[] };

const leaf: fc.Arbitrary<JsonNode> = fc.oneof(
  fc.constantFrom('0', '1', '2', '12', '12.0', '123', '1e3', '-1.50', '0.5', '12.34').map((text): JsonNode => ({ t: 'number', text })),
  fc.constantFrom('a', 'ab', 'a.b', '1', '12', '12.0', '', '*', 'é', 'a"b', 'b\\', 'a b').map((value): JsonNode => ({ t: 'string', value })),
  fc.constantFrom(true, false, null).map((value): JsonNode => ({ t: 'literal', value })),
);
const { node } = fc.letrec<{ node: JsonNode }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'json' },
    leaf,
    fc.array(tie('node'), { maxLength: 3 }).map((items): JsonNode => ({ t: 'array', items })),
    fc.array(fc.tuple(fc.constantFrom(...KEYS), tie('node')), { maxLength: 4 }).map((entries): JsonNode => ({ t: 'object', entries })),
  ),
}));
const eventText = fc.array(fc.tuple(fc.constantFrom(...KEYS), node), { maxLength: 5 }).map((entries) => toJson({ t: 'object', entries }));

function toJson(n: JsonNode): string {
  switch (n.t) {
    case 'number':
      return n.text;
    case 'string':
      return JSON.stringify(n.value);
    case 'literal':
      return JSON.stringify(n.value);
    case 'array':
      return `[${n.items.map(toJson).join(',')}]`;
    case 'object':
      return `{${n.entries.map(([k, v]) => `${JSON.stringify(k)}: ${toJson(v)}`).join(', ')}}`;
  }
}

describe('random ASTs: parsePattern(renderPattern(ast)) evaluates like ast', () => {
  it('renders valid syntax, re-renders identically, and matches the same events (with and without source text)', () => {
    fc.assert(
      fc.property(expr, fc.array(eventText, { minLength: 1, maxLength: 4 }), (ast, events) => {
        const pattern: Pattern = { kind: 'json', expr: ast };
        const text = renderPattern(pattern);
        expect(checkPattern(text).filter((problem) => problem.code === 'syntax')).toEqual([]);
        const reparsed = parsePattern(text);
        expect(renderPattern(reparsed)).toBe(text);
        const direct = compileMatcher(pattern);
        const viaText = compileMatcher(reparsed);
        for (const json of events) {
          const event = JSON.parse(json);
          expect(viaText(event, json)).toBe(direct(event, json));
          expect(viaText(event)).toBe(direct(event));
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('random events: an OR of exact values equals the same OR without the Set lookup', () => {
  const field = fc.constantFrom('$.eventName', '$.a.b');
  const value = fc.constantFrom('a', '1', '12', '12.0', '', 'é', '1e3', '-1.50', 'a b');
  const event = fc
    .tuple(node, node)
    .map(([eventName, b]) => toJson({ t: 'object', entries: [['eventName', eventName], ['a', { t: 'object', entries: [['b', b]] }]] }));

  it('agrees on strings, numbers (by source text), null, booleans, objects and missing fields', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(field, value), { minLength: 1, maxLength: 6 }), event, (terms, json) => {
        const grouped = compileMatcher({ kind: 'json', expr: or(...terms.map(([f, v]) => eq(f, v))) });
        // AND-ing a condition that always holds here keeps the meaning but stops the grouping.
        const ungrouped = compileMatcher({ kind: 'json', expr: or(...terms.map(([f, v]) => and(eq(f, v), notExists('$.zzz')))) });
        const parsed = JSON.parse(json);
        expect(grouped(parsed, json)).toBe(ungrouped(parsed, json));
        expect(grouped(parsed)).toBe(ungrouped(parsed));
      }),
      { numRuns: 300 },
    );
  });
});
