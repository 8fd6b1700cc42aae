import { MAX_PATTERN_LENGTH, checkPattern } from '../../pattern/validate';
import { CIS_PATTERNS, SECURITY_HUB_PATTERNS, SEED_GUIDE_PATTERNS } from './fixtures';

/** `{$.eventName="E0"||$.eventName="E1"||...}` padded to exactly `length` characters. */
function patternOfLength(length: number): string {
  const terms: string[] = [];
  let text = '{}';
  for (let i = 0; text.length < length - 20; i++) {
    terms.push(`$.eventName="E${i}"`);
    text = `{${terms.join('||')}}`;
  }
  const pad = length - text.length - '||$.x=""'.length;
  return `{${terms.join('||')}||$.x="${'y'.repeat(pad)}"}`;
}

describe('checkPattern', () => {
  it.each(Object.entries({ ...CIS_PATTERNS, ...SECURITY_HUB_PATTERNS, ...SEED_GUIDE_PATTERNS }))('finds %s deployable', (_name, text) => {
    expect(checkPattern(text)).toEqual([]);
  });

  it('accepts the empty pattern', () => {
    expect(checkPattern('')).toEqual([]);
  });

  it('reports syntax errors with their offset, and never throws', () => {
    expect(checkPattern('{ $.a > "x" }')).toEqual([{ code: 'syntax', message: expect.stringMatching(/needs an unquoted number.*at offset 8/) }]);
    expect(checkPattern("{ $.a = 'x' }")).toEqual([{ code: 'syntax', message: expect.stringMatching(/single-quoted/) }]);
    expect(checkPattern('{ $.a = %(x)% }')).toEqual([{ code: 'syntax', message: expect.stringMatching(/parentheses/) }]);
    expect(checkPattern('('.repeat(200_000))).toEqual([
      { code: 'length', message: expect.any(String) },
      { code: 'syntax', message: expect.stringMatching(/only JSON/) },
    ]);
    expect(checkPattern(`{${'('.repeat(50_000)}`)).toContainEqual({ code: 'syntax', message: expect.stringMatching(/nested deeper than 1024/) });
  });

  it(`accepts ${MAX_PATTERN_LENGTH} characters and rejects ${MAX_PATTERN_LENGTH + 1}, naming the length`, () => {
    const atLimit = patternOfLength(MAX_PATTERN_LENGTH);
    const overLimit = patternOfLength(MAX_PATTERN_LENGTH + 1);
    expect(atLimit).toHaveLength(1024);
    expect(overLimit).toHaveLength(1025);
    expect(checkPattern(atLimit)).toEqual([]);
    expect(checkPattern(overLimit)).toEqual([
      { code: 'length', message: 'the pattern is 1025 characters long; CloudWatch accepts at most 1024' },
    ]);
  });

  it('allows 2 regexes and rejects 3 (DOC: 2 per filter pattern)', () => {
    expect(checkPattern('{ $.a = %x% || $.b != %y% }')).toEqual([]);
    expect(checkPattern('{ $.a = %x% || $.b != %y% || $.c = %z% }')).toEqual([
      { code: 'regex-quota', message: 'the pattern has 3 regexes (%...%); CloudWatch allows 2 per filter pattern' },
    ]);
  });

  it('allows 1 wildcard selector per property selector and rejects 2', () => {
    expect(checkPattern('{ $.a[*].b = 1 }')).toEqual([]);
    expect(checkPattern('{ $.a[*].* = 1 }')).toEqual([
      {
        code: 'wildcard-selector-quota',
        message: '$.a[*].* has 2 wildcard selectors ([*] or .*); CloudWatch allows 1 per property selector',
      },
    ]);
  });

  it('allows 3 wildcard selectors per pattern and rejects 4', () => {
    expect(checkPattern('{ $.a[*] = 1 && $.b.* = 2 && ($.c[*].d = 3 || $.e = 4) }')).toEqual([]);
    expect(checkPattern('{ $.a[*] = 1 && $.b.* = 2 && ($.c[*].d = 3 || $.e[*] NOT EXISTS) }')).toEqual([
      {
        code: 'wildcard-selector-quota',
        message: 'the pattern has 4 wildcard selectors ([*] or .*); CloudWatch allows 3 per filter pattern',
      },
    ]);
  });

  it('reports every problem at once', () => {
    const text = patternOfLength(1100).replace('{', '{$.a[*][*]=%1%&&$.b=%2%&&$.c=%3%&&$.d.*=1&&$.e.*=1&&');
    expect(checkPattern(text).map((problem) => problem.code)).toEqual([
      'length',
      'wildcard-selector-quota',
      'wildcard-selector-quota',
      'regex-quota',
    ]);
  });
});
