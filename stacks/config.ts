/**
 * The per-account configuration: its schema, its defaults, and the checks that must fail before anything
 * is written (unknown fields, bad ids, filter patterns CloudWatch would reject, name collisions).
 *
 * The CLI imports this module, so it stays free of cdktf and the provider (they cost seconds to load).
 */
import { z } from 'zod';
import { compileDetections, DetectionConfigError } from '../catalog/compile';
import { PROFILES, type CompiledDetection, type DetectionSettings } from '../catalog/types';
import { settingProblem, type NotifierSettings as MessageSettings } from '../lambda/notifier/environment';
import { DETECTIONS_DEFAULTS, NOTIFIER_PROPS_DEFAULTS, TRAIL_DEFAULTS } from './defaults';
import { functionSettingProblem, type NotifierFunctionSettings } from './notifier-settings';
import { expirationProblem, LOG_RETENTION_DAYS, MAX_METRIC_FILTERS_PER_LOG_GROUP, MIN_TRAIL_LOG_RETENTION_DAYS, type LogRetentionDays } from './limits';
import { baseNameOf, detectionResourceName, trailNames, healthAlarmNames, notifierNames, pipelineNameProblems, trailNameProblems, type NamingProblem } from './naming';

/** A configuration that cannot be synthesized. One line per problem, each naming the account and the field. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The configuration's defaults: the constructs' own (stacks/defaults.ts), quoted by the README's configuration table. */
export const DEFAULTS = {
  metricNamespace: DETECTIONS_DEFAULTS.metricNamespace,
  namePrefix: DETECTIONS_DEFAULTS.namePrefix,
  trail: TRAIL_DEFAULTS,
  notifier: NOTIFIER_PROPS_DEFAULTS,
} as const;

// ---- field schemas -------------------------------------------------------------------------------

const accountId = z.string().regex(/^\d{12}$/, { error: 'expected a 12-digit AWS account id as a string, e.g. "123456789012"' });
/** Lowercase, ≤ 24 characters: it ends up in S3 bucket names (≤ 63 characters with the account id). */
const accountName = z
  .string()
  .regex(/^[a-z](?:[a-z0-9-]{0,22}[a-z0-9])?$/, { error: 'expected 1–24 lowercase letters, digits or "-", starting with a letter and not ending with "-"' });
const region = z
  .string()
  .regex(/^(?!cn-)[a-z]{2}-[a-z]+-\d{1,2}$/, { error: 'expected an AWS region of the aws partition such as "ap-northeast-2" (China and GovCloud are not supported)' });
const roleArn = z.string().regex(/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, { error: 'expected an IAM role ARN, e.g. "arn:aws:iam::123456789012:role/terraform"' });
const logGroupName = z.string().regex(/^[.\-_/#A-Za-z0-9]{1,512}$/, { error: 'expected a CloudWatch Logs log group name (letters, digits, "._-/#"), e.g. "aws-controltower/CloudTrailLogs"' });
/**
 * Tag text AWS accepts everywhere trailwatch tags (IAM is the strictest: letters, digits, spaces and `_ . : / = + - @`;
 * moto's IAM refused `team ${prod}` in npm run terraform:moto). Keys 1–128 characters, not starting with the
 * reserved `aws:`; values up to 256 (Tagging AWS Resources User Guide, "Tag naming limits and requirements").
 */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_TEXT_RULE = 'letters, digits, spaces and "_.:/=+-@"';
const tagKey = z
  .string()
  .regex(TAG_TEXT, { error: `expected a tag key of ${TAG_TEXT_RULE}` })
  .min(1)
  .max(128)
  .refine((key) => !key.toLowerCase().startsWith('aws:'), { error: 'expected a tag key not starting with the reserved "aws:"' });
const tagValue = z.string().regex(TAG_TEXT, { error: `expected a tag value of ${TAG_TEXT_RULE}` }).max(256);
const MAX_USER_TAGS = 48;
const days = (min: number) => z.number().int({ error: 'expected a whole number of days' }).min(min, { error: `expected at least ${min} days` });

function retentionDays(min: number) {
  const allowed = LOG_RETENTION_DAYS.filter((d) => d === 0 || d >= min);
  return z
    .number()
    .refine((d) => (allowed as readonly number[]).includes(d), {
      error: `expected one of the CloudWatch Logs retention values ${allowed.join(', ')} (0 = never expire)`,
    })
    .transform((d) => d as LogRetentionDays);
}

const backend = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('local'),
      /** @default `terraform.<stack id>.tfstate` in the stack's folder */
      path: z.string().min(1).optional(),
    }),
    z.strictObject({
      type: z.literal('s3'),
      bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'expected an S3 bucket name' }),
      /** @default `trailwatch/<name>.tfstate` */
      key: z.string().min(1).optional(),
      /** @default the account's region */
      region: region.optional(),
      encrypt: z.boolean().default(true),
      /** A role the backend assumes to reach the state bucket. */
      roleArn: roleArn.optional(),
    }),
  ],
  { error: 'expected "local" or "s3"' },
);

/** What a trail this stack creates keeps, and for how long. */
const trailStorage = {
  /** The CloudWatch log group the detections read. */
  logRetentionDays: retentionDays(MIN_TRAIL_LOG_RETENTION_DAYS).default(DEFAULTS.trail.logRetentionDays),
  glacierTransitionDays: days(1).default(DEFAULTS.trail.glacierTransitionDays),
  expirationDays: days(2).default(DEFAULTS.trail.expirationDays),
  /** S3 server access logs of the trail bucket. */
  accessLogExpirationDays: days(1).default(DEFAULTS.trail.accessLogExpirationDays),
};

const trail = z
  .discriminatedUnion(
    'mode',
    [
      z.strictObject({ mode: z.literal('create'), ...trailStorage }),
      z.strictObject({
        mode: z.literal('existing'),
        /** The log group an existing trail already delivers to, e.g. Control Tower's `aws-controltower/CloudTrailLogs`. */
        logGroupName,
      }),
      z.strictObject({
        mode: z.literal('organization'),
        /** The organization id (`o-…`): organization trails write under `AWSLogs/<organization id>/`. */
        organizationId: z.string().regex(/^o-[a-z0-9]{10,32}$/, { error: 'expected an AWS Organizations id such as "o-a1b2c3d4e5"' }),
        ...trailStorage,
      }),
    ],
    { error: 'expected "create", "existing" or "organization"' },
  )
  .superRefine((t, ctx) => {
    const problem = t.mode === 'existing' ? undefined : expirationProblem(t.glacierTransitionDays, t.expirationDays);
    if (problem) ctx.addIssue({ code: 'custom', path: ['expirationDays'], message: problem });
  });

const names = z.array(z.string().min(1, { error: 'expected a non-empty string' }));
const exclusions = z.strictObject({
  principalArns: names.optional(),
  eventSources: names.optional(),
  eventNames: names.optional(),
  userIdentityTypes: names.optional(),
});
const alarmSettings = {
  period: z.number().optional(),
  threshold: z.number().optional(),
  evaluationPeriods: z.number().optional(),
};
const titles = z.strictObject({ ko: z.string().min(1), en: z.string().min(1) });
const detections = z.strictObject({
  profile: z.enum(PROFILES).optional(),
  exclusions: exclusions.optional(),
  overrides: z.record(z.string(), z.strictObject({ enabled: z.boolean().optional(), exclusions: exclusions.optional(), ...alarmSettings })).optional(),
  customDetections: z
    .array(z.strictObject({ name: z.string(), title: titles, description: z.string().optional(), pattern: z.string(), ...alarmSettings }))
    .optional(),
});

/** A setting checked by the rule the notifier itself applies (stacks/notifier-settings.ts), with its default. */
function notifierSetting<T>(problem: (value: unknown) => string | undefined, fallback: T) {
  return z
    .custom<T>()
    .superRefine((value, ctx) => {
      const why = problem(value);
      if (why) ctx.addIssue({ code: 'custom', message: why });
    })
    .default(fallback as z.util.NoUndefined<T>); // the defaults are never undefined
}
const messageSetting = <K extends keyof MessageSettings>(field: K) =>
  notifierSetting<Required<MessageSettings>[K]>((value) => settingProblem(field, value), NOTIFIER_PROPS_DEFAULTS[field] as Required<MessageSettings>[K]);
const functionSetting = <K extends keyof NotifierFunctionSettings>(field: K) =>
  notifierSetting<Required<NotifierFunctionSettings>[K]>((value) => functionSettingProblem(field, value), NOTIFIER_PROPS_DEFAULTS[field]);

const notifier = z.strictObject({
  target: messageSetting('target'),
  locale: messageSetting('locale'),
  timeZone: messageSetting('timeZone'),
  logMaxEvents: messageSetting('logMaxEvents'),
  windowSlackBeforeSeconds: messageSetting('windowSlackBeforeSeconds'),
  windowSlackAfterSeconds: messageSetting('windowSlackAfterSeconds'),
  botName: messageSetting('botName'),
  notifyOnOk: messageSetting('notifyOnOk'),
  /** `null` (the default) leaves it unreserved: see NotifierFunctionSettings. */
  reservedConcurrency: functionSetting('reservedConcurrency'),
  logRetentionDays: functionSetting('logRetentionDays'),
  memorySize: functionSetting('memorySize'),
  timeoutSeconds: functionSetting('timeoutSeconds'),
});

const account = z.strictObject({
  /** Short name: the stack is `trailwatch-<name>`. Unique across the app. */
  name: accountName,
  /** The 12-digit account id. Unique across the app. */
  id: accountId,
  region,
  /** A role the AWS provider assumes in the account. */
  assumeRoleArn: roleArn.optional(),
  /** Accounts the provider refuses to work outside of. @default [id] */
  allowedAccountIds: z.array(accountId).min(1).optional(),
  backend: backend.prefault({ type: 'local' }),
  trail: trail.prefault({ mode: 'create' }),
  detections: detections.prefault({}),
  /** Prepended alike to every metric filter, metric and alarm name. */
  namePrefix: z
    .string()
    .regex(/^[A-Za-z0-9._-]{0,64}$/, { error: 'expected at most 64 letters, digits, ".", "_" or "-"' })
    .default(DEFAULTS.namePrefix),
  metricNamespace: z
    .string()
    .regex(/^(?!AWS\/)[A-Za-z0-9._/#:-]{1,255}$/, { error: 'expected 1–255 characters of letters, digits, "._/#:-", not starting with the reserved "AWS/"' })
    .default(DEFAULTS.metricNamespace),
  notifier: notifier.prefault({}),
  alerting: z.strictObject({
      /**
       * Who hears about a broken notifier: email addresses subscribed to the health topic, where the notifier's
       * own alarms (errors, dead letters, dropped events) publish without going through it. At least one.
       */
      healthEmails: z.array(z.email({ error: 'expected an email address' })).min(1, {
        error: 'expected at least one email address: the notifier\'s health alarms must reach a person without going through the notifier',
      }),
      /** Email addresses that also receive the raw detection alarm notifications, next to the notifier. */
      alarmEmails: z.array(z.email({ error: 'expected an email address' })).default([]),
  }),
  /**
   * The Glue table, Athena workgroup and named queries that `trailwatch sql` queries run in (stacks/athena.ts).
   * Needs the trail this stack creates: an existing trail's bucket is not known here.
   */
  athena: z
    .strictObject({
      enabled: z.boolean().default(false),
      /** Accounts the table covers: an organization trail's bucket holds every member's logs. @default [id] */
      accountIds: z.array(accountId).min(1).optional(),
      /** Regions the table covers. @default the account's region and us-east-1 (global services) */
      regions: z.array(region).min(1).optional(),
    })
    .prefault({}),
  /** Tags on every resource (provider default_tags), next to `ManagedBy = trailwatch` and `trailwatch:account`. */
  tags: z
    .record(tagKey, tagValue)
    .refine((tags) => Object.keys(tags).length <= MAX_USER_TAGS, {
      error: `expected at most ${MAX_USER_TAGS} tags: AWS allows 50 per resource, and trailwatch adds ManagedBy and trailwatch:account`,
    })
    .default({}),
});

/** An account as written in the configuration (every field with a default may be left out). */
export type AccountConfigInput = z.input<typeof account>;
type ParsedAccount = z.output<typeof account>;
export type BackendConfig = ParsedAccount['backend'];
export type TrailConfig = ParsedAccount['trail'];
export type NotifierSettings = ParsedAccount['notifier'];
export type AthenaSettings = ParsedAccount['athena'];

/** An account with every default applied and its detections compiled: what an account stack is built from. */
export interface AccountConfig extends Omit<ParsedAccount, 'allowedAccountIds' | 'detections'> {
  readonly allowedAccountIds: readonly string[];
  readonly detectionSettings: DetectionSettings;
  /** The enabled detections, patterns validated: exactly one metric filter + one alarm each. */
  readonly detections: readonly CompiledDetection[];
}

/** The CloudTrail log group an account's detections read: the trail's own, or the existing one configured. */
export function monitoredLogGroupName(account: AccountConfig): string {
  return account.trail.mode === 'existing' ? account.trail.logGroupName : trailNames(baseNameOf(account.name), account.id).logGroup;
}

// ---- parsing -------------------------------------------------------------------------------------

/**
 * Validates the accounts of one app and applies the defaults. Throws a {@link ConfigError} listing every
 * problem found, each line naming `source`, the account (by name, or by index when the name itself is bad),
 * the field path and what is expected.
 */
export function parseAccounts(input: unknown, source: string): AccountConfig[] {
  if (!Array.isArray(input) || input.length === 0) {
    throw new ConfigError(`${source}: expected a non-empty array of accounts`);
  }
  const problems: string[] = [];
  const accounts: AccountConfig[] = [];
  const compiled = new Map<string, readonly CompiledDetection[]>();
  input.forEach((raw: unknown, index) => {
    const label = accountLabel(raw, index);
    const parsed = account.safeParse(raw, { reportInput: true });
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((issue) => `${source}: ${label}: ${describeIssue(issue)}`));
      return;
    }
    try {
      accounts.push(resolve(parsed.data, label, compiled));
    } catch (error) {
      if (!(error instanceof DetectionConfigError || error instanceof ConfigError)) throw error;
      problems.push(`${source}: ${error.message}`);
    }
  });
  if (problems.length === 0) problems.push(...duplicates(accounts, 'name', source), ...duplicates(accounts, 'id', source));
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  return accounts;
}

/**
 * `compiled` holds the detections already compiled in this call, by settings: accounts usually share theirs
 * (often the defaults), and compiling is a pure function of them. Only successes are kept, so every account
 * with broken settings still gets an error naming it.
 */
function resolve(parsed: ParsedAccount, label: string, compiled: Map<string, readonly CompiledDetection[]>): AccountConfig {
  const { detections: detectionSettings, allowedAccountIds, ...rest } = parsed;
  const key = JSON.stringify(detectionSettings);
  const detections = compiled.get(key) ?? compileDetections(detectionSettings, label);
  compiled.set(key, detections);
  checkDetectionNames(parsed, detections, label);
  return {
    ...rest,
    backend: parsed.backend.type === 's3' ? { ...parsed.backend, key: parsed.backend.key ?? `trailwatch/${parsed.name}.tfstate` } : parsed.backend,
    allowedAccountIds: allowedAccountIds ?? [parsed.id],
    detectionSettings,
    detections,
  };
}

/** One log group carries every detection of the account; names must fit CloudWatch and not collide. */
function checkDetectionNames(parsed: ParsedAccount, detections: readonly CompiledDetection[], label: string): void {
  if (detections.length === 0) {
    throw new ConfigError(`${label}: detections: every detection is disabled; enable at least one (or leave the account out).`);
  }
  if (detections.length > MAX_METRIC_FILTERS_PER_LOG_GROUP) {
    throw new ConfigError(
      `${label}: detections: ${detections.length} enabled detections need ${detections.length} metric filters on one log group; ` +
        `CloudWatch Logs allows ${MAX_METRIC_FILTERS_PER_LOG_GROUP}. Disable some with overrides.<name>.enabled = false.`,
    );
  }
  const baseName = baseNameOf(parsed.name);
  const reserved = new Set(healthAlarmNames(notifierNames(baseName, parsed.namePrefix)));
  for (const { name } of detections) {
    const alarmName = detectionResourceName(parsed.namePrefix, name);
    if (reserved.has(alarmName)) {
      throw new ConfigError(`${label}: detections: alarm name "${alarmName}" is taken by the notifier's own health alarm; rename the detection.`);
    }
  }
  const field: Record<NamingProblem['from'], string> = { baseName: 'name', namePrefix: 'namePrefix', detections: 'detections.customDetections' };
  const problems = [
    ...(parsed.trail.mode === 'existing' && parsed.athena.enabled
      ? ['athena.enabled: needs a trail this stack creates (trail.mode "create" or "organization"); the bucket of an existing trail is not known here']
      : []),
    ...(parsed.trail.mode === 'existing' ? [] : trailNameProblems(baseName, parsed.id).map((problem) => `name: ${problem}`)),
    ...pipelineNameProblems({ baseName, region: parsed.region, namePrefix: parsed.namePrefix, detectionNames: detections.map((d) => d.name) }).map(
      ({ from, problem }) => `${field[from]}: ${problem}`,
    ),
  ];
  if (problems.length > 0) throw new ConfigError(problems.map((problem) => `${label}: ${problem}`).join('\n'));
}

function duplicates(accounts: readonly AccountConfig[], key: 'name' | 'id', source: string): string[] {
  const seen = new Map<string, number>();
  const problems: string[] = [];
  accounts.forEach((a, index) => {
    const first = seen.get(a[key]);
    if (first === undefined) seen.set(a[key], index);
    else problems.push(`${source}: account "${a.name}": ${key}: "${a[key]}" is already used by accounts[${first}]; every account needs its own ${key}.`);
  });
  return problems;
}

function accountLabel(raw: unknown, index: number): string {
  const name = (raw as { name?: unknown } | null)?.name;
  return typeof name === 'string' && accountName.safeParse(name).success ? `account "${name}"` : `accounts[${index}]`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? `${formatPath(issue.path)}: ` : '';
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `${where}is required (expected ${issue.expected})` : `${where}expected ${issue.expected}, got ${typeOf(issue.input)}`;
    case 'invalid_key':
      // A record key's own problem (e.g. a tag key), reported under the key.
      return `${where}${issue.issues.map((inner) => inner.message).join('; ')}`;
    case 'unrecognized_keys':
      return `${where}unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    default:
      return `${where}${issue.message}`;
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i > 0 ? '.' : ''}${String(key)}`)).join('');
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
