/**
 * What the Trino proof runs: the detection configurations (both profiles, with and without exclusions, plus
 * custom detections that use every operator) and the CloudTrail records (the test fixtures plus generated
 * records whose every field is drawn from the values the patterns name, their near misses and edge cases).
 * Deterministic: a seeded generator, so a failure names a record that the next run has too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  accessDenied,
  assumedRole,
  awsService,
  cloudTrailEvent,
  consoleLogin,
  iamUser,
  instanceProfile,
  invokedByService,
  root,
  rootViaSignin,
  samlUser,
  serviceLinkedRole,
  ssoUser,
  type CloudTrailRecord,
} from '../../__tests__/fixtures/cloudtrail';
import { compileDetections } from '../../catalog/compile';
import type { CompiledDetection, CustomDetection, DetectionSettings, Exclusions } from '../../catalog/types';
import type { Expr } from '../../pattern/ast';
import { parsePattern } from '../../pattern/parse';

/** Custom detections exercising every operator, selector form and wildcard shape of the language. */
const OPERATOR_PATTERNS: readonly string[] = [
  '{$.requestParameters.enable IS TRUE}',
  '{$.requestParameters.enable IS FALSE}',
  '{$.requestParameters.enable IS NULL}',
  '{$.requestParameters.enable NOT EXISTS && $.eventName = UpdateDetector}',
  '{$.requestParameters.enable = "false"}',
  '{$.requestParameters.enable != "false"}',
  '{$.requestParameters.count > 3}',
  '{$.requestParameters.count < 3}',
  '{$.requestParameters.count >= 2.5}',
  '{$.requestParameters.count <= -1}',
  '{$.requestParameters.count = 5}',
  '{$.requestParameters.count != 5}',
  '{$.requestParameters.count = 1e1}',
  '{$.requestParameters.count = *}',
  '{$.requestParameters.count != *}',
  '{$.requestParameters.list[*] = "a*"}',
  '{$.requestParameters.list[1] = 2}',
  '{$.requestParameters.list[0] IS NULL}',
  '{$.requestParameters.list[*].k = v}',
  '{$.requestParameters.* = "x*"}',
  '{$.requestParameters.nested.* IS NULL}',
  '{$.requestParameters.nested.n >= 2.5}',
  "{$.requestParameters.['dotted.key'] = yes}",
  '{$.requestParameters.name = "ab*cd*ef"}',
  '{$.requestParameters.name = "*ef"}',
  '{$.requestParameters.name = "ab*"}',
  '{$.requestParameters.name = "*cd*"}',
  '{$.requestParameters.name != "ab*ef"}',
  '{$.resources[0].ARN = "arn:aws:s3:::b*"}',
  '{$.resources[*].type = "AWS::S3::Bucket"}',
  '{$.resources[1].accountId NOT EXISTS}',
  '{$.resources[*] NOT EXISTS}',
  '{$.readOnly IS TRUE}',
  '{$.readOnly IS FALSE}',
  '{$.readOnly = true}',
  '{$.eventName = *}',
  '{$.errorCode != *}',
  '{$.errorCode = "*"}',
  '{$.errorCode = "*UnauthorizedOperation" || $.errorCode = "Access*Denied*"}',
  '{$.userIdentity.sessionContext.attributes.mfaAuthenticated = true}',
  '{$.additionalEventData.MFAUsed != "Yes"}',
  '{$.additionalEventData.MFAUsed NOT EXISTS}',
  '{$.responseElements.ConsoleLogin != Success && $.eventName = ConsoleLogin}',
  '{$.eventVersion = 1.09}',
  '{$.eventVersion > 1}',
  '{$.userIdentity.arn = "arn:aws:iam::*:root"}',
  '{$.userIdentity IS TRUE || $.userIdentity.type = 5}',
  '{$.userIdentity.sessionContext.sessionIssuer.userName = "AWSServiceRoleFor*" && $.userIdentity.invokedBy != "*.amazonaws.com"}',
  '{$.eventName = %^Delete%}',
  '{$.eventName = %Bucket$%}',
  '{$.errorMessage = %^Fail.*tion$%}',
  '{$.errorMessage != %\\s%}',
  '{$.errorMessage = %a\\S+b%}',
  '{$.errorMessage = %[\\d\\s]{2,}%}',
  '{$.errorMessage = %^[^x]+$%}',
  '{$.errorMessage = %\\w\\W*\\d%}',
  '{$.userAgent = %aws-cli/2\\.1[0-9]|Safari%}',
  '{$.sourceIPAddress = %^203\\.0\\.113\\.\\d{1,3}$%}',
  '{$.errorMessage = %\\x41\\x3A%}',
];

/** Patterns the SQL compiler must refuse (each for a reason it states), to prove it does. */
const REFUSED_PATTERNS: readonly string[] = [
  '{$.requestParameters.port = "22"}',
  '{$.requestParameters.name = %ab%}',
  '{$.errorMessage = %a.b%}',
  '{$.userIdentity.* = x}',
  '{$.managementEvent IS TRUE}',
  '{$.errorCode IS NULL}',
  '{$.requestParameters NOT EXISTS}',
];

const customDetection = (pattern: string, i: number, kind: string): CustomDetection => ({ name: `${kind}${String(i).padStart(2, '0')}`, title: { ko: kind, en: kind }, pattern });

const EXCLUSIONS: Exclusions = {
  principalArns: ['*SSO_Admin*', 'arn:*:user/ci-*'],
  eventSources: ['ce.amazonaws.com', 'cloudshell*'],
  eventNames: ['Describe*'],
  userIdentityTypes: ['AWSAccount'],
};

export interface ProofConfiguration {
  readonly label: string;
  readonly detections: readonly CompiledDetection[];
}

/** Both profiles, each without and with account exclusions; the operator detections in every one. */
export function proofConfigurations(): ProofConfiguration[] {
  const custom = [...OPERATOR_PATTERNS.map((p, i) => customDetection(p, i, 'op')), ...REFUSED_PATTERNS.map((p, i) => customDetection(p, i, 'refused'))];
  const configurations: [string, DetectionSettings][] = [
    ['human', { profile: 'human', customDetections: custom }],
    ['cis-securityhub', { profile: 'cis-securityhub', customDetections: custom }],
    ['human + exclusions', { profile: 'human', exclusions: EXCLUSIONS, customDetections: custom }],
    ['cis-securityhub + exclusions', { profile: 'cis-securityhub', exclusions: EXCLUSIONS, customDetections: custom }],
  ];
  return configurations.map(([label, settings]) => ({ label, detections: compileDetections(settings, `proof ${label}`) }));
}

/** Names of the custom detections that must be refused. */
export const EXPECTED_REFUSALS: ReadonlySet<string> = new Set(REFUSED_PATTERNS.map((_, i) => customDetection('', i, 'refused').name));

// ---- records ---------------------------------------------------------------------------------------

/** The days the generated records fall on; the proof's time range leaves the last one out. */
export const RECORD_DAYS = ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08'];

/** mulberry32: small, seeded, good enough to spread values. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The string literals each plain key path is compared with, over every pattern of every configuration. */
function literalsByPath(configurations: readonly ProofConfiguration[]): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const visit = (expr: Expr): void => {
    if (expr.kind === 'and' || expr.kind === 'or') return expr.terms.forEach(visit);
    if (expr.kind !== 'compare' || expr.value.kind !== 'string') return;
    const set = found.get(expr.selector.text) ?? new Set<string>();
    set.add(expr.value.value);
    found.set(expr.selector.text, set);
  };
  for (const { detections } of configurations) {
    for (const { pattern } of detections) {
      const ast = parsePattern(pattern);
      if (ast.kind === 'json') visit(ast.expr);
    }
  }
  return found;
}

/** A literal's matching values and near misses: `*` filled in, cut short, prefixed, suffixed, doubled. */
function variants(literal: string): string[] {
  const filled = literal.replaceAll('*', 'Zz');
  const bare = literal.replaceAll('*', '');
  return [filled, bare, `x${bare}`, `${bare}x`, `${bare}${bare}`, bare.slice(1), bare.slice(0, -1), literal];
}

/** Messages for the regex detections: line terminators, JavaScript-only white space, astral characters, digits. */
const ERROR_MESSAGES = [
  undefined,
  undefined,
  'Failed authentication',
  'Failed authentication\n',
  'Denied',
  'a\u00a0b',
  'a\u2028b',
  'a\ufeffb',
  'a😀b',
  'x😀y',
  'A:B',
  'A:',
  '12 34',
  '1\t2',
  'é9',
  '٣',
  '_-5',
  'zz',
  '',
];

/** Unique eventIDs for generated records (the fixtures' builders number theirs from 1). */
let generatedId = 0;

/** The records: fixture files, fixture builders, and `count` generated ones. */
export function proofRecords(configurations: readonly ProofConfiguration[], fixturesDir: string, count = 4000, seed = 12): CloudTrailRecord[] {
  const next = random(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
  const literals = literalsByPath(configurations);
  const valuesOf = (selector: string, extra: readonly string[]): string[] => [...extra, ...[...(literals.get(selector) ?? [])].flatMap(variants)];

  const sources = valuesOf('$.eventSource', ['signin.amazonaws.com', 'ec2.amazonaws.com', 'cloudshell.amazonaws.com']);
  const names = valuesOf('$.eventName', ['ConsoleLogin', 'DescribeInstances', 'UpdateDetector', 'PutBucketCors']);
  const errorCodes = [undefined, undefined, undefined, 'UnauthorizedOperationUnauthorizedOperation', 'AccessXDeniedY', ...valuesOf('$.errorCode', ['ThrottlingException'])];
  const identities: (() => Record<string, unknown> | undefined)[] = [
    () => iamUser(),
    () => iamUser('ci-deployer'),
    () => ssoUser(),
    () => ssoUser('Admin'),
    () => samlUser(),
    root,
    rootViaSignin,
    () => awsService(),
    () => serviceLinkedRole(),
    () => invokedByService(),
    () => invokedByService('cloudformation.amazonaws.comx'),
    () => instanceProfile(),
    () => ({}),
    () => undefined,
    () => ({ type: 'AWSAccount', principalId: 'AIDAEXAMPLE', accountId: '444455556666' }),
    () => ({ ...assumedRole('AWSServiceRoleForConfig', 's'), arn: 'arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForConfig/s' }),
    () => ({ ...iamUser(), sessionContext: { attributes: { mfaAuthenticated: 'true', creationDate: '2026-01-07T03:55:12Z' } } }),
  ];
  const requestParameters = [
    undefined,
    null,
    {},
    { enable: false },
    { enable: true },
    { enable: 'false' },
    { enable: null },
    { enable: 0 },
    { count: 5 },
    { count: 5.0 },
    { count: '5' },
    { count: 2.5 },
    { count: -1 },
    { count: 10 },
    { count: 1e1 },
    { count: null },
    { count: [5] },
    { list: ['abc', 2, null] },
    { list: [null, 2.0] },
    { list: [{ k: 'v' }, { k: 'w' }] },
    { list: 'abc' },
    { x: 'xyz', y: 1 },
    { nested: { n: 3, m: null } },
    { nested: { n: '3' } },
    { nested: [1, 2] },
    { 'dotted.key': 'yes' },
    { dotted: { key: 'yes' } },
    { name: 'abXcdYef' },
    { name: 'abcdefef' },
    { name: 'abcdef' },
    { name: 'abefcdef' },
    { name: 'ab*cd*ef' },
    { name: 'ab' },
    { name: 'xcdx' },
    { name: 12 },
    { port: '22' },
    { port: 22 },
  ];
  const responseElements = [null, undefined, { ConsoleLogin: 'Success' }, { ConsoleLogin: 'Failure' }, { ConsoleLogin: null }, { ConsoleLogin: ['Success'] }, { ConsoleLogin: { x: 1 } }];
  const additionalEventData = [undefined, { MFAUsed: 'Yes' }, { MFAUsed: 'No' }, { MFAUsed: null }, { MFAUsed: 1 }, { MFAUsed: true }, {}];
  const resources = [
    undefined,
    [],
    [{ ARN: 'arn:aws:s3:::bucket-1', accountId: '111122223333', type: 'AWS::S3::Bucket' }],
    [
      { ARN: 'arn:aws:s3:::other', accountId: '111122223333', type: 'AWS::S3::Object' },
      { ARN: 'arn:aws:s3:::bucket-2', type: 'AWS::S3::Bucket' },
    ],
  ];

  const records: CloudTrailRecord[] = [...fixtureFileRecords(fixturesDir), ...builderRecords()];
  for (let i = 0; i < count; i++) {
    const day = pick(RECORD_DAYS);
    const seconds = Math.floor(next() * 86_400);
    const fields: CloudTrailRecord = {
      eventTime: `${day}T${new Date(seconds * 1000).toISOString().slice(11, 19)}Z`,
      eventSource: pick(sources),
      eventName: pick(names),
      eventType: pick(['AwsApiCall', 'AwsApiCall', 'AwsServiceEvent', 'AwsConsoleSignIn']),
      readOnly: pick([true, false]),
      requestParameters: pick(requestParameters),
      responseElements: pick(responseElements),
      additionalEventData: pick(additionalEventData),
      errorCode: pick(errorCodes),
      errorMessage: pick(ERROR_MESSAGES),
      sourceIPAddress: pick(['203.0.113.9', 'delivery.logs.amazonaws.com', 'cloudformation.amazonaws.com', undefined]),
      resources: pick(resources),
      eventID: `proof-${String(++generatedId).padStart(6, '0')}`,
    };
    if (next() < 0.05) delete fields.eventVersion;
    const record = cloudTrailEvent(pick(identities)() ?? {}, fields);
    if (record.userIdentity !== undefined && Object.keys(record.userIdentity as object).length === 0 && next() < 0.5) delete record.userIdentity;
    // JSON drops undefined fields: an absent key, as CloudTrail writes it.
    records.push(JSON.parse(JSON.stringify(record)) as CloudTrailRecord);
  }
  return records;
}

/**
 * The records of the replay fixtures: an S3 log file (Records array) and a CloudWatch Logs export (timestamp,
 * space, JSON). The export repeats some of the file's events; each event is kept once.
 */
function fixtureFileRecords(fixturesDir: string): CloudTrailRecord[] {
  const records: CloudTrailRecord[] = [];
  for (const file of fs.readdirSync(fixturesDir).sort()) {
    const text = fs.readFileSync(path.join(fixturesDir, file), 'utf8');
    if (file.endsWith('.json')) records.push(...(JSON.parse(text) as { Records: CloudTrailRecord[] }).Records);
    else for (const line of text.split('\n').filter(Boolean)) records.push(JSON.parse(line.slice(line.indexOf(' ') + 1)) as CloudTrailRecord);
  }
  return records.filter((record, i) => records.findIndex((other) => other.eventID === record.eventID) === i);
}

/** One record from each fixture builder the detection tests use (ids of their own: the files use the builders' scheme). */
function builderRecords(): CloudTrailRecord[] {
  const built = [
    accessDenied(iamUser()),
    accessDenied(awsService(), 'ec2.amazonaws.com', 'RunInstances', 'Client.UnauthorizedOperation'),
    consoleLogin(iamUser(), 'Success'),
    consoleLogin(iamUser(), 'Success', { MFAUsed: 'Yes' }),
    consoleLogin(root(), 'Failure'),
    consoleLogin(ssoUser(), 'Success', { MFAUsed: 'No' }),
  ];
  return built.map((record, i) => ({ ...record, eventID: `builder-${i}` }));
}
