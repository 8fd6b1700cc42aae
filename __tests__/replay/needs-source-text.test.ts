import fc from 'fast-check';
import { compileDetections } from '../../catalog/compile';
import { PROFILES } from '../../catalog/types';
import type { ComparisonOperator, Expr, Literal, SelectorStep } from '../../pattern/ast';
import { compileMatcher, needsSourceText } from '../../pattern/evaluate';

/**
 * needsSourceText (pattern/evaluate.ts) decides whether replay may match records parsed from a whole
 * `Records` file, which have no JSON text of their own: when it answers false, a matcher must answer the
 * same with and without the text.
 */
describe('needsSourceText', () => {
  it.each([
    ['a quoted number-like literal', '{ $.n = "12.0" }'],
    ['a number-like literal with a wildcard', '{ $.n = "12*" }'],
    ['!= with a number-like literal', '{ $.n != "1e3" }'],
    ['an unquoted literal of number characters that is no number', '{ $.n = 1.2.3 }'],
    ['a regex', '{ $.n = %^1% }'],
    ['a regex that could never match a number (not analysed)', '{ $.n = %[a-z]% }'],
    ['one such literal deep in ANDs and ORs', '{ ($.eventName = "A" || ($.b = "x" && $.c.*[0] = "-1.5")) && $.d NOT EXISTS }'],
  ])('is true for %s', (_, pattern) => {
    expect(needsSourceText(pattern)).toBe(true);
  });

  it.each([
    ['match-everything', ''],
    ['a numeric literal (compared by value)', '{ $.n = 12.0 || $.n != 3 || $.n > 1e3 }'],
    ['a literal with a character no number has', '{ $.n = "12a" || $.n = "1*x" || $.n != "1 2" }'],
    ['a lone wildcard (matches every number whatever its text)', '{ $.n = * }'],
    ['an empty literal', '{ $.n = "" }'],
    ['IS NULL, IS TRUE, NOT EXISTS', '{ $.a IS NULL && $.b IS TRUE && $.c NOT EXISTS }'],
    ['literals like the catalog ones', '{ $.errorCode = "AccessDenied*" && $.userIdentity.arn != "*:assumed-role/AWSServiceRoleFor*" }'],
  ])('is false for %s', (_, pattern) => {
    expect(needsSourceText(pattern)).toBe(false);
  });

  it('is false for every catalog detection, in every profile, with exclusions', () => {
    for (const profile of PROFILES) {
      const detections = compileDetections({ profile, exclusions: { principalArns: ['arn:aws:iam::111122223333:user/ci-*'], eventSources: ['ce.amazonaws.com'] } }, 'test');
      expect(detections.length).toBeGreaterThanOrEqual(17);
      for (const { name, pattern } of detections) expect([name, needsSourceText(pattern)]).toEqual([name, false]);
    }
  });

  it('marks exactly the literals whose answer may change with the text: 12.0 is "12.0" with it, "12" without', () => {
    const text = '{"n": 12.0}';
    const event = JSON.parse(text);
    const matcher = compileMatcher('{ $.n = "12.0" }');
    expect(matcher(event, text)).toBe(true);
    expect(matcher(event)).toBe(false);
  });

  it('answers false only for patterns that match the same with and without the text (property)', () => {
    const selectors = ['$.n', '$.s', '$.list[*]', '$.o.*', '$.missing'];
    const selector = fc.constantFrom(...selectors).map((text) => ({ text, steps: stepsOf(text) }));
    const textLiteral = fc.oneof(
      fc
        .oneof(fc.string({ unit: fc.constantFrom('1', '2', '0', '.', 'e', 'E', '-', '+', '*', 'a', ' '), maxLength: 5 }), fc.constantFrom('*.0', '12.0', '1E3', '*0', '-1.5*', '1*0'))
        .map((value): Literal => ({ kind: 'string', value, quoted: true })),
      fc.constantFrom('^1', '0$', '\\.', 'a', '[a-z]').map((source): Literal => ({ kind: 'regex', source })),
    );
    const numberLiteral = fc.constantFrom('12', '12.0', '1e3', '-1.5', '0').map((text): Literal => ({ kind: 'number', text, value: Number(text) }));
    const operator = fc.constantFrom<ComparisonOperator>('=', '!=', '>', '<=');
    const condition: fc.Arbitrary<Expr> = fc
      .tuple(selector, operator, fc.oneof(textLiteral, numberLiteral))
      .map(([sel, op, value]) => ({ kind: 'compare', selector: sel, op, value }));
    const expr = fc.oneof(condition, fc.tuple(fc.constantFrom('and' as const, 'or' as const), fc.array(condition, { minLength: 2, maxLength: 3 })).map(([kind, terms]): Expr => ({ kind, terms })));
    const number = fc.constantFrom('12', '12.0', '1e3', '1E3', '-1.50', '0.0', '120');
    const event = fc
      .tuple(number, fc.constantFrom('"12.0"', '"abc"', '"1e3"', '""'), fc.array(number, { maxLength: 3 }), number)
      .map(([n, s, list, o]) => `{"n": ${n}, "s": ${s}, "list": [${list.join(', ')}], "o": {"x": ${o}, "y": "a"}}`);
    fc.assert(
      fc.property(expr, event, (ast, json) => {
        const pattern = { kind: 'json' as const, expr: ast };
        const matcher = compileMatcher(pattern);
        const parsed = JSON.parse(json);
        if (!needsSourceText(pattern)) expect(matcher(parsed)).toBe(matcher(parsed, json));
      }),
      { numRuns: 3000 },
    );
  });
});

/** The steps of a selector written with keys, `.*` and `[*]` only. */
function stepsOf(selector: string): SelectorStep[] {
  return selector
    .slice(2)
    .replace('[*]', '.*')
    .split('.')
    .map((part): SelectorStep => (part === '*' ? { kind: 'wildcard' } : { kind: 'key', name: part }));
}
