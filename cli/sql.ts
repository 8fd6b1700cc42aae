/**
 * `trailwatch sql`: every detection of an account as one Athena (engine v3) query over the CloudTrail table,
 * from the same compiled pattern the metric filter holds (sql/query.ts); a detection that cannot be
 * translated exactly is listed with the reason instead.
 */
import type { Command } from 'commander';
import { athenaNames } from '../sql/athena-names';
import { type DetectionQuery, detectionQuery } from '../sql/query';
import type { CommandContext } from './context';
import { chooseDetections, type DetectionChoice } from './detections';
import { parseTimeRange } from './time-range';
import { UsageError } from './usage-error';

interface SqlFlags extends DetectionChoice {
  readonly table?: string;
  readonly json?: boolean;
  readonly since: string;
  readonly until?: string;
}

/** The table Athena's documentation creates, when no account names trailwatch's own. */
const DOCUMENTED_TABLE = 'default.cloudtrail_logs_pp';
/** `table`, `db.table` or `catalog.db.table` of plain names: the text goes into SQL as is. */
const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}$/;

/** Adds `sql` to the program. */
export function registerSqlCommand(cli: Command, { io, withDetectionChoice }: CommandContext): void {
  withDetectionChoice(cli.command('sql').description('print each detection as an Athena SQL query over the CloudTrail table (the archive in S3)'))
    .option('--table <name>', `the CloudTrail table (default: the account's trailwatch_<account>.cloudtrail, else ${DOCUMENTED_TABLE})`)
    .option('--since <when>', 'start: a duration back from now (7d, 36h, 90m, 2w) or a date/time (2024-05-01)', '7d')
    .option('--until <when>', 'end, exclusive (default: now)')
    .option('--json', 'print { table, since, until, queries: [{ name, pattern, sql | refused }] }')
    .action((flags: SqlFlags) => {
      const { detections, source, profile, account } = chooseDetections(flags);
      const table = flags.table ?? (account ? qualified(account.name) : DOCUMENTED_TABLE);
      if (!TABLE_NAME.test(table)) throw new UsageError(`--table must be table, db.table or catalog.db.table of letters, digits and "_", got "${table}"`);
      const range = parseTimeRange(flags.since, flags.until, new Date());
      const queries = detections.map((detection) => detectionQuery(detection, table, range));
      for (const query of queries) if ('refused' in query) io.stderr.write(`trailwatch: ${query.name}: not translated: ${query.refused}\n`);
      const output = flags.json
        ? JSON.stringify({ source, profile, table, since: range.since.toISOString(), until: range.until.toISOString(), queries }, null, 2)
        : sqlText(queries);
      io.stdout.write(`${output}\n`);
    });
}

function qualified(account: string): string {
  const { database, table } = athenaNames(account, '');
  return `${database}.${table}`;
}

/** The queries, `;`-terminated, a blank line apart; a refused detection as a comment with its reason. */
export function sqlText(queries: readonly DetectionQuery[]): string {
  return queries.map((query) => ('sql' in query ? `${query.sql};` : `-- trailwatch detection ${query.name}: not translated: ${query.refused}`)).join('\n\n');
}
