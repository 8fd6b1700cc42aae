/**
 * A minimal client of Trino's HTTP statement protocol: POST the SQL to /v1/statement, then follow
 * `nextUri` until the query finishes (https://trino.io/docs/current/develop/client-protocol.html).
 */
export interface TrinoResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

interface StatementResponse {
  readonly nextUri?: string;
  readonly columns?: readonly { readonly name: string }[];
  readonly data?: readonly (readonly unknown[])[];
  readonly error?: { readonly message: string; readonly errorName?: string };
}

export class TrinoError extends Error {
  constructor(
    message: string,
    readonly sql: string,
    /** Trino's error name (`SYNTAX_ERROR`, `NO_NODES_AVAILABLE`, ...), when it gave one. */
    readonly errorName?: string,
  ) {
    super(message);
    this.name = 'TrinoError';
  }
}

/**
 * How long a statement is retried while Trino has no worker node to run it on. The coordinator drops a node
 * whose announcement is late (seen here on a loaded 2-core machine, minutes after start) and refuses queries
 * with NO_NODES_AVAILABLE before running anything, so resubmitting is safe.
 */
const NO_NODES_RETRY_MS = 120_000;

/** Runs one statement as user `trailwatch`; resolves to every row. @throws TrinoError when Trino reports an error */
export async function trinoQuery(server: string, sql: string, catalog = 'hive'): Promise<TrinoResult> {
  const deadline = Date.now() + NO_NODES_RETRY_MS;
  for (;;) {
    try {
      return await runStatement(server, sql, catalog);
    } catch (error) {
      if (!(error instanceof TrinoError && error.errorName === 'NO_NODES_AVAILABLE' && Date.now() < deadline)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

async function runStatement(server: string, sql: string, catalog: string): Promise<TrinoResult> {
  let response = await call(`${server}/v1/statement`, { method: 'POST', body: sql, headers: { 'X-Trino-User': 'trailwatch', 'X-Trino-Catalog': catalog } });
  let columns: readonly string[] = [];
  const rows: (readonly unknown[])[] = [];
  for (;;) {
    if (response.error) throw new TrinoError(`${response.error.errorName ?? 'ERROR'}: ${response.error.message}`, sql, response.error.errorName);
    if (response.columns) columns = response.columns.map((column) => column.name);
    if (response.data) rows.push(...response.data);
    if (!response.nextUri) return { columns, rows };
    response = await call(response.nextUri, { headers: { 'X-Trino-User': 'trailwatch' } });
  }
}

async function call(url: string, init: RequestInit): Promise<StatementResponse> {
  const reply = await fetch(url, init);
  if (!reply.ok) throw new TrinoError(`HTTP ${reply.status} from ${url}: ${await reply.text()}`, '');
  return (await reply.json()) as StatementResponse;
}
