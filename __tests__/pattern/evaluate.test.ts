import { and, eq, ne, notExists, oneOf, or } from '../../pattern/ast';
import { compileMatcher, matchesEvent } from '../../pattern/evaluate';
import { PatternSyntaxError } from '../../pattern/parse';
import { CIS_PATTERNS, S7_COMPOUND_EVENT, S7_SIMPLE_EVENT, S7_STRINGS_EVENT, SEED_GUIDE_PATTERNS, cloudTrailRecord } from './fixtures';

type Row = readonly [pattern: string, expected: boolean];

function rows(expected: boolean, patterns: readonly string[]): Row[] {
  return patterns.map((pattern) => [pattern, expected] as const);
}

/**
 * OBS [S7] (2019, TestMetricFilter against AWS) on S7_STRINGS_EVENT: every row is what AWS answered,
 * including the rows the author marked "aws bug?".
 */
const S7_STRINGS_OBSERVED: Row[] = [
  // test_equality_quoted: all matched
  ...rows(true, [
    '{ $.someString = "111.111.111.111" }',
    '{ $.someString != 111*111 }',
    '{ $.someString = "*" }',
    '{ $.emptyString = "*" }',
    '{ $.someString = "*.111.111.111" }',
    '{ $.someString = "111*" }',
    '{ $.someString != "222" }',
    '{ $.someString != "222*" }',
    '{ $.someString != "*222" }',
    '{ $.someInt = "123" }',
    '{ $.someInt != "123.0" }',
    '{ $.someInt = "*" }',
    '{ $.someInt = "1*" }',
    '{ $.someInt = "12*" }',
    '{ $.someInt = "123*" }',
    '{ $.someInt = "*123" }',
    '{ $.someInt = "*23" }',
    '{ $.someInt = "*3" }',
    '{ $.someInt != "3*" }',
    '{ $.someInt != "32*" }',
    '{ $.someInt != "321*" }',
    '{ $.someInt != "*321" }',
    '{ $.someInt != "*32" }',
    '{ $.someInt != "*1" }',
    '{ $.someFloat = "12.34" }',
    '{ $.someFloat = "*"}',
    '{ $.someFloat2 != "12" }',
    '{ $.someFloat = "1*" }',
    '{ $.someFloat = "12*" }',
    '{ $.someFloat = "12.*" }',
    '{ $.someFloat = "12.3*" }',
    '{ $.someFloat = "12.34*"}',
    '{ $.someFloat = "*12.34"}',
    '{ $.someFloat = "*2.34"}',
    '{ $.someFloat = "*.34" }',
    '{ $.someFloat = "*34" }',
    '{ $.someFloat = "*4" }',
    '{ $.someFloat != "43.21" }',
    '{ $.someFloat != "4*1" }',
    '{ $.someFloat != "4*" }',
    '{ $.someFloat != "43*" }',
    '{ $.someFloat != "43.*" }',
    '{ $.someFloat != "43.2*" }',
    '{ $.someFloat != "43.21*"}',
    '{ $.someFloat != "*43.21"}',
    '{ $.someFloat != "*3.21" }',
    '{ $.someFloat != "*.21" }',
    '{ $.someFloat != "*21" }',
    '{ $.someFloat != "*1" }',
  ]),
  // test_equality_unquoted: all matched
  ...rows(true, [
    '{ $.someString = 111.111.111.111 }',
    '{ $.someString != 111*111 }',
    '{ $.someString = * }',
    '{ $.someString = *.111.111.111 }',
    '{ $.someString = 111* }',
    '{ $.someString != 222 }',
    '{ $.someString != 222* }',
    '{ $.someString != *222 }',
    '{ $.someInt = 123 }',
    '{ $.someInt = 123.0 }',
    '{ $.someInt = * }',
    '{ $.someInt = 1* }',
    '{ $.someInt = 12* }',
    '{ $.someInt = 123* }',
    '{ $.someInt = *123 }',
    '{ $.someInt = *23 }',
    '{ $.someInt = *3 }',
    '{ $.someInt != 3* }',
    '{ $.someInt != 32* }',
    '{ $.someInt != 321* }',
    '{ $.someInt != *321 }',
    '{ $.someInt != *32 }',
    '{ $.someInt != *1 }',
    '{ $.someFloat = 12.34 }',
    '{ $.someFloat = *}',
    '{ $.someFloat2 = 12 }',
    '{ $.someFloat = 1* }',
    '{ $.someFloat = 12* }',
    '{ $.someFloat = 12.* }',
    '{ $.someFloat = 12.3* }',
    '{ $.someFloat = 12.34*}',
    '{ $.someFloat = *12.34}',
    '{ $.someFloat = *2.34}',
    '{ $.someFloat = *.34 }',
    '{ $.someFloat = *34 }',
    '{ $.someFloat = *4 }',
    '{ $.someFloat != 43.21 }',
    '{ $.someFloat != 4* }',
    '{ $.someFloat != 43* }',
    '{ $.someFloat != 43.* }',
    '{ $.someFloat != 43.2* }',
    '{ $.someFloat != 43.21*}',
    '{ $.someFloat != *43.21}',
    '{ $.someFloat != *3.21 }',
    '{ $.someFloat != *.21 }',
    '{ $.someFloat != *21 }',
    '{ $.someFloat != *1 }',
  ]),
  // The "aws bug?" rows: AWS answered no match. Reproduced by the first-occurrence model (ref §8).
  ...rows(false, [
    '{ $.someString = "*111.111.111" }',
    '{ $.someInt != "1*3" }',
    '{ $.someFloat != "1*4" }',
    '{ $.someString = *111.111.111 }',
    '{ $.someInt != 1*3 }',
    '{ $.someFloat != 1*4 }',
  ]),
  // test_numeric_unquoted_matched
  ['{ $.someString != 111 }', true],
  // test_unmatched
  ...rows(false, [
    '{ $.someString > 123 }',
    '{ $.someString >= 123 }',
    '{ $.someString < 123 }',
    '{ $.someString <= 123 }',
    '{ $.someString = 123 }',
    '{ $.someString = "123" }',
    '{ $.someObject = 123 }',
    '{ $.someObject != 123 }',
    '{ $.someObject > 123 }',
    '{ $.someObject >= 123 }',
    '{ $.someObject < 123 }',
    '{ $.someObject <= 123 }',
    '{ $.someObject = "123" }',
    '{ $.someObject != "123" }',
    '{ $.someObject = "non-number-like" }',
    '{ $.someObject != "non-number-like" }',
  ]),
  // Annotated "len(matches) == 0" in test_numeric_unquoted_matched
  ...rows(false, [
    '{ $.eventType >= 123 }',
    '{ $.someArray != "someString" }',
    '{ $.someArray = "someString" }',
    '{ $.someObject != "someString" }',
    '{ $.someObject = "someString" }',
    '{ $.someInt = "123.00" }',
    '{ $.someInt != 123 }',
    '{ $.someInt != "123" }',
  ]),
];

/** OBS [S7] e2e/test_simple.py on S7_SIMPLE_EVENT. */
const S7_SIMPLE_OBSERVED: Row[] = [
  ...rows(true, [
    '{ $.someInt = 123 }',
    '{ $.someInt != 111 }',
    '{ $.someInt > 1 }',
    '{ $.someInt >= 1 }',
    '{ $.someInt < 1000 }',
    '{ $.someInt <= 1000 }',
    '{ $.someFloat = 12.34 }',
    '{ $.someFloat != 11.1 }',
    '{ $.someFloat > 1.0 }',
    '{ $.someFloat   >= 1.0 }',
    '{ $.someFloat <       100.0 }',
    '{ $.someFloat      <=     100.0 }',
    '{ $.arrayKey[0] = "value" }',
    '{ $.objectList[1].id    = 2 }',
    '{ $.SomeObject IS NULL }',
    '{ $.SomeOtherObject NOT EXISTS         }',
  ]),
  ...rows(false, ['{ $.ThisFlag[0] = "value" }', '{ $.objectList[1].number = 2 }']),
];

/** OBS [S7] e2e/test_compound.py on S7_COMPOUND_EVENT (the AWS doc's compound examples). */
const S7_COMPOUND_OBSERVED: Row[] = [
  ['{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', true],
  ['{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }', true],
  ['{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', false],
  ['{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }', false],
];

function table(name: string, event: string, cases: readonly Row[]): void {
  describe(name, () => {
    it.each(cases.map(([pattern, expected]) => [pattern, expected] as const))('%s -> %s', (pattern, expected) => {
      expect(matchesEvent(pattern, event)).toBe(expected);
    });
  });
}

table('S7 observations: strings, numbers, wildcards (S7_STRINGS_EVENT)', S7_STRINGS_EVENT, S7_STRINGS_OBSERVED);
table('S7 observations: selectors and predicates (S7_SIMPLE_EVENT)', S7_SIMPLE_EVENT, S7_SIMPLE_OBSERVED);
table('S7 observations: compound expressions (S7_COMPOUND_EVENT)', S7_COMPOUND_EVENT, S7_COMPOUND_OBSERVED);

table('documented and derived semantics on S7_SIMPLE_EVENT', S7_SIMPLE_EVENT, [
  // DOC [S1/S2]: wildcard selectors are existential
  ['{ $.arrayKey[*] = %val.{2}% }', true],
  ['{ $.* = %111\\.111\\.111\\.1[0-9]{1,2}% }', true],
  ['{ $.objectList[*].id = 2 }', true],
  ['{ $.objectList[*].name = "c" }', false],
  ['{ $.objectList[*].id != 1 }', true], // existential: element 1 has id 2 (ref §17.6)
  ['{ $.objectList[*].id > 1 }', true],
  ['{ $.objectList[*].id > 2 }', false],
  ['{ $.arrayKey.* = "another value" }', true], // `.*` and `[*]` are one step
  ['{ $.objectList[*] = * }', false], // the elements are objects
  ['{ $.arrayKey[*] NOT EXISTS }', false],
  ['{ $.emptyList[*] NOT EXISTS }', true],
  ['{ $.ThisFlag[*] NOT EXISTS }', true],
  ['{ $.*.id = 7 }', true],
  // DOC [S1/S2]: bracket selector for keys with dots
  ["{ $.['cluster.name'] = \"c1\" }", true],
  ["{ $.['cluster.name'] = c1 }", true],
  ['{ $.cluster.name NOT EXISTS }', true],
  ["{ $.cluster.['id'] = 7 }", true],
  // regex: an unanchored search (DOC [S1, S3])
  ['{ $.eventType = %Trail% }', true],
  ['{ $.eventType = %^Trail% }', false],
  ['{ $.eventType = %^Update% }', true],
  ['{ $.eventType = %[Tt]rail$% }', true],
  ['{ $.eventType != %Trail% }', false],
  ['{ $.eventType != %^Trail% }', true],
  ['{ $.sourceIPAddress = %^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$% }', true],
  ['{ $.someFloat = %^12\\.3% }', true], // regex on a number's text
  ['{ $.missing = %.% }', false],
  ['{ $.missing != %x% }', false],
  ['{ $.ThisFlag = %true% }', false],
  // booleans: only IS TRUE / IS FALSE (ref §17.2, decided)
  ['{ $.ThisFlag IS TRUE }', true],
  ['{ $.ThisFlag IS FALSE }', false],
  ['{ $.ThisFlag = true }', false],
  ['{ $.ThisFlag != false }', false],
  ['{ $.ThisFlag = * }', false],
  ['{ $.eventType IS TRUE }', false],
  ['{ $.flagText IS TRUE }', false], // the string "true" is not a boolean (ref §17.2, decided)
  ['{ $.flagText = true }', true],
  // null: IS NULL only; null exists
  ['{ $.SomeObject = * }', false],
  ['{ $.SomeObject != "x" }', false],
  ['{ $.SomeObject = null }', false],
  ['{ $.SomeObject NOT EXISTS }', false],
  ['{ $.missing IS NULL }', false],
  ['{ $.objectList IS NULL }', false],
  // missing fields: every comparison false, != included (OBS [S8]); NOT EXISTS true, also under a missing parent
  ['{ $.missing = * }', false],
  ['{ $.missing != "x" }', false],
  ['{ $.missing != 1 }', false],
  ['{ $.missing < 1 }', false],
  ['{ $.missing.deeper NOT EXISTS }', true],
  ['{ $.arrayKey[5] NOT EXISTS }', true],
  ['{ $.arrayKey[5] != "x" }', false],
  // objects and arrays as nodes: every comparison false, != included (DOC [S4]: "users" example)
  ['{ $.objectList != 1 }', false],
  ['{ $.objectList != "x" }', false],
  ['{ $.objectList NOT EXISTS }', false],
  ['{ $.emptyList = * }', false],
  // steps into the wrong kind of node find nothing
  ['{ $.arrayKey.length = 2 }', false],
  ['{ $.eventType.length NOT EXISTS }', true],
  ['{ $.eventType[0] NOT EXISTS }', true],
  ['{ $.objectList.0 NOT EXISTS }', true],
  // inherited JavaScript members are not JSON fields
  ['{ $.constructor NOT EXISTS && $.toString NOT EXISTS && $.__proto__ NOT EXISTS }', true],
  ['{ $.objectList[0].hasOwnProperty = * }', false],
  // precedence: () > && > || (DOC [S1, S2, S4])
  ['{ $.someInt = 1 && $.someFloat = 9 || $.eventType = UpdateTrail }', true],
  ['{ $.eventType = UpdateTrail || $.someInt = 1 && $.someFloat = 9 }', true],
  ['{ $.eventType = Nope || $.someInt = 123 && $.someFloat = 9 }', false],
  ['{ ($.eventType = Nope || $.someInt = 123) && $.someFloat = 12.34 }', true],
  ['{ $.eventType = Nope || $.someInt = 123 && $.someFloat = 12.34 }', true],
]);

table('numbers and number literals', '{"latency": 1500, "numbers": [9999, 10001], "number": [0.001], "status": "500", "statusF": "500.0", "neg": -0.0, "big": 1E3, "price": 1.50}', [
  ['{ $.latency > +1000 }', true],
  ['{ $.latency > 1.5e3 }', false],
  ['{ $.latency >= 1.5e3 }', true],
  ['{ $.numbers[0] < 10e3 }', true],
  ['{ $.numbers[1] < 10e3 }', false],
  ['{ $.number[0] = 1e-3 }', true],
  ['{ $.neg = 0 }', true],
  ['{ $.neg = "-0.0" }', true],
  ['{ $.big = 1000 }', true],
  ['{ $.big = "1E3" }', true],
  ['{ $.big = "1000" }', false],
  ['{ $.big = 1E* }', true],
  ['{ $.price = 1.5 }', true],
  ['{ $.price = "1.50" }', true],
  ['{ $.price = "1.5" }', false],
  ['{ $.price = %0$% }', true],
  // a numeric-looking string with an unquoted number: compared as text (ref §17.3, decided)
  ['{ $.status = 500 }', true],
  ['{ $.status != 500 }', false],
  ['{ $.statusF = 500 }', false],
  ['{ $.statusF != 500 }', true],
  ['{ $.status > 100 }', false],
  ['{ $.status = "500" }', true],
]);

describe('number source text', () => {
  const text = '{"someFloat2": 12.0, "list": [1, 2.50], "nested": {"n": 12.0}}';

  it('compares a number node by its JSON source text when the text is given', () => {
    const event = JSON.parse(text);
    expect(compileMatcher('{ $.someFloat2 != "12" }')(event, text)).toBe(true);
    expect(compileMatcher('{ $.someFloat2 = "12.0" }')(event, text)).toBe(true);
    expect(compileMatcher('{ $.someFloat2 = 12.0* }')(event, text)).toBe(true);
    expect(compileMatcher('{ $.list[*] = "2.50" }')(event, text)).toBe(true);
    expect(compileMatcher('{ $.nested.* = "12.0" && $.someFloat2 = 12 }')(event, text)).toBe(true);
  });

  it("falls back to the number's JavaScript form without the text", () => {
    const event = JSON.parse(text);
    expect(compileMatcher('{ $.someFloat2 != "12" }')(event)).toBe(false);
    expect(compileMatcher('{ $.someFloat2 = "12" }')(event)).toBe(true);
    expect(compileMatcher('{ $.list[*] = "2.5" }')(event)).toBe(true);
  });

  it('reads the text only for the event it belongs to (one event, several matchers)', () => {
    const first = JSON.parse(text);
    const other = '{"someFloat2": 12.00}';
    const dotZero = compileMatcher('{ $.someFloat2 = "12.0" }');
    const dotZeroZero = compileMatcher('{ $.someFloat2 = "12.00" }');
    expect(dotZero(first, text)).toBe(true);
    expect(dotZeroZero(first, text)).toBe(false);
    expect(dotZero(JSON.parse(other), other)).toBe(false);
    expect(dotZeroZero(JSON.parse(other), other)).toBe(true);
  });

  it('keeps numbers leaves in the source-text tree', () => {
    const matcher = compileMatcher('{ $.someFloat2 = "12.0" && $.someFloat2.* NOT EXISTS && $.someFloat2.constructor NOT EXISTS }');
    expect(matcher(JSON.parse(text), text)).toBe(true);
  });

  it('parses strings, escapes and odd keys in the source text like JSON.parse', () => {
    const tricky = String.raw`{ "n" : 1.50 , "s": "a\"b\\c\u00e9\ud83d\ude00/\n", "__proto__": {"k": [true, false, null, -2e-5]}, "e": {}, "a": [] }`;
    const event = JSON.parse(tricky);
    const matcher = compileMatcher(
      '{ $.n = "1.50" && $.s = "a\\"b\\\\cé😀/\n" && $.__proto__.k[0] IS TRUE && $.__proto__.k[1] IS FALSE && $.__proto__.k[2] IS NULL && $.__proto__.k[3] = "-2e-5" && $.e NOT EXISTS && $.a.* NOT EXISTS }',
    );
    expect(matcher(event, tricky)).toBe(false); // $.e exists (an empty object)
    const withoutE = compileMatcher(
      '{ $.n = "1.50" && $.s = "a\\"b\\\\cé😀/\n" && $.__proto__.k[0] IS TRUE && $.__proto__.k[1] IS FALSE && $.__proto__.k[2] IS NULL && $.__proto__.k[3] = "-2e-5" && $.a.* NOT EXISTS }',
    );
    expect(withoutE(event, tricky)).toBe(true);
  });

  it('uses the JavaScript form when the given text is not JSON', () => {
    const event = JSON.parse(text);
    expect(compileMatcher('{ $.someFloat2 = "12" }')(event, 'not json')).toBe(true);
  });
});

describe('events that are not JSON objects', () => {
  it.each([
    ['not json at all', false],
    ['"a JSON string"', false],
    ['42', false],
    ['null', false],
    ['[1, 2]', true], // an array is JSON; $.a finds nothing in it
  ])('{ $.a NOT EXISTS } on %s -> %s', (text, expected) => {
    expect(matchesEvent('{ $.a NOT EXISTS }', text)).toBe(expected);
  });

  it('"" matches every event, even one that is not JSON (DOC [S4])', () => {
    expect(matchesEvent('', 'not json')).toBe(true);
    expect(compileMatcher('')(undefined)).toBe(true);
  });

  it('compileMatcher throws PatternSyntaxError on bad text', () => {
    expect(() => compileMatcher('{ $.a = }')).toThrow(PatternSyntaxError);
    expect(() => matchesEvent("{ $.a = 'x' }", '{}')).toThrow(PatternSyntaxError);
  });
});

describe('CIS and tuned patterns on CloudTrail records', () => {
  const rootLogin = cloudTrailRecord({
    userIdentity: { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' },
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    responseElements: { ConsoleLogin: 'Success' },
    additionalEventData: { LoginTo: 'https://console.aws.amazon.com/', MobileVersion: 'No', MFAUsed: 'Yes' },
    eventType: 'AwsConsoleSignIn',
  });
  const rootByService = cloudTrailRecord({
    userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root', invokedBy: 'support.amazonaws.com' },
  });
  const iamUserNoMfa = cloudTrailRecord({
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/bob', userName: 'bob' },
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    responseElements: { ConsoleLogin: 'Success' },
    additionalEventData: { MFAUsed: 'No' },
  });
  const federatedLogin = cloudTrailRecord({ eventName: 'ConsoleLogin', responseElements: { ConsoleLogin: 'Success' } });
  const accessDenied = cloudTrailRecord({ eventName: 'GetBucketPolicy', eventSource: 's3.amazonaws.com', errorCode: 'AccessDenied', errorMessage: 'Access Denied' });
  const logDeliveryDenied = cloudTrailRecord({ errorCode: 'AccessDenied', sourceIPAddress: 'delivery.logs.amazonaws.com', eventName: 'PutObject' });
  const ec2Unauthorized = cloudTrailRecord({ errorCode: 'Client.UnauthorizedOperation', sourceIPAddress: 'delivery.logs.amazonaws.com' });
  const serviceDenied = cloudTrailRecord({
    errorCode: 'AccessDenied',
    userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForConfig/AWSConfig-Describe' },
  });
  const mspDenied = cloudTrailRecord({ errorCode: 'AccessDenied', userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/msp-role/mzc_msp_2' } });
  const kmsDeletion = cloudTrailRecord({ eventSource: 'kms.amazonaws.com', eventName: 'ScheduleKeyDeletion', requestParameters: { keyId: 'k', pendingWindowInDays: 7 } });
  const policyChange = cloudTrailRecord({ eventSource: 'iam.amazonaws.com', eventName: 'PutRolePolicy' });
  const describe_ = cloudTrailRecord();

  const cases: [string, string, string, boolean][] = [
    ['3.3 root', CIS_PATTERNS['3.3'], rootLogin, true],
    ['3.3 root invoked by a service', CIS_PATTERNS['3.3'], rootByService, false],
    ['3.3 non-root', CIS_PATTERNS['3.3'], policyChange, false],
    ['3.2 IAM user without MFA', CIS_PATTERNS['3.2'], iamUserNoMfa, true],
    ['3.2 root with MFA', CIS_PATTERNS['3.2'], rootLogin, false],
    // OBS [S8]: MFAUsed is absent for federated logins, and != on a missing field is false
    ['3.2 federated login without MFAUsed', CIS_PATTERNS['3.2'], federatedLogin, false],
    [
      '3.2 rewritten with NOT EXISTS',
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed NOT EXISTS || $.additionalEventData.MFAUsed != "Yes") }',
      federatedLogin,
      true,
    ],
    ['3.1 AccessDenied*', CIS_PATTERNS['3.1'], accessDenied, true],
    ['3.1 *UnauthorizedOperation', CIS_PATTERNS['3.1'], ec2Unauthorized, true],
    ['3.1 no error', CIS_PATTERNS['3.1'], describe_, false],
    // v2.0+ text: A || (B && C && D) by precedence
    ['4.1 v2.0+ AccessDenied from log delivery', CIS_PATTERNS['4.1 v2.0+'], logDeliveryDenied, false],
    ['4.1 v2.0+ UnauthorizedOperation from log delivery', CIS_PATTERNS['4.1 v2.0+'], ec2Unauthorized, true],
    ['4.1 v2.0+ AccessDenied from a person', CIS_PATTERNS['4.1 v2.0+'], accessDenied, true],
    ['4.1 v1.4 matches nearly everything', CIS_PATTERNS['4.1 v1.4 remediation'], describe_, true],
    ['4.1 intent, log delivery', CIS_PATTERNS['4.1 intent (terraform-aws-modules #26)'], ec2Unauthorized, false],
    ['3.7 KMS, unquoted kms.amazonaws.com', CIS_PATTERNS['3.7'], kmsDeletion, true],
    ['3.7 KMS on another source', CIS_PATTERNS['3.7'], policyChange, false],
    ['3.4 IAM policy', CIS_PATTERNS['3.4'], policyChange, true],
    ['3.4 other event', CIS_PATTERNS['3.4'], kmsDeletion, false],
    ['tuned unauthorized, a person', SEED_GUIDE_PATTERNS['unauthorized (tuned)'], accessDenied, true],
    ['tuned unauthorized, Config service role', SEED_GUIDE_PATTERNS['unauthorized (tuned)'], serviceDenied, false],
    // middle wildcard "*assumed-role/*/mzc_msp_2" (first-occurrence model; same as a glob here)
    ['tuned unauthorized, MSP session', SEED_GUIDE_PATTERNS['unauthorized (tuned)'], mspDenied, false],
    ['no-mfa, IAM user', SEED_GUIDE_PATTERNS['no mfa'], iamUserNoMfa, true],
  ];

  it.each(cases)('%s', (_name, pattern, event, expected) => {
    expect(matchesEvent(pattern, event)).toBe(expected);
  });
});

describe('middle wildcards (FLAGGED: first-occurrence model of ref §8, not a glob)', () => {
  it.each([
    ['{ $.arn = "*assumed-role/*/mzc_msp_2" }', 'arn:aws:sts::1:assumed-role/r/mzc_msp_2', true],
    // the last segment's FIRST occurrence must end the text: a glob would say true here
    ['{ $.arn = "*assumed-role/*/mzc_msp_2" }', 'arn:aws:sts::1:assumed-role/r/mzc_msp_2/mzc_msp_2', false],
    ['{ $.arn = "*/mzc_msp_2" }', 'x/mzc_msp_2/mzc_msp_2', false],
    ['{ $.arn = "a*b*c" }', 'a-b-c', true],
    ['{ $.arn = "a*b*c" }', 'abc', true],
    ['{ $.arn = "a*b*c" }', 'a-c-b', false],
    ['{ $.arn = "a**c" }', 'abc', true],
    ['{ $.arn = "ab*b" }', 'ab', false],
    ['{ $.arn = "*" }', '', true],
    ['{ $.arn = "**" }', '', true],
    ['{ $.arn = "*x*" }', 'axb', true],
    ['{ $.arn = "*x*" }', 'ab', false],
    ['{ $.arn = "" }', '', true],
    ['{ $.arn = "" }', 'a', false],
  ])('%s on %j -> %s', (pattern, arn, expected) => {
    expect(matchesEvent(pattern, JSON.stringify({ arn }))).toBe(expected);
  });
});

describe('OR of exact values on one field (Set lookup)', () => {
  const event = (value: unknown) => JSON.stringify({ eventName: value, other: 'x' });

  it.each([
    ['PutRolePolicy', true],
    ['DeleteRolePolicy', true],
    ['putrolepolicy', false],
    ['PutRolePolicyX', false],
    [null, false],
    [true, false],
    [['PutRolePolicy'], false],
    [{ a: 'PutRolePolicy' }, false],
  ])('%j -> %s', (value, expected) => {
    expect(matchesEvent(CIS_PATTERNS['3.4'], event(value))).toBe(expected);
  });

  it('matches a number node by its source text, and keeps other OR terms', () => {
    const matcher = compileMatcher({ kind: 'json', expr: or(oneOf('$.code', ['404', '500', 'x*']), eq('$.other', 'y')) });
    const text = (code: string) => `{"code": ${code}, "other": "x"}`;
    expect(matcher(JSON.parse(text('500')), text('500'))).toBe(true);
    expect(matcher(JSON.parse(text('500.0')), text('500.0'))).toBe(false);
    expect(matcher(JSON.parse(text('404')))).toBe(true);
    expect(matcher(JSON.parse(text('"xyz"')))).toBe(true); // the wildcard term stays a wildcard
    expect(matcher(JSON.parse(text('"404"')))).toBe(true);
    expect(matcher(JSON.parse(text('1')))).toBe(false);
    expect(matcher(JSON.parse('{"code": 1, "other": "y"}'))).toBe(true);
  });

  it('groups by selector: the same value on another path does not count', () => {
    const matcher = compileMatcher({ kind: 'json', expr: or(eq('$.a.b', 'v'), eq('$.a.c', 'w'), eq('$.a.b', 'u')) });
    expect(matcher({ a: { b: 'w' } })).toBe(false);
    expect(matcher({ a: { c: 'w' } })).toBe(true);
    expect(matcher({ a: { b: 'u' } })).toBe(true);
  });
});

describe('ASTs built by the catalog builders', () => {
  it('evaluates an exclusion written as NOT EXISTS || !=', () => {
    const matcher = compileMatcher({
      kind: 'json',
      expr: and(eq('$.eventName', 'ConsoleLogin'), or(notExists('$.additionalEventData.MFAUsed'), ne('$.additionalEventData.MFAUsed', 'Yes'))),
    });
    expect(matcher({ eventName: 'ConsoleLogin' })).toBe(true);
    expect(matcher({ eventName: 'ConsoleLogin', additionalEventData: { MFAUsed: 'No' } })).toBe(true);
    expect(matcher({ eventName: 'ConsoleLogin', additionalEventData: { MFAUsed: 'Yes' } })).toBe(false);
  });

  it('rejects an invalid regex literal at compile time', () => {
    expect(() =>
      compileMatcher({ kind: 'json', expr: { kind: 'compare', selector: { text: '$.a', steps: [{ kind: 'key', name: 'a' }] }, op: '=', value: { kind: 'regex', source: '(x)' } } }),
    ).toThrow(PatternSyntaxError);
  });
});
