/**
 * A fake DynamoDB table for the AWS stand-in (JSON 1.0, `X-Amz-Target: DynamoDB_20120810.<Operation>`):
 * GetItem, PutItem, DeleteItem and a key-prefix Scan on one table keyed by `pk`, as the notifier uses them.
 */
import { awsError, type AwsRoute } from './aws-stand-in';

export const DYNAMODB_TARGETS = {
  getItem: 'DynamoDB_20120810.GetItem',
  putItem: 'DynamoDB_20120810.PutItem',
  scan: 'DynamoDB_20120810.Scan',
  deleteItem: 'DynamoDB_20120810.DeleteItem',
} as const;

type Item = Record<string, { readonly S?: string; readonly N?: string }>;

export interface FakeTable {
  readonly name: string;
  readonly items: Map<string, Item>;
  readonly routes: Record<string, AwsRoute>;
}

export function fakeTable(name: string): FakeTable {
  const items = new Map<string, Item>();
  const check = (body: Record<string, unknown>) =>
    body.TableName === name ? undefined : awsError('com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', 'Requested resource not found');
  return {
    name,
    items,
    routes: {
      [DYNAMODB_TARGETS.getItem]: (body) => {
        const key = (body.Key as Item | undefined)?.pk?.S ?? '';
        const item = items.get(key);
        return check(body) ?? { body: item ? { Item: item } : {} };
      },
      [DYNAMODB_TARGETS.scan]: (body) => {
        const prefix = String((body.ExpressionAttributeValues as Item | undefined)?.[':p']?.S ?? '');
        return check(body) ?? { body: { Items: [...items.entries()].filter(([k]) => k.startsWith(prefix)).map(([, v]) => v) } };
      },
      [DYNAMODB_TARGETS.deleteItem]: (body) => {
        const refused = check(body);
        if (!refused) items.delete((body.Key as Item | undefined)?.pk?.S ?? '');
        return refused ?? { body: {} };
      },
      [DYNAMODB_TARGETS.putItem]: (body) => {
        const item = body.Item as Item;
        const refused = check(body);
        if (!refused) items.set(item.pk?.S ?? '', item);
        return refused ?? { body: {} };
      },
    },
  };
}
