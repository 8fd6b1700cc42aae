/**
 * The rules of the notifier's settings, for the `Notifier` construct and the account configuration alike: the
 * message settings by the Lambda's own rules (lambda/notifier/environment.ts), the function's settings by
 * Lambda's and CloudWatch Logs' limits. Free of cdktf, so the configuration (and with it the CLI) can use it.
 */
import { settingProblems, type NotifierSettings } from '../lambda/notifier/environment';
import { LOG_RETENTION_DAYS } from './limits';

/** The function's own settings, beside the message settings (defaults: NOTIFIER_PROPS_DEFAULTS in stacks/defaults.ts). */
export interface NotifierFunctionSettings {
  /**
   * Reserved concurrency, or `null` for unreserved. Unreserved by default: a new account's concurrency quota
   * can be too small to reserve any (Lambda refuses a reservation that leaves less than its minimum unreserved).
   * Reserve 1–5 where the quota allows, to cap concurrent FilterLogEvents callers during an alarm storm.
   * @default null
   */
  readonly reservedConcurrency?: number | null;
  /** The function's log group: one of the CloudWatch Logs retention values. @default 365 */
  readonly logRetentionDays?: number;
  /** MB, 128–10240. @default 256 */
  readonly memorySize?: number;
  /** Seconds, 30–900: the lookup takes up to 10 s and each webhook attempt up to 15 s. @default 60 */
  readonly timeoutSeconds?: number;
}

const isIntegerIn = (value: unknown, min: number, max: number): boolean => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
const integerIn = (min: number, max: number) => (value: unknown) =>
  isIntegerIn(value, min, max) ? undefined : `must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`;

const FUNCTION_RULES: { readonly [K in keyof Required<NotifierFunctionSettings>]: (value: unknown) => string | undefined } = {
  reservedConcurrency: (value) =>
    value === null || isIntegerIn(value, 1, 1000) ? undefined : `must be null (unreserved) or an integer from 1 to 1000, got ${JSON.stringify(value)}`,
  logRetentionDays: (value) =>
    (LOG_RETENTION_DAYS as readonly unknown[]).includes(value) ? undefined : `must be one of ${LOG_RETENTION_DAYS.join(', ')}, got ${JSON.stringify(value)}`,
  memorySize: integerIn(128, 10_240),
  timeoutSeconds: integerIn(30, 900),
};

/** Why `value` is not a valid `field` of the function (`must be …, got …`), or `undefined` when it is. */
export function functionSettingProblem(field: keyof NotifierFunctionSettings, value: unknown): string | undefined {
  return FUNCTION_RULES[field](value);
}

/** Every broken setting, as `<field> <problem>`; absent fields take their default. */
export function notifierSettingsProblems(settings: NotifierSettings & NotifierFunctionSettings): string[] {
  const functionProblems = (Object.keys(FUNCTION_RULES) as (keyof NotifierFunctionSettings)[]).flatMap((field) => {
    const value = settings[field];
    const why = value === undefined ? undefined : functionSettingProblem(field, value);
    return why ? [`${field} ${why}`] : [];
  });
  return [...settingProblems(settings), ...functionProblems];
}
