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

/** Every item whose key starts with `prefix`: a Scan, fine for a table of a few hundred small items. */
export async function scanByKeyPrefix(caller: AwsCaller, table: string, prefix: string, signal?: AbortSignal): Promise<Item[]> {
  const items: Item[] = [];
  let start: unknown;
  do {
    const out = await callJson(
      caller,
      DYNAMODB,
      'Scan',
      {
        TableName: table,
        FilterExpression: 'begins_with(#k, :p)',
        ExpressionAttributeNames: { '#k': RECORD_KEY },
        ExpressionAttributeValues: { ':p': { S: prefix } },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      },
      signal,
    );
    items.push(...((out.Items ?? []) as Item[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

export async function deleteItem(caller: AwsCaller, table: string, key: string): Promise<void> {
  await callJson(caller, DYNAMODB, 'DeleteItem', { TableName: table, Key: { [RECORD_KEY]: { S: key } } });
}
