/**
 * Names of the Athena resources of one account, shared by the stack (stacks/athena.ts) and the CLI's
 * default `--table`. Glue database and table names: lower case, digits and `_` only (AWS Glue Developer
 * Guide, "Database, table and column names"); account names are `[a-z0-9-]`, so `-` becomes `_`.
 */
export interface AthenaNames {
  readonly database: string;
  readonly table: string;
  readonly workgroup: string;
  /** Globally unique: carries the account id. */
  readonly resultsBucket: string;
}

export function athenaNames(accountName: string, accountId: string): AthenaNames {
  return {
    database: `trailwatch_${accountName.replaceAll('-', '_')}`,
    table: 'cloudtrail',
    workgroup: `trailwatch-${accountName}`,
    resultsBucket: `trailwatch-${accountName}-${accountId}-athena-results`,
  };
}
