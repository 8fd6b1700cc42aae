import type { Expr } from '../../pattern/ast';
import { PatternSyntaxError, parsePattern } from '../../pattern/parse';
import { CIS_PATTERNS, DOCUMENTED_PATTERNS, SECURITY_HUB_PATTERNS, SEED_GUIDE_PATTERNS } from './fixtures';

function exprOf(text: string): Expr {
  const pattern = parsePattern(text);
  if (pattern.kind !== 'json') throw new Error(`not a JSON pattern: ${text}`);
  return pattern.expr;
}

/** A compact view of an expression tree: `or(a=1, and(b="x", c NOT EXISTS))`. */
function shape(expr: Expr): string {
  switch (expr.kind) {
    case 'or':
    case 'and':
      return `${expr.kind}(${expr.terms.map(shape).join(', ')})`;
    case 'compare': {
      const v = expr.value;
      const value = v.kind === 'number' ? `#${v.text}` : v.kind === 'regex' ? `%${v.source}%` : v.quoted ? JSON.stringify(v.value) : v.value;
      return `${expr.selector.text}${expr.op}${value}`;
    }
    case 'isNull':
      return `${expr.selector.text} IS NULL`;
    case 'isBoolean':
      return `${expr.selector.text} IS ${expr.value}`;
    case 'notExists':
      return `${expr.selector.text} NOT EXISTS`;
  }
}

function syntaxError(text: string): PatternSyntaxError {
  try {
    parsePattern(text);
  } catch (error) {
    if (error instanceof PatternSyntaxError) return error;
    throw error;
  }
  throw new Error(`parsed without error: ${text}`);
}

describe('parsePattern: accepted patterns', () => {
  const all = { ...CIS_PATTERNS, ...SECURITY_HUB_PATTERNS, ...SEED_GUIDE_PATTERNS };
  it.each(Object.entries(all))('parses %s', (_name, text) => {
    expect(parsePattern(text).kind).toBe('json');
  });

  it.each(DOCUMENTED_PATTERNS)('parses the documented form %s', (text) => {
    expect(parsePattern(text).kind).toBe('json');
  });

  it('treats "" as the match-everything pattern', () => {
    expect(parsePattern('')).toEqual({ kind: 'all' });
  });

  it('gives && precedence over ||, left to right (DOC)', () => {
    expect(shape(exprOf('{ $.a = 1 || $.b = 2 && $.c = 3 }'))).toBe('or($.a=#1, and($.b=#2, $.c=#3))');
    expect(shape(exprOf('{ $.a = 1 && $.b = 2 || $.c = 3 }'))).toBe('or(and($.a=#1, $.b=#2), $.c=#3)');
    expect(shape(exprOf(CIS_PATTERNS['4.1 v2.0+']))).toBe(
      'or($.errorCode="*UnauthorizedOperation", and($.errorCode="AccessDenied*", $.sourceIPAddress!="delivery.logs.amazonaws.com", $.eventName!="HeadBucket"))',
    );
  });

  it('keeps parentheses that change the grouping, nested ones included (CloudWatch.7)', () => {
    expect(shape(exprOf(SECURITY_HUB_PATTERNS['CloudWatch.7']))).toBe(
      'and($.eventSource=kms.amazonaws.com, or($.eventName=DisableKey, $.eventName=ScheduleKeyDeletion))',
    );
    expect(shape(exprOf('{ ((($.a = 1)) || ($.b = 2 && ($.c = 3 || $.d = 4))) }'))).toBe(
      'or($.a=#1, and($.b=#2, or($.c=#3, $.d=#4)))',
    );
  });

  it('flattens repeated operators and redundant groups', () => {
    expect(shape(exprOf('{ ($.a = 1 || $.b = 2) || ($.c = 3) }'))).toBe('or($.a=#1, $.b=#2, $.c=#3)');
    expect(shape(exprOf('{ $.a = 1 && ($.b = 2 && $.c = 3) }'))).toBe('and($.a=#1, $.b=#2, $.c=#3)');
  });

  it('needs no blanks between tokens and accepts any blanks, newlines included', () => {
    expect(shape(exprOf('{$.a=1&&$.b!="x"||$.c NOT EXISTS}'))).toBe('or(and($.a=#1, $.b!="x"), $.c NOT EXISTS)');
    expect(shape(exprOf('{\n\t$.a   >=\t-1.5\r\n&&  $.b IS   NULL\n}'))).toBe('and($.a>=#-1.5, $.b IS NULL)');
  });

  it('parses every selector step form', () => {
    const expr = exprOf("{ $.a.b[0][12].*.['x.y:z'][*].c-d_e = 1 }");
    expect(expr).toMatchObject({
      kind: 'compare',
      selector: {
        text: "$.a.b[0][12].*.['x.y:z'][*].c-d_e",
        steps: [
          { kind: 'key', name: 'a' },
          { kind: 'key', name: 'b' },
          { kind: 'index', index: 0 },
          { kind: 'index', index: 12 },
          { kind: 'wildcard' },
          { kind: 'key', name: 'x.y:z' },
          { kind: 'wildcard' },
          { kind: 'key', name: 'c-d_e' },
        ],
      },
    });
    expect(exprOf('{ $.* = 1 }')).toMatchObject({ selector: { text: '$.*', steps: [{ kind: 'wildcard' }] } });
  });

  it('tells number literals, unquoted words and quoted strings apart', () => {
    const value = (text: string) => (exprOf(`{ $.a = ${text} }`) as Extract<Expr, { kind: 'compare' }>).value;
    expect(value('123')).toEqual({ kind: 'number', text: '123', value: 123 });
    expect(value('+1000')).toEqual({ kind: 'number', text: '+1000', value: 1000 });
    expect(value('-1.5e-3')).toEqual({ kind: 'number', text: '-1.5e-3', value: -0.0015 });
    expect(value('10e3')).toEqual({ kind: 'number', text: '10e3', value: 10000 });
    expect(value('123.123.*')).toEqual({ kind: 'string', value: '123.123.*', quoted: false });
    expect(value('111.111.111.111')).toEqual({ kind: 'string', value: '111.111.111.111', quoted: false });
    expect(value('12*')).toEqual({ kind: 'string', value: '12*', quoted: false });
    expect(value('kms.amazonaws.com')).toEqual({ kind: 'string', value: 'kms.amazonaws.com', quoted: false });
    expect(value('"123"')).toEqual({ kind: 'string', value: '123', quoted: true });
    expect(value('""')).toEqual({ kind: 'string', value: '', quoted: true });
    expect(value('"a b && c || (d)"')).toEqual({ kind: 'string', value: 'a b && c || (d)', quoted: true });
    expect(value('"say \\"hi\\" \\\\o/"')).toEqual({ kind: 'string', value: 'say "hi" \\o/', quoted: true });
    expect(value('"한글 ü"')).toEqual({ kind: 'string', value: '한글 ü', quoted: true });
    expect(value('%^[hc]at\\d{1,3}\\x3A$%')).toEqual({ kind: 'regex', source: '^[hc]at\\d{1,3}\\x3A$' });
  });

  it('parses the special predicates', () => {
    expect(shape(exprOf('{ $.a IS NULL && $.b IS TRUE && $.c IS FALSE && $.d NOT EXISTS }'))).toBe(
      'and($.a IS NULL, $.b IS true, $.c IS false, $.d NOT EXISTS)',
    );
    expect(shape(exprOf('{ ($.a[0] IS NULL)||($.b.*[*] NOT EXISTS) }'))).toBe('or($.a[0] IS NULL, $.b.*[*] NOT EXISTS)');
  });
});

describe('parsePattern: rejected patterns, with the offset of the problem', () => {
  const cases: [string, string, number, RegExp][] = [
    ['missing }', '{ $.a = "x"', 11, /missing '}'.*must end with '}'/],
    ['missing } after a group', '{ ($.a = 1) && ($.b = 2)', 24, /missing '}'/],
    ['single-quoted value', "{ $.userIdentity.type = 'Root' }", 24, /single-quoted values/],
    ['IS NOT', '{ $.a IS NOT NULL }', 9, /does not support IS NOT/],
    ['positive EXISTS', '{ $.a EXISTS }', 6, /positive EXISTS/],
    ['> with a quoted literal', '{ $.someInt > "123" }', 14, /'>' needs an unquoted number/],
    ['>= with an unquoted word', '{ $.someInt >= someString }', 15, /'>=' needs an unquoted number/],
    ['< with a wildcard', '{ $.someInt < 12* }', 14, /needs an unquoted number/],
    ['<= with a regex', '{ $.someInt <= %1% }', 15, /needs an unquoted number/],
    ['regex with parentheses', '{ $.a = %(ab)+% }', 9, /parentheses are not supported.*\\x28/],
    ['regex with a closing parenthesis', '{ $.a = %ab\\)% }', 12, /parentheses/],
    ['regex with a multi-byte character', '{ $.a = %é% }', 9, /multi-byte/],
    ['regex with !', '{ $.a = %something!% }', 18, /'!' is not supported/],
    ['regex with a blank', '{ $.a = %a b% }', 10, /' ' is not supported.*\\s/],
    ['regex with an unsupported escape', '{ $.a = %\\bword% }', 9, /unsupported regex escape \\b/],
    ['regex with a bad \\x escape', '{ $.a = %\\x2% }', 9, /two hex digits/],
    ['regex JavaScript cannot compile', '{ $.a = %[b-a]% }', 9, /invalid regex/],
    ['unterminated regex', '{ $.a = %abc }', 8, /unterminated regex/],
    ['empty regex', '{ $.a = %% }', 9, /empty regex/],
    ['lower-case keyword', '{ $.a is null }', 6, /upper case: 'IS'/],
    ['lower-case second keyword', '{ $.a NOT exists }', 10, /upper case: 'EXISTS'/],
    ['NOT EXIST', '{ $.a NOT EXIST }', 10, /expected EXISTS after NOT/],
    ['IS with an unknown word', '{ $.a IS EMPTY }', 9, /expected NULL, TRUE or FALSE after IS/],
    ['keyword glued to the selector', '{ $.a[0]IS NULL }', 8, /expected a blank before 'IS'/],
    ['text glued to a keyword', '{ $.a IS NULLX }', 9, /expected NULL, TRUE or FALSE/],
    ['blank before {', ' {$.ThisFlag IS TRUE}', 0, /blanks before '\{'/],
    ['blank after }', '{$.ThisFlag IS TRUE} ', 20, /blanks after '\}'/],
    ['text after }', '{$.a = 1} x', 9, /unexpected text after the closing '\}'/],
    ['term pattern', 'ERROR', 0, /only JSON filter patterns .*CloudTrail events, which are JSON/],
    ['space-delimited pattern', '[ip, user, status_code=4*]', 0, /only JSON filter patterns/],
    ['standalone regex', '%AUTHORIZED%', 0, /only JSON filter patterns/],
    ['blank pattern', '   ', 0, /blank pattern/],
    ['empty braces', '{}', 1, /expected a condition/],
    ['selector without $.', '{ $a = 1 }', 3, /starts with '\$\.'/],
    ['bare $', '{ $ = 1 }', 3, /starts with '\$\.'/],
    ["$['key'] without the dot", "{ $['a'] = 1 }", 3, /starts with '\$\.'/],
    ['bracket key without the dot', "{ $.a['b'] = 1 }", 5, /\.\['name'\] \(with the dot/],
    ['double-quoted bracket key', '{ $.["b"] = 1 }', 4, /expected \['name'\] after '\.'/],
    ['empty bracket key', "{ $.[''] = 1 }", 4, /empty \['name'\]/],
    ['trailing dot in a selector', '{ $.a. = 1 }', 6, /expected a property name/],
    ['missing operator', '{ $.a "x" }', 6, /expected a comparison operator/],
    ['missing value', '{ $.a = }', 8, /expected a value/],
    ['== operator', '{ $.a == 1 }', 7, /expected a value/],
    ['two values', '{ $.a = b c }', 10, /expected '&&', '\|\|' or '\}'/],
    ['single &', '{ $.a = 1 & $.b = 2 }', 10, /expected '&&', '\|\|' or '\}'/],
    ['missing )', '{ ($.a = 1 }', 11, /expected '&&', '\|\|' or '\)'/],
    ['extra )', '{ $.a = 1 ) }', 10, /expected '&&', '\|\|' or '\}'/],
    ['missing condition after &&', '{ $.a = 1 && }', 13, /expected a condition/],
    ['negation', '{ !($.a = 1) }', 2, /expected a condition/],
    ['unicode in an unquoted value', '{ $.a = café }', 11, /put this value in double quotes/],
    ['@ in an unquoted value', '{ $.a = user@example.com }', 12, /put this value in double quotes/],
    ['unquoted value starting with a symbol', '{ $.a = :x }', 8, /put this value in double quotes/],
    ['unterminated quoted value', '{ $.a = "abc }', 8, /unterminated quoted value/],
    ['unknown escape in a quoted value', '{ $.a = "a\\nb" }', 10, /only \\" and \\\\ escapes/],
    ['text glued to a quoted value', '{ $.a = "x"y }', 11, /expected '&&', '\|\|', '\)' or '\}' after the value/],
  ];

  it.each(cases)('%s', (_name, text, position, message) => {
    const error = syntaxError(text);
    expect(error).toBeInstanceOf(PatternSyntaxError);
    expect(error.name).toBe('PatternSyntaxError');
    expect(error.message).toMatch(message);
    expect(error.position).toBe(position);
    expect(error.message).toContain(`(at offset ${position})`);
  });
});
