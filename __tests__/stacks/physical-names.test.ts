import { maxAlarmNameInSubject, nameProblem, NAME_RULES, type NameKind } from '../../stacks/physical-names';

/** Each rule with names AWS accepts and names it refuses (the refusal's reason in the message). */
const cases: Record<NameKind, { ok: string[]; refused: [string, string][] }> = {
  trail: {
    ok: ['trailwatch-prod', 'a.b_c-d', 'abc'],
    refused: [
      ['trailwatch-a--b', 'no "." "_" or "-" next to another'],
      ['my-_trail', 'no "." "_" or "-" next to another'],
      ['-trail', 'starting and ending with a letter or digit'],
      ['ab', 'is 2 characters; AWS allows 3–128'],
      ['192.168.5.4', 'not an IP address'],
    ],
  },
  bucket: {
    ok: ['trailwatch-prod-123456789012-cloudtrail', 'a.b-c'],
    refused: [
      ['Upper-case', 'lowercase letters'],
      ['a..b', 'no two adjacent periods'],
      ['xn--bucket', 'not starting with "xn--"'],
      ['bucket-s3alias', 'not ending with "-s3alias"'],
      ['b'.repeat(64), 'is 64 characters; AWS allows 3–63'],
    ],
  },
  role: { ok: ['trailwatch-prod-notifier', 'a+b=c,d.e@f_g'], refused: [['a b', 'letters, digits and "+=,.@_-"'], ['r'.repeat(65), 'is 65 characters; AWS allows 1–64']] },
  function: { ok: ['trailwatch-prod-notifier'], refused: [['a.b', 'letters, digits, "_" and "-"'], ['f'.repeat(65), 'AWS allows 1–64']] },
  queue: { ok: ['trailwatch-prod-notifier-dlq'], refused: [['q.fifo.x', 'letters, digits, "_" and "-"'], ['q'.repeat(81), 'AWS allows 1–80']] },
  table: { ok: ['trailwatch-prod-notifier-state', 'a.b_c'], refused: [['ab', 'is 2 characters; AWS allows 3–255'], ['a:b', 'letters, digits, "_", "." and "-"']] },
  schedule: { ok: ['trailwatch-prod-notifier-follow-ups'], refused: [['a b', 'letters, digits, "_", "." and "-"'], ['s'.repeat(65), 'is 65 characters; AWS allows 1–64']] },
  topic: { ok: ['trailwatch-prod-alarms'], refused: [['a:b', 'letters, digits, "_" and "-"']] },
  logGroup: { ok: ['/aws/lambda/x', 'aws-controltower/CloudTrailLogs'], refused: [['a b', 'letters, digits and "._-/#"']] },
  metricFilter: { ok: ['p-UnauthorizedAPICall'], refused: [['a:b', 'no ":" or "*"'], ['a*', 'no ":" or "*"']] },
  alarm: { ok: ['UnauthorizedAPICall', 'with space'], refused: [['tab\there', 'printable ASCII'], ['a'.repeat(256), 'AWS allows 1–255']] },
  keyAlias: { ok: ['alias/trailwatch-prod-alerting'], refused: [['alias/aws/x', 'reserved for AWS-managed keys'], ['trailwatch', '"alias/" followed by']] },
};

describe.each(Object.keys(NAME_RULES) as NameKind[])('%s names', (kind) => {
  it.each(cases[kind].ok)('accepts %s', (name) => {
    expect(nameProblem(kind, name)).toBeUndefined();
  });
  it.each(cases[kind].refused)('refuses %s', (name, reason) => {
    expect(nameProblem(kind, name)).toContain(reason);
    expect(nameProblem(kind, name)).toContain(NAME_RULES[kind].kind);
  });
});

describe('maxAlarmNameInSubject', () => {
  it('leaves 67 characters in Seoul and 73 in Ohio: ALARM: "<name>" in <region> stays under 100', () => {
    expect(maxAlarmNameInSubject('ap-northeast-2')).toBe(67);
    expect(maxAlarmNameInSubject('us-east-2')).toBe(73);
  });

  it('holds a region it does not know to the longest name it knows', () => {
    expect(maxAlarmNameInSubject('xx-nowhere-9')).toBe(100 - 'ALARM: "" in '.length - 'Asia Pacific (New Zealand)'.length);
  });
});
