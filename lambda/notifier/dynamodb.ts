/**
 * The two DynamoDB calls the notifier makes (JSON 1.0 protocol, signed by aws-request.ts): GetItem and PutItem
 * on its own table, keyed by `pk`.
 */
import { callJson, type AwsCaller } from './aws-request';

const DYNAMODB = { name: 'dynamodb', envId: 'DYNAMODB', targetPrefix: 'DynamoDB_20120810' } as const;

/** The table's key attribute (stacks/notifier-state.ts declares the same). */
export const RECORD_KEY = 'pk';

export type Item = Record<string, { readonly S?: string; readonly N?: string }>;

/** Strongly consistent: a retry a minute after a post must see the record that post wrote. */
export async function getItem(caller: AwsCaller, table: string, key: string, signal?: AbortSignal): Promise<Item | undefined> {
  const out = await callJson(caller, DYNAMODB, 'GetItem', { TableName: table, Key: { [RECORD_KEY]: { S: key } }, ConsistentRead: true }, signal);
  return typeof out.Item === 'object' && out.Item !== null ? (out.Item as Item) : undefined;
}

export async function putItem(caller: AwsCaller, table: string, item: Item): Promise<void> {
  await callJson(caller, DYNAMODB, 'PutItem', { TableName: table, Item: item });
}
