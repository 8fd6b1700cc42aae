/**
 * Test helpers: synthesize an account stack to plain objects and walk it (resources, data sources, every
 * IAM policy statement). Keys are Terraform's snake_case.
 */
import { Testing } from 'cdktf';
import { AccountStack } from '../../stacks/account-stack';
import { parseAccounts, type AccountConfig, type AccountConfigInput } from '../../stacks/config';
import { baseNameOf } from '../../stacks/naming';

export type Json = Record<string, unknown>;

export interface Statement {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: string[];
  readonly resources?: string[];
  readonly principals?: { type: string; identifiers: string[] }[];
  readonly condition?: { test: string; variable: string; values: string[] }[];
}

export interface Synthesized {
  readonly json: Json;
  /** Resources of one type, by logical id. */
  resources(type: string): Record<string, Json>;
  /** Every statement of every data.aws_iam_policy_document, with the document's logical id. */
  statements(): { document: string; statement: Statement }[];
}

export function account(overrides: Partial<AccountConfigInput> = {}): AccountConfigInput {
  return { name: 'prod', id: '123456789012', region: 'ap-northeast-2', alerting: { healthEmails: ['oncall@example.com'] }, ...overrides };
}

export function resolveAccount(input: AccountConfigInput): AccountConfig {
  return parseAccounts([input], 'test')[0];
}

export function synthAccount(input: AccountConfigInput | AccountConfig): Synthesized {
  const config = 'detectionSettings' in input ? input : resolveAccount(input as AccountConfigInput);
  const stack = new AccountStack(Testing.app(), baseNameOf(config.name), { account: config });
  // With validations, as `cdktf synth` runs them.
  return inspect(JSON.parse(Testing.synth(stack, true)) as Json);
}

export function inspect(json: Json): Synthesized {
  const block = (kind: 'resource' | 'data', type: string) => ((json[kind] as Json | undefined)?.[type] ?? {}) as Record<string, Json>;
  return {
    json,
    resources: (type) => block('resource', type),
    statements: () =>
      Object.entries(block('data', 'aws_iam_policy_document')).flatMap(([document, doc]) =>
        (doc.statement as Statement[]).map((statement) => ({ document, statement })),
      ),
  };
}

/** Every string anywhere in a value. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}
