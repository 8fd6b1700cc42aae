/**
 * The notifier's environment, owned in one place: every variable's name, default and rule. The stack builds
 * the variables from {@link notifierEnvironment} (and checks the operator's settings at synth with
 * {@link settingProblems}); the Lambda reads them back with {@link readEnvironment}. Neither side spells a
 * variable name or a default of its own.
 *
 * The Lambda reads at the first invocation (never at import, so a bad value fails the invocation with a
 * message naming the variable rather than the container's init phase).
 */
import type { Locale } from '../../catalog/types';
import { isValidTimeZone } from './time';

/** Chat services the notifier can post to. */
export const WEBHOOK_TARGETS = ['dooray', 'slack', 'teams'] as const;
export type WebhookTarget = (typeof WEBHOOK_TARGETS)[number];

/** What an operator chooses about the messages (NotifierProps, and the account configuration). */
export interface NotifierSettings {
  /** Which chat service the webhook belongs to. @default 'dooray' */
  readonly target?: WebhookTarget;
  /** Message language. @default 'ko' */
  readonly locale?: Locale;
  /** IANA zone of the times in messages (Asia/Seoul is shown as KST). @default 'Asia/Seoul' */
  readonly timeZone?: string;
  /** Related CloudTrail events shown per message, 1–20. @default 5 */
  readonly logMaxEvents?: number;
  /** Seconds taken off the log window's start, 0–3600. @default 60 */
  readonly windowSlackBeforeSeconds?: number;
  /** Seconds added to the log window's end, 0–3600. @default 60 */
  readonly windowSlackAfterSeconds?: number;
  /** Sender name shown in Dooray! (Slack and Teams incoming webhooks show the hook's own name). @default 'trailwatch' */
  readonly botName?: string;
  /** Post a short "resolved" message when a detection alarm returns to OK (the alarms need OK actions). @default false */
  readonly notifyOnOk?: boolean;
}

/**
 * Every default, declared once. The slack is 60 s each side: the window is usually exact (the evaluated
 * periods are quoted in the state reason), so slack only absorbs timestamp rounding; when it has to be
 * estimated back from StateChangeTime, the state change trails the period's end by the alarm's evaluation
 * delay (alarms evaluate about once a minute). More slack would mostly show older, already-reported events
 * first, since FilterLogEvents returns the oldest first.
 */
export const NOTIFIER_DEFAULTS: Readonly<Required<NotifierSettings>> = {
  target: 'dooray',
  locale: 'ko',
  timeZone: 'Asia/Seoul',
  logMaxEvents: 5,
  windowSlackBeforeSeconds: 60,
  windowSlackAfterSeconds: 60,
  botName: 'trailwatch',
  notifyOnOk: false,
};

type Rule =
  | { readonly kind: 'choice'; readonly env: string; readonly choices: readonly string[] }
  | { readonly kind: 'integer'; readonly env: string; readonly min: number; readonly max: number }
  | { readonly kind: 'text'; readonly env: string; readonly maxChars: number }
  | { readonly kind: 'zone'; readonly env: string }
  | { readonly kind: 'flag'; readonly env: string };

/** One rule per setting: its variable and what it accepts. */
export const SETTING_RULES: { readonly [K in keyof Required<NotifierSettings>]: Rule } = {
  target: { kind: 'choice', env: 'WEBHOOK_TARGET', choices: WEBHOOK_TARGETS },
  locale: { kind: 'choice', env: 'LOCALE', choices: ['ko', 'en'] },
  timeZone: { kind: 'zone', env: 'TIME_ZONE' },
  logMaxEvents: { kind: 'integer', env: 'LOG_MAX_EVENTS', min: 1, max: 20 },
  windowSlackBeforeSeconds: { kind: 'integer', env: 'WINDOW_SLACK_BEFORE_SECONDS', min: 0, max: 3600 },
  windowSlackAfterSeconds: { kind: 'integer', env: 'WINDOW_SLACK_AFTER_SECONDS', min: 0, max: 3600 },
  botName: { kind: 'text', env: 'BOT_NAME', maxChars: 64 },
  notifyOnOk: { kind: 'flag', env: 'NOTIFY_ON_OK' },
};

/** Variables the stack sets from its own resources, not from the operator's message settings. */
export const WIRING_VARIABLES = {
  /** Base64 KMS ciphertext of the webhook URL, encryption context `{LambdaFunctionName: <function>}`. Never logged. */
  webhookUrl: 'WEBHOOK_URL',
  /** Optional second webhook (same encryption) for high-severity detections. */
  highSeverityWebhookUrl: 'HIGH_SEVERITY_WEBHOOK_URL',
  /** The DynamoDB table of delivery records and detection data. */
  stateTable: 'STATE_TABLE',
  /** The only topic whose notifications are handled. */
  alarmTopicArn: 'ALARM_TOPIC_ARN',
  /** The account's configured name, shown beside its id. */
  accountName: 'ACCOUNT_NAME',
  /** The per-stack prefix of detection alarm names, stripped to find the detection. */
  alarmNamePrefix: 'ALARM_NAME_PREFIX',
  /** Log groups the detections' metric filters sit on, comma-separated: DescribeMetricFilters is scoped to them. */
  monitoredLogGroups: 'MONITORED_LOG_GROUPS',
  /** Set by Lambda: the function name is the webhook ciphertexts' encryption context. */
  functionName: 'AWS_LAMBDA_FUNCTION_NAME',
} as const;

export interface NotifierWiring {
  readonly webhookUrlCiphertext: string;
  readonly highSeverityWebhookUrlCiphertext?: string;
  readonly stateTable: string;
  readonly alarmTopicArn: string;
  readonly accountName?: string;
  readonly alarmNamePrefix?: string;
  readonly monitoredLogGroups: readonly string[];
}

/** Everything the Lambda runs with. */
export interface NotifierConfig extends Required<NotifierSettings> {
  readonly webhookCiphertext: string;
  readonly highSeverityWebhookCiphertext?: string;
  readonly functionName: string;
  readonly stateTable: string;
  readonly alarmTopicArn?: string;
  readonly accountName?: string;
  readonly alarmNamePrefix: string;
  readonly monitoredLogGroups: readonly string[];
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Why a value breaks its rule (`undefined` when it does not), worded after the field's name. */
function problem(rule: Rule, value: unknown): string | undefined {
  switch (rule.kind) {
    case 'choice':
      return rule.choices.includes(value as string) ? undefined : `must be ${rule.choices.map((c) => `"${c}"`).join(' or ')}, got ${JSON.stringify(value)}`;
    case 'integer':
      return Number.isInteger(value) && (value as number) >= rule.min && (value as number) <= rule.max
        ? undefined
        : `must be an integer from ${rule.min} to ${rule.max}, got ${JSON.stringify(value)}`;
    case 'text':
      return typeof value === 'string' && value.length > 0 && value.length <= rule.maxChars
        ? undefined
        : `must be 1–${rule.maxChars} characters, got ${JSON.stringify(value)}`;
    case 'zone':
      return typeof value === 'string' && isValidTimeZone(value) ? undefined : `must be an IANA time zone such as "Asia/Seoul", got ${JSON.stringify(value)}`;
    case 'flag':
      return typeof value === 'boolean' ? undefined : `must be true or false, got ${JSON.stringify(value)}`;
  }
}

/** Why `value` is not a valid `field` (`must be …, got …`), or `undefined` when it is. */
export function settingProblem<K extends keyof NotifierSettings>(field: K, value: unknown): string | undefined {
  return problem(SETTING_RULES[field], value);
}

/** Every broken setting, as `<field> <problem>`; empty when all are valid. Absent fields take their default. */
export function settingProblems(settings: NotifierSettings): string[] {
  return (Object.keys(SETTING_RULES) as (keyof NotifierSettings)[]).flatMap((field) => {
    const value = settings[field];
    const why = value === undefined ? undefined : settingProblem(field, value);
    return why ? [`${field} ${why}`] : [];
  });
}

/** The settings with every default applied. */
export function withDefaults(settings: NotifierSettings): Required<NotifierSettings> {
  const defined = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
  return { ...NOTIFIER_DEFAULTS, ...defined };
}

/** The function's environment variables (the caller has checked the settings with {@link settingProblems}). */
export function notifierEnvironment(settings: NotifierSettings, wiring: NotifierWiring): Record<string, string> {
  const all = withDefaults(settings);
  const vars: Record<string, string> = {};
  for (const field of Object.keys(SETTING_RULES) as (keyof NotifierSettings)[]) vars[SETTING_RULES[field].env] = String(all[field]);
  const w = WIRING_VARIABLES;
  vars[w.webhookUrl] = wiring.webhookUrlCiphertext;
  if (wiring.highSeverityWebhookUrlCiphertext) vars[w.highSeverityWebhookUrl] = wiring.highSeverityWebhookUrlCiphertext;
  vars[w.stateTable] = wiring.stateTable;
  vars[w.alarmTopicArn] = wiring.alarmTopicArn;
  if (wiring.accountName) vars[w.accountName] = wiring.accountName;
  vars[w.alarmNamePrefix] = wiring.alarmNamePrefix ?? '';
  vars[w.monitoredLogGroups] = wiring.monitoredLogGroups.join(',');
  return vars;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Validates the environment; throws a ConfigError naming the first bad variable. */
export function readEnvironment(env: Env): NotifierConfig {
  const w = WIRING_VARIABLES;
  const webhookCiphertext = ciphertext(env, w.webhookUrl, true) as string;
  const functionName = env[w.functionName] ?? '';
  if (!functionName) throw new ConfigError(`${w.functionName} is not set: it is the encryption context of ${w.webhookUrl}.`);
  const stateTable = (env[w.stateTable] ?? '').trim();
  if (!stateTable) throw new ConfigError(`${w.stateTable} is not set: it names the table of delivery records the stack creates.`);
  const settings = Object.fromEntries(
    (Object.keys(SETTING_RULES) as (keyof NotifierSettings)[]).map((field) => [field, readSetting(env, SETTING_RULES[field], NOTIFIER_DEFAULTS[field])]),
  ) as unknown as Required<NotifierSettings>;
  return {
    ...settings,
    webhookCiphertext,
    highSeverityWebhookCiphertext: ciphertext(env, w.highSeverityWebhookUrl, false),
    functionName,
    stateTable,
    alarmTopicArn: env[w.alarmTopicArn] || undefined,
    accountName: env[w.accountName] || undefined,
    alarmNamePrefix: env[w.alarmNamePrefix] ?? '',
    monitoredLogGroups: (env[w.monitoredLogGroups] ?? '').split(',').map((g) => g.trim()).filter(Boolean),
  };
}

function readSetting(env: Env, rule: Rule, fallback: unknown): unknown {
  const raw = env[rule.env];
  if (raw === undefined || raw === '') return fallback;
  let value: unknown = raw;
  if (rule.kind === 'integer') value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (rule.kind === 'flag') value = raw === 'true' ? true : raw === 'false' ? false : raw;
  const why = problem(rule, value);
  if (why) throw new ConfigError(`${rule.env} ${why.replace(/got (.*)$/, `got ${JSON.stringify(raw)}`)}.`);
  return value;
}

/** A webhook ciphertext variable. The value is never echoed: a plain URL would leak the secret into the logs. */
function ciphertext(env: Env, name: string, required: boolean): string | undefined {
  const value = (env[name] ?? '').trim();
  if (!value) {
    if (required) throw new ConfigError(`${name} is not set: it must hold the base64 KMS ciphertext of the webhook URL.`);
    return undefined;
  }
  if (/^https?:/i.test(value)) throw new ConfigError(`${name} holds a plain URL; it must hold the base64 KMS ciphertext (see \`npm run encrypt-webhook\`).`);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) throw new ConfigError(`${name} is not base64 (expected the KMS CiphertextBlob).`);
  return value;
}
