/**
 * `npm run trino:proof`: proves on a real Trino server that every detection's SQL (sql/query.ts) selects
 * exactly the events the filter-pattern evaluator (pattern/evaluate.ts) matches — for both profiles, with
 * and without exclusions, plus custom detections using every operator — over the same JSON records.
 *
 * The table has the columns of Athena's CloudTrail DDL (sql/cloudtrail-table.ts) and its `timestamp`
 * date partition (each day's folder registered as the projection would compute it), read by the OpenX JSON
 * SerDe, one record per line. Two deliberate differences from Athena, both about reading files, not about
 * the SQL: Trino has no CloudTrailInputFormat (it unwraps the `Records` array of S3 log files), and Trino's
 * HCatalog JSON reader refuses a JSON object in a STRING column ("varchar value must be a scalar json value")
 * where Athena's keeps its JSON text, as OpenX does.
 *
 * Exit status 0 when every set is equal and every expected refusal happened; 1 otherwise.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileMatcher } from '../pattern/evaluate';
import { CLOUDTRAIL_COLUMNS, DATE_PARTITION, type FieldType } from '../sql/cloudtrail-table';
import { sqlString } from '../sql/predicate';
import { type DetectionQuery, detectionQuery, rangeParameters } from '../sql/query';
import { trinoQuery } from './trino/client';
import { EXPECTED_REFUSALS, proofConfigurations, proofRecords, RECORD_DAYS } from './trino/proof-cases';
import { installTrino, startTrino, TRINO_VERSION } from './trino/server';

const TABLE = 'hive.proof.cloudtrail';
/** Every fixture day and the generated days but the last: that one proves the range is applied. */
const RANGE = { since: new Date('2024-05-01T00:00:00Z'), until: new Date(`${RECORD_DAYS[RECORD_DAYS.length - 1]}T00:00:00Z`) };

function trinoType(type: FieldType): string {
  switch (type.kind) {
    case 'string':
    case 'boolean':
    case 'jsonText':
      return 'varchar';
    case 'struct':
      return `row(${type.fields.map((f) => `${quote(f.column)} ${trinoType(f.type)}`).join(', ')})`;
    case 'array':
      return `array(${trinoType(type.of)})`;
    case 'map':
      return 'map(varchar, varchar)';
  }
}

const quote = (name: string): string => `"${name}"`;

/** The configuration whose detections also run in their named-query form. */
const PARAMETERS_CHECKED = 'human + exclusions';

/** A parameterized query run with {@link RANGE}, as Athena runs a saved query with execution parameters. */
function executeWithRange(query: DetectionQuery): string {
  if (!('sql' in query)) throw new Error(`${query.name}: refused`);
  const values = rangeParameters(RANGE);
  return `EXECUTE IMMEDIATE ${sqlString(query.sql)} USING ${values.map(sqlString).join(', ')}`;
}

async function main(): Promise<number> {
  const started = Date.now();
  const configurations = proofConfigurations();
  const records = proofRecords(configurations, path.join(__dirname, '..', '__tests__', 'fixtures', 'replay'));
  const lines = records.map((record) => JSON.stringify(record));
  const ids = new Set(records.map((record) => record.eventID));
  if (ids.size !== records.length) throw new Error(`event ids are not unique: ${records.length} records, ${ids.size} ids`);

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trailwatch-trino-'));
  const home = await installTrino();
  const server = await startTrino(home, { workDir });
  const serverReady = Date.now();
  let failures = 0;
  let queries = 0;
  let matches = 0;
  let querySeconds = 0;
  try {
    // The records, one JSON line each, in the projection's yyyy/MM/dd folders.
    const days = new Map<string, string[]>();
    records.forEach((record, i) => {
      const day = String(record.eventTime).slice(0, 10).replaceAll('-', '/');
      days.set(day, [...(days.get(day) ?? []), lines[i]]);
    });
    for (const [day, dayLines] of days) {
      fs.mkdirSync(path.join(server.warehouse, 'cloudtrail', day), { recursive: true });
      fs.writeFileSync(path.join(server.warehouse, 'cloudtrail', day, 'records.json'), `${dayLines.join('\n')}\n`);
    }
    await trinoQuery(server.url, "CREATE SCHEMA hive.proof WITH (location = 'local:///proof')");
    const columns = [...CLOUDTRAIL_COLUMNS.map((f) => `${quote(f.column)} ${trinoType(f.type)}`), `${quote(DATE_PARTITION)} varchar`];
    await trinoQuery(
      server.url,
      `CREATE TABLE ${TABLE} (\n  ${columns.join(',\n  ')}\n) WITH (format = 'OPENX_JSON', partitioned_by = ARRAY['${DATE_PARTITION}'], external_location = 'local:///cloudtrail')`,
    );
    for (const day of days.keys()) {
      await trinoQuery(server.url, `CALL hive.system.register_partition('proof', 'cloudtrail', ARRAY['${DATE_PARTITION}'], ARRAY['${day}'], 'local:///cloudtrail/${day}')`);
    }
    const [[rowCount]] = (await trinoQuery(server.url, `SELECT count(*) FROM ${TABLE}`)).rows;
    if (rowCount !== records.length) throw new Error(`Trino reads ${String(rowCount)} rows of ${records.length} records`);

    const inRange = records.map((record) => {
      const time = String(record.eventTime);
      return time >= RANGE.since.toISOString().slice(0, 19) && time < RANGE.until.toISOString().slice(0, 19);
    });
    for (const { label, detections } of configurations) {
      let refused = 0;
      for (const detection of detections) {
        const query = detectionQuery(detection, TABLE, RANGE);
        if ('refused' in query) {
          refused++;
          if (!EXPECTED_REFUSALS.has(detection.name)) {
            failures++;
            process.stdout.write(`FAIL ${label} ${detection.name}: refused: ${query.refused}\n`);
          }
          continue;
        }
        if (EXPECTED_REFUSALS.has(detection.name)) {
          failures++;
          process.stdout.write(`FAIL ${label} ${detection.name}: translated, but must be refused: ${detection.pattern}\n`);
          continue;
        }
        const matcher = compileMatcher(detection.pattern);
        const expected = new Set(records.filter((record, i) => inRange[i] && matcher(record, lines[i])).map((record) => String(record.eventID)));
        matches += expected.size;
        const forms: [string, string][] = [['', query.sql]];
        // The named queries of stacks/athena.ts: the same SQL with the range as execution parameters.
        if (label === PARAMETERS_CHECKED) forms.push([' (named query)', executeWithRange(detectionQuery(detection, TABLE, 'parameters'))]);
        for (const [form, sql] of forms) {
          const queryStart = Date.now();
          const actual = new Set((await trinoQuery(server.url, sql)).rows.map((row) => String(row[7])));
          querySeconds += (Date.now() - queryStart) / 1000;
          queries++;
          const missing = [...expected].filter((id) => !actual.has(id));
          const extra = [...actual].filter((id) => !expected.has(id));
          if (missing.length > 0 || extra.length > 0) {
            failures++;
            process.stdout.write(`FAIL ${label} ${detection.name}${form}: ${detection.pattern}\n  evaluator only: ${missing.slice(0, 5).join(' ')}\n  Trino only: ${extra.slice(0, 5).join(' ')}\n`);
            const sample = records.find((record) => record.eventID === (missing[0] ?? extra[0]));
            process.stdout.write(`  e.g. ${JSON.stringify(sample)}\n`);
          }
        }
      }
      process.stdout.write(`${label}: ${detections.length} detections, ${refused} refused (as expected: ${[...EXPECTED_REFUSALS].length})\n`);
    }
    process.stdout.write(
      `Trino ${TRINO_VERSION}: ${queries} queries over ${records.length} records, ${matches} matching events in all, ${failures} failures; ` +
        `server start ${((serverReady - started) / 1000).toFixed(1)} s, queries ${querySeconds.toFixed(1)} s, total ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
        `peak server RSS ${(server.peakRss() / 2 ** 20).toFixed(0)} MiB\n`,
    );
  } finally {
    await server.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  return failures === 0 ? 0 : 1;
}

main().then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`trino-proof: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
