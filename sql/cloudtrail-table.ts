/**
 * The CloudTrail table Athena's documentation defines, as data: its columns (to write the DDL and the Glue
 * table) and, for each column, the CloudTrail record key it reads and the JSON type CloudTrail gives that key
 * (to translate a filter-pattern selector into a column reference).
 *
 * Source: Amazon Athena User Guide, "Create the table for CloudTrail logs in Athena using partition
 * projection", https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-partition-projection.html
 * (columns, the JSON SerDe, CloudTrailInputFormat, the `timestamp` partition projected as `yyyy/MM/dd`).
 * Key names and types: AWS CloudTrail User Guide, "CloudTrail record contents",
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */

/** What CloudTrail writes under a key, and how the table keeps it. */
export type FieldType =
  /** A JSON string, kept in a STRING column. */
  | { readonly kind: 'string' }
  /** A JSON boolean (readOnly), kept in a STRING column as `true`/`false`. */
  | { readonly kind: 'boolean' }
  /** A JSON object (or null), kept in a STRING column as JSON text: read with JSON functions. */
  | { readonly kind: 'jsonText' }
  | { readonly kind: 'struct'; readonly fields: readonly Field[] }
  | { readonly kind: 'array'; readonly of: FieldType }
  /** MAP<STRING,STRING>: the keys of a map are data, not schema. */
  | { readonly kind: 'map' };

export interface Field {
  /** The CloudTrail record key, with its case (filter patterns are case-sensitive). */
  readonly key: string;
  /** The column or struct field name: the key in lower case (Hive names are case-insensitive). */
  readonly column: string;
  readonly type: FieldType;
}

const string: FieldType = { kind: 'string' };
const field = (key: string, type: FieldType = string): Field => ({ key, column: key.toLowerCase(), type });
const struct = (...fields: Field[]): FieldType => ({ kind: 'struct', fields });

/** The columns of the documented table, in its order. */
export const CLOUDTRAIL_COLUMNS: readonly Field[] = [
  field('eventVersion'),
  field(
    'userIdentity',
    struct(
      field('type'),
      field('principalId'),
      field('arn'),
      field('accountId'),
      field('invokedBy'),
      field('accessKeyId'),
      field('userName'),
      field('onBehalfOf', struct(field('userId'), field('identityStoreArn'))),
      field(
        'sessionContext',
        struct(
          field('attributes', struct(field('mfaAuthenticated'), field('creationDate'))),
          field('sessionIssuer', struct(field('type'), field('principalId'), field('arn'), field('accountId'), field('userName'))),
          field('ec2RoleDelivery'),
          field('webIdFederationData', struct(field('federatedProvider'), field('attributes', { kind: 'map' }))),
        ),
      ),
    ),
  ),
  field('eventTime'),
  field('eventSource'),
  field('eventName'),
  field('awsRegion'),
  field('sourceIPAddress'),
  field('userAgent'),
  field('errorCode'),
  field('errorMessage'),
  field('requestParameters', { kind: 'jsonText' }),
  field('responseElements', { kind: 'jsonText' }),
  field('additionalEventData', { kind: 'jsonText' }),
  field('requestID'),
  field('eventID'),
  field('readOnly', { kind: 'boolean' }),
  field('resources', { kind: 'array', of: struct(field('ARN'), field('accountId'), field('type')) }),
  field('eventType'),
  field('apiVersion'),
  field('recipientAccountId'),
  field('serviceEventDetails', { kind: 'jsonText' }),
  field('sharedEventID'),
  field('vpcEndpointId'),
  field('vpcEndpointAccountId'),
  field('eventCategory'),
  field('addendum', struct(field('reason'), field('updatedFields'), field('originalRequestID'), field('originalEventID'))),
  field('sessionCredentialFromConsole'),
  field('edgeDeviceDetails', { kind: 'jsonText' }),
  field('tlsDetails', struct(field('tlsVersion'), field('cipherSuite'), field('clientProvidedHostHeader'))),
];

/** The projected date partition, `yyyy/MM/dd` (the S3 key's date folders). */
export const DATE_PARTITION = 'timestamp';

/** The Hive type of a field, as the DDL and Glue write it (`STRUCT<type:STRING,...>`). */
export function hiveType(type: FieldType): string {
  switch (type.kind) {
    case 'string':
    case 'boolean':
    case 'jsonText':
      return 'STRING';
    case 'struct':
      return `STRUCT<${type.fields.map((f) => `${f.column}:${hiveType(f.type)}`).join(',')}>`;
    case 'array':
      return `ARRAY<${hiveType(type.of)}>`;
    case 'map':
      return 'MAP<STRING,STRING>';
  }
}

/** The column list of CREATE TABLE, one column a line. */
export function columnDefinitions(): string {
  return CLOUDTRAIL_COLUMNS.map((f) => `  ${f.column} ${hiveType(f.type)}`).join(',\n');
}
