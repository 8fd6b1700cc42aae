import type { CompiledDetection } from '../catalog/types';
import { parsePattern } from '../pattern/parse';
import { DATE_PARTITION } from './cloudtrail-table';
import { predicateSql, quoteIdentifier, SqlRefusal, sqlString } from './predicate';

/** The time range of a hunt: `since` inclusive, `until` exclusive. */
export interface TimeRange {
  readonly since: Date;
  readonly until: Date;
}

/** One detection as SQL, or the reason it has none. */
export type DetectionQuery =
  | { readonly name: string; readonly pattern: string; readonly sql: string }
  | { readonly name: string; readonly pattern: string; readonly refused: string };

/**
 * The summary columns the notifier shows (lambda/notifier/cloudtrail.ts): the principal is
 * `userIdentity.arn`, falling back to `principalId`, `userName`, then `type`, as there.
 */
const SUMMARY_COLUMNS = [
  'eventtime AS event_time',
  'eventsource AS event_source',
  'eventname AS event_name',
  'coalesce(useridentity.arn, useridentity.principalid, useridentity.username, useridentity."type") AS principal',
  'sourceipaddress AS source_ip',
  'errorcode AS error_code',
  'awsregion AS region',
  'eventid AS event_id',
];

/**
 * The query of one deployed detection: its compiled pattern (the same text the metric filter holds) as a
 * WHERE clause, the summary columns, and the time range twice: on the projected date partition (so Athena
 * reads only those days' objects) and on eventTime (the exact bound).
 */
export function detectionQuery(detection: Pick<CompiledDetection, 'name' | 'pattern'>, table: string, range: TimeRange | 'parameters'): DetectionQuery {
  const { name, pattern } = detection;
  let predicate: string;
  try {
    const ast = parsePattern(pattern);
    predicate = ast.kind === 'all' ? 'TRUE' : predicateSql(ast.expr);
  } catch (error) {
    if (error instanceof SqlRefusal) return { name, pattern, refused: error.message };
    throw error;
  }
  const sql = [
    `-- trailwatch detection ${name}`,
    `-- filter pattern: ${JSON.stringify(pattern)}`,
    `SELECT ${SUMMARY_COLUMNS.join(', ')}`,
    `FROM ${table}`,
    ...timeConditions(range),
    `  AND ${predicate}`,
    'ORDER BY eventtime, eventid',
  ].join('\n');
  return { name, pattern, sql };
}

/**
 * The time range as SQL. `parameters`: four execution parameters (`?`, Athena's parameterized queries),
 * for a saved query run with different ranges: first day, the day after the last (`yyyy/MM/dd`; see
 * {@link lastDeliveryDay}), then since and until (`2024-05-01T00:00:00Z`, until exclusive).
 */
function timeConditions(range: TimeRange | 'parameters'): string[] {
  const day = quoteIdentifier(DATE_PARTITION);
  if (range === 'parameters') {
    return [
      '-- parameters: first day, last day + 1 (late deliveries; yyyy/MM/dd), since, until (exclusive; 2024-05-01T00:00:00Z)',
      `WHERE ${day} BETWEEN ? AND ?`,
      '  AND eventtime >= ? AND eventtime < ?',
    ];
  }
  const [firstDay, lastDay, since, until] = rangeParameters(range).map(sqlString);
  return [`WHERE ${day} BETWEEN ${firstDay} AND ${lastDay}`, `  AND eventtime >= ${since} AND eventtime < ${until}`];
}

/** The values of the four execution parameters of a `parameters` query, for a time range. */
export function rangeParameters(range: TimeRange): [firstDay: string, lastDay: string, since: string, until: string] {
  return [partitionDate(range.since), partitionDate(lastDeliveryDay(range.until)), eventTime(range.since), eventTime(range.until)];
}

/** `yyyy/MM/dd`, the projection's format (UTC: CloudTrail's S3 key dates are UTC). */
function partitionDate(date: Date): string {
  return date.toISOString().slice(0, 10).replaceAll('-', '/');
}

/** CloudTrail's eventTime format, `2024-05-01T00:05:12Z`: ISO 8601 in UTC, whole seconds, so text order is time order. */
function eventTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * A day within which every event before `until` has been delivered. The date folders are the log files'
 * delivery dates, and CloudTrail delivers "within an average of about 5 minutes of an API call", without
 * guarantee (AWS CloudTrail FAQs, https://aws.amazon.com/cloudtrail/faqs/): an event of 23:59 lands in the next
 * day's folder. One day of margin; eventTime keeps the bound exact.
 */
function lastDeliveryDay(until: Date): Date {
  return new Date(until.getTime() - 1 + 86_400_000);
}
