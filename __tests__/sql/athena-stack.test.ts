import type {} from 'cdktf/lib/testing/adapters/jest'; // typings of cdktf's jest matchers (registered in __tests__/setup.ts)
import { Testing } from 'cdktf';
import { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup';
import { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { compileDetections } from '../../catalog/compile';
import { Athena, type AthenaProps } from '../../stacks/athena';

const KEY = 'arn:aws:kms:ap-northeast-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const detections = compileDetections({
  customDetections: [
    { name: 'Templated', title: { ko: 't', en: 't' }, pattern: '{$.requestParameters.name = "${x}%{y}"}' },
    { name: 'Untranslatable', title: { ko: 'u', en: 'u' }, pattern: '{$.errorMessage = %a.b%}' },
  ],
});
const props: AthenaProps = {
  accountName: 'prod-eu',
  accountId: '111122223333',
  trailBucketName: 'trailwatch-prod-eu-111122223333-cloudtrail',
  region: 'ap-northeast-2',
  detections,
  kmsKeyArn: KEY,
  accessLogBucket: 'trailwatch-prod-eu-111122223333-access-logs',
};
type Resources = Record<string, Record<string, Record<string, unknown>>>;
const synthesize = (extra: Partial<AthenaProps> = {}): { text: string; resources: Resources } => {
  const text = Testing.synthScope((scope) => void new Athena(scope, 'athena', { ...props, ...extra }));
  return { text, resources: (JSON.parse(text) as { resource: Resources }).resource };
};

describe('Athena construct', () => {
  it('creates the documented CloudTrail table with partition projection over the trail bucket', () => {
    const { text, resources } = synthesize();
    expect(text).toHaveResourceWithProperties(GlueCatalogTable, { name: 'cloudtrail' });
    const [table] = Object.values(resources.aws_glue_catalog_table);
    expect(table).toMatchObject({
      name: 'cloudtrail',
      table_type: 'EXTERNAL_TABLE',
      partition_keys: [{ name: 'account', type: 'string' }, { name: 'region', type: 'string' }, { name: 'timestamp', type: 'string' }],
      storage_descriptor: {
        location: 's3://trailwatch-prod-eu-111122223333-cloudtrail/AWSLogs/',
        input_format: 'com.amazon.emr.cloudtrail.CloudTrailInputFormat',
        ser_de_info: { serialization_library: 'org.apache.hive.hcatalog.data.JsonSerDe' },
      },
    });
    const parameters = table.parameters as Record<string, string>;
    expect(parameters['projection.account.values']).toBe('111122223333');
    expect(parameters['projection.region.values']).toBe('ap-northeast-2,us-east-1'); // global services log in us-east-1
    expect(parameters['projection.timestamp.range']).toBe('2020/01/01,NOW');
    // Athena's ${...} placeholders survive Terraform: escaped as $${...}.
    expect(parameters['storage.location.template']).toBe('s3://trailwatch-prod-eu-111122223333-cloudtrail/AWSLogs/$${account}/CloudTrail/$${region}/$${timestamp}');
    const columns = (table.storage_descriptor as { columns: { name: string; type: string }[] }).columns;
    expect(columns.find((c) => c.name === 'requestparameters')).toEqual({ name: 'requestparameters', type: 'string' });
    expect(columns.find((c) => c.name === 'resources')?.type).toBe('array<struct<arn:string,accountid:string,type:string>>');
  });

  it('covers the organization prefix and its accounts in organization mode', () => {
    const { resources } = synthesize({ organizationId: 'o-a1b2c3d4e5', accountIds: ['111122223333', '444455556666'], regions: ['eu-west-1', 'us-east-1', 'eu-west-1'] });
    const [table] = Object.values(resources.aws_glue_catalog_table);
    expect((table.storage_descriptor as { location: string }).location).toBe('s3://trailwatch-prod-eu-111122223333-cloudtrail/AWSLogs/o-a1b2c3d4e5/');
    expect((table.parameters as Record<string, string>)['projection.account.values']).toBe('111122223333,444455556666');
    expect((table.parameters as Record<string, string>)['projection.region.values']).toBe('eu-west-1,us-east-1');
  });

  it('runs queries in an enforced engine-v3 workgroup whose results are SSE-KMS in a hardened bucket', () => {
    const { text, resources } = synthesize();
    expect(Object.values(resources[AthenaWorkgroup.tfResourceType])[0]).toMatchObject({
      name: 'trailwatch-prod-eu',
      configuration: {
        enforce_workgroup_configuration: true,
        engine_version: { selected_engine_version: 'Athena engine version 3' },
        result_configuration: {
          output_location: 's3://trailwatch-prod-eu-111122223333-athena-results/',
          encryption_configuration: { encryption_option: 'SSE_KMS', kms_key_arn: KEY },
          expected_bucket_owner: '111122223333',
        },
      },
    });
    expect(text).toHaveResourceWithProperties(S3BucketPublicAccessBlock, { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(text).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: KEY } }],
    });
  });

  it('saves one named query per translatable detection, Terraform templates escaped', () => {
    const { resources } = synthesize();
    const queries = Object.values(resources.aws_athena_named_query);
    expect(queries.map((q) => q.name).sort()).toEqual(detections.map((d) => d.name).filter((name) => name !== 'Untranslatable').sort());
    const templated = queries.find((q) => q.name === 'Templated')!;
    expect(templated.query).toContain("'$${x}%%{y}'");
    expect(templated.query).toContain('FROM trailwatch_prod_eu.cloudtrail');
    expect(templated.query).toContain('"timestamp" BETWEEN ? AND ?');
  });
});
