import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { Construct } from 'constructs';
import { RECORD_EXPIRY, RECORD_KEY } from '../lambda/notifier/delivery-records';

export interface NotifierStateProps {
  readonly tableName: string;
  /** The alerting key: the table is encrypted with it, like everything else the notifier keeps. */
  readonly kmsKeyArn: string;
}

/**
 * The notifier's small state: one item per accepted post (lambda/notifier/delivery-records.ts), expired by
 * DynamoDB's TTL. On demand: an item per alarm transition costs fractions of a cent a month, and a
 * provisioned table would bill its capacity every hour for nothing.
 */
export class NotifierState extends Construct {
  readonly table: DynamodbTable;

  constructor(scope: Construct, id: string, props: NotifierStateProps) {
    super(scope, id);
    this.table = new DynamodbTable(this, 'table', {
      name: props.tableName,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: RECORD_KEY,
      attribute: [{ name: RECORD_KEY, type: 'S' }],
      ttl: { attributeName: RECORD_EXPIRY, enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: props.kmsKeyArn },
      // Records only suppress duplicate posts for 15 days: a restored table would be no better than an empty one.
      pointInTimeRecovery: { enabled: false },
    });
  }
}
