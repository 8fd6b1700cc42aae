import { AthenaNamedQuery } from '@cdktf/provider-aws/lib/athena-named-query';
import { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup';
import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database';
import { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table';
import { Construct } from 'constructs';
import type { CompiledDetection } from '../catalog/types';
import { athenaNames, type AthenaNames } from '../sql/athena-names';
import { CLOUDTRAIL_COLUMNS, DATE_PARTITION, hiveType } from '../sql/cloudtrail-table';
import { detectionQuery } from '../sql/query';
import { SecureBucket } from './secure-bucket';
import { terraformLiteral } from './terraform-text';

export interface AthenaProps {
  /** The account's configured name (names the database, workgroup and results bucket). */
  readonly accountName: string;
  readonly accountId: string;
  /** The bucket the trail delivers to. */
  readonly trailBucketName: string;
  /** Set for an organization trail: its log files are under `AWSLogs/<organization id>/<account id>/`. @default an account trail */
  readonly organizationId?: string;
  /** Accounts whose logs the table covers (partition projection enum). @default [accountId] */
  readonly accountIds?: readonly string[];
  /** The home region: the trail bucket, the workgroup and the results bucket live here. */
  readonly region: string;
  /**
   * Regions the table covers (partition projection enum): a multi-region trail writes one folder per region.
   * @default the home region and us-east-1, where CloudTrail logs global services such as IAM and STS
   * (CloudTrail User Guide, "Understanding global service events")
   */
  readonly regions?: readonly string[];
  /** The first day of the projected date partition, `yyyy/MM/dd`. @default 2020/01/01 */
  readonly projectionStart?: string;
  /** The deployed detections: one named query each (those the SQL compiler refuses get none). */
  readonly detections: readonly CompiledDetection[];
  /** Query results are SSE-KMS encrypted with this key, in the bucket and by the workgroup. */
  readonly kmsKeyArn: string;
  /** Server access logs of the results bucket go here. @default no access logging */
  readonly accessLogBucket?: string;
  /** Query results expire after this many days. @default 30 */
  readonly resultExpirationDays?: number;
  /** A query scanning more than this is cancelled (Athena bills per byte scanned). @default 1 TB */
  readonly bytesScannedCutoffPerQuery?: number;
}

/** AWS's own text for the table: the Athena User Guide's CloudTrail DDL (see sql/cloudtrail-table.ts). */
const INPUT_FORMAT = 'com.amazon.emr.cloudtrail.CloudTrailInputFormat';
const OUTPUT_FORMAT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';
const SERDE = 'org.apache.hive.hcatalog.data.JsonSerDe';

/**
 * What `trailwatch sql` needs in the account: a Glue table over the trail bucket with partition projection
 * (account, region and day folders; Athena User Guide, "Create the table for CloudTrail logs in Athena using
 * partition projection" and "Partition projection with Amazon Athena"), an Athena workgroup (engine v3,
 * settings enforced, results SSE-KMS in a bucket hardened like the trail's), and one named query per
 * detection with the time range as execution parameters.
 */
export class Athena extends Construct {
  readonly names: AthenaNames;
  readonly resultsBucket: SecureBucket;
  readonly database: GlueCatalogDatabase;
  readonly table: GlueCatalogTable;
  readonly workgroup: AthenaWorkgroup;
  readonly namedQueries: readonly AthenaNamedQuery[];
  /** Detections without a named query, with the SQL compiler's reason. */
  readonly refused: readonly { readonly name: string; readonly reason: string }[];

  constructor(scope: Construct, id: string, props: AthenaProps) {
    super(scope, id);
    const names = (this.names = athenaNames(props.accountName, props.accountId));
    this.resultsBucket = new SecureBucket(this, 'results', {
      bucketName: names.resultsBucket,
      kmsKeyArn: props.kmsKeyArn,
      lifecycle: { expirationDays: props.resultExpirationDays ?? 30, noncurrentVersionExpirationDays: 1 },
      accessLogBucket: props.accessLogBucket,
    });

    this.database = new GlueCatalogDatabase(this, 'database', { name: names.database, description: 'trailwatch: CloudTrail for Athena' });
    const root = `s3://${props.trailBucketName}/AWSLogs/${props.organizationId ? `${props.organizationId}/` : ''}`;
    this.table = new GlueCatalogTable(this, 'table', {
      databaseName: this.database.name,
      name: names.table,
      tableType: 'EXTERNAL_TABLE',
      parameters: {
        EXTERNAL: 'TRUE',
        'projection.enabled': 'true',
        'projection.account.type': 'enum',
        'projection.account.values': (props.accountIds ?? [props.accountId]).join(','),
        'projection.region.type': 'enum',
        'projection.region.values': [...new Set(props.regions ?? [props.region, 'us-east-1'])].join(','),
        [`projection.${DATE_PARTITION}.type`]: 'date',
        [`projection.${DATE_PARTITION}.format`]: 'yyyy/MM/dd',
        [`projection.${DATE_PARTITION}.range`]: `${props.projectionStart ?? '2020/01/01'},NOW`,
        [`projection.${DATE_PARTITION}.interval`]: '1',
        [`projection.${DATE_PARTITION}.interval.unit`]: 'DAYS',
        // Athena's placeholders, not Terraform interpolations: `$${` is a literal `${` in Terraform JSON.
        'storage.location.template': terraformLiteral(`${root}\${account}/CloudTrail/\${region}/\${${DATE_PARTITION}}`),
      },
      partitionKeys: ['account', 'region', DATE_PARTITION].map((name) => ({ name, type: 'string' })),
      storageDescriptor: {
        location: root,
        inputFormat: INPUT_FORMAT,
        outputFormat: OUTPUT_FORMAT,
        serDeInfo: { serializationLibrary: SERDE },
        columns: CLOUDTRAIL_COLUMNS.map((field) => ({ name: field.column, type: hiveType(field.type).toLowerCase() })),
      },
    });

    this.workgroup = new AthenaWorkgroup(this, 'workgroup', {
      name: names.workgroup,
      description: 'trailwatch: what would have fired, over the CloudTrail archive',
      configuration: {
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery ?? 1e12,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${names.resultsBucket}/`,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKeyArn: props.kmsKeyArn },
          expectedBucketOwner: props.accountId,
        },
      },
      dependsOn: [this.resultsBucket.policy],
    });

    const table = `${names.database}.${names.table}`;
    const queries = props.detections.map((detection) => detectionQuery(detection, table, 'parameters'));
    this.refused = queries.flatMap((query) => ('refused' in query ? [{ name: query.name, reason: query.refused }] : []));
    this.namedQueries = queries.flatMap((query) =>
      'sql' in query
        ? [
            new AthenaNamedQuery(this, `query-${query.name}`, {
              name: query.name,
              description: terraformLiteral(`trailwatch detection ${query.name}, as its metric filter matches`.slice(0, 1024)),
              database: this.database.name,
              workgroup: this.workgroup.name,
              query: terraformLiteral(query.sql),
            }),
          ]
        : [],
    );
  }
}
