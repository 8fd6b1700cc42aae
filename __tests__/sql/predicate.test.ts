import { parsePattern } from '../../pattern/parse';
import { predicateSql, SqlRefusal, wildcardSql } from '../../sql/predicate';
import { detectionQuery } from '../../sql/query';
import { compileDetections } from '../../catalog/compile';
import { PROFILES } from '../../catalog/types';

const sql = (pattern: string): string => {
  const ast = parsePattern(pattern);
  if (ast.kind !== 'json') throw new Error('json pattern expected');
  return predicateSql(ast.expr);
};
const refusal = (pattern: string): string => {
  try {
    sql(pattern);
  } catch (error) {
    if (error instanceof SqlRefusal) return error.message;
    throw error;
  }
  throw new Error(`not refused: ${pattern}`);
};

describe('filter pattern → SQL predicate', () => {
  it('makes != false on an absent field, and NOT EXISTS true only there', () => {
    expect(sql('{$.eventName != HeadBucket}')).toBe("(eventname IS NOT NULL AND NOT eventname = 'HeadBucket')");
    expect(sql('{$.userIdentity.invokedBy NOT EXISTS}')).toBe('NOT (useridentity.invokedby IS NOT NULL)');
  });

  it('reads the JSON-text columns with JSON functions, guarding each step by the value type', () => {
    const text = sql('{$.requestParameters.enable IS FALSE}');
    expect(text).toContain("json_extract(TRY(json_parse(requestparameters)), '$[\"enable\"]')");
    expect(text).toContain("LIKE '{%'");
    expect(text).toContain("= 'false'");
  });

  it('compares numbers numerically only with JSON numbers, and as text with strings', () => {
    const text = sql('{$.requestParameters.count >= 2.5}');
    expect(text).toContain('CAST(');
    expect(text).toContain('>= 2.5e+0');
    expect(text).not.toContain("'2.5'"); // relational operators never match strings
    expect(sql('{$.requestParameters.count = 5}')).toContain("= '5'");
    expect(sql('{$.eventVersion > 1}')).toBe('FALSE'); // a typed string column holds no numbers
  });

  it('walks [*] and [n] on the resources array', () => {
    expect(sql('{$.resources[*].type = "AWS::S3::Bucket"}')).toContain('any_match(resources, x0 -> ');
    expect(sql('{$.resources[0].ARN = x}')).toContain('element_at(resources, 1).arn');
  });

  it('refuses, with a reason, what the table cannot answer exactly', () => {
    expect(refusal('{$.errorCode IS NULL}')).toMatch(/cannot tell JSON null from an absent key/);
    expect(refusal('{$.requestParameters NOT EXISTS}')).toMatch(/JSON text/);
    expect(refusal('{$.requestParameters.port = "22"}')).toMatch(/source text/);
    expect(refusal('{$.requestParameters.name = %Delete%}')).toMatch(/regex may match a JSON number/);
    expect(refusal('{$.userIdentity.* = x}')).toMatch(/wildcard/);
    expect(refusal('{$.managementEvent IS TRUE}')).toMatch(/not a column/);
    expect(refusal('{$.eventname = x}')).toMatch(/case-sensitive/);
  });
});

describe('wildcards', () => {
  it('uses the plain forms for the common shapes', () => {
    expect(wildcardSql('s', 'abc')).toBe("s = 'abc'");
    expect(wildcardSql('s', '**')).toBe('TRUE');
    expect(wildcardSql('s', 'Access*')).toBe("starts_with(s, 'Access')");
    expect(wildcardSql('s', '*SSO*')).toBe("(strpos(s, 'SSO') > 0)");
  });

  it('takes each later segment at its first occurrence, the last one ending the text', () => {
    const text = wildcardSql('s', "a'b*cd*ef");
    expect(text).toContain("starts_with(s, 'a''b')");
    expect(text).toContain("reduce(ARRAY['cd', 'ef'], 3,");
    expect(text).toContain('= length(s)');
  });
});

describe('detection queries', () => {
  const range = { since: new Date('2024-05-01T00:00:00Z'), until: new Date('2024-05-03T00:00:00Z') };

  it('translates every catalog detection of both profiles', () => {
    for (const profile of PROFILES) {
      for (const detection of compileDetections({ profile })) expect(detectionQuery(detection, 'db.t', range)).toHaveProperty('sql');
    }
  });

  it('prunes on the projected date partition, a day of margin for late deliveries, and bounds eventTime exactly', () => {
    const query = detectionQuery({ name: 'x', pattern: '{$.eventName = ConsoleLogin}' }, 'db.t', range);
    expect('sql' in query && query.sql).toContain(`"timestamp" BETWEEN '2024/05/01' AND '2024/05/03'`);
    const late = detectionQuery({ name: 'x', pattern: '{$.eventName = ConsoleLogin}' }, 'db.t', { ...range, until: new Date('2024-05-03T23:30:00Z') });
    expect('sql' in late && late.sql).toContain(`BETWEEN '2024/05/01' AND '2024/05/04'`);
    expect('sql' in query && query.sql).toContain(`eventtime >= '2024-05-01T00:00:00Z' AND eventtime < '2024-05-03T00:00:00Z'`);
  });
});
