import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { DynamodbTableItem } from '@cdktf/provider-aws/lib/dynamodb-table-item';
import { Construct } from 'constructs';
import type { Titles } from '../catalog/types';
import { RECORD_EXPIRY } from '../lambda/notifier/delivery-records';
import { detectionItem } from '../lambda/notifier/detection-records';
import { RECORD_KEY } from '../lambda/notifier/dynamodb';
import { detectionRecordsOf } from './notifier-detections';
import { terraformLiteral } from './terraform-text';

export interface NotifierStateProps {
  readonly tableName: string;
  /** The alerting key: the table is encrypted with it, like everything else the notifier keeps. */
  readonly kmsKeyArn: string;
  /** The deployed detections: one item each tells the notifier their title, severity and first action. */
  readonly detections: readonly { readonly name: string; readonly title: Titles }[];
}

/**
 * The notifier's small state: one item per accepted post (lambda/notifier/delivery-records.ts), expired by
 * DynamoDB's TTL, and one item per deployed detection (lambda/notifier/detection-records.ts), written here from
 * the catalog. On demand: an item per alarm transition costs fractions of a cent a month, and a provisioned
 * table would bill its capacity every hour for nothing.
 */
export class NotifierState extends Construct {
  readonly table: DynamodbTable;
  readonly detectionItems: readonly DynamodbTableItem[];

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
    this.detectionItems = detectionRecordsOf(props.detections).map(
      (record) =>
        new DynamodbTableItem(this, `detection-${record.name}`, {
          tableName: this.table.name,
          hashKey: RECORD_KEY,
          item: terraformLiteral(JSON.stringify(detectionItem(record))),
        }),
    );
  }
}
