import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TrinoError, trinoQuery } from '../../scripts/trino/client';

/** A stand-in for Trino's statement endpoint: answers each POST with the next of `replies`, then the rows. */
async function trinoStandIn(replies: readonly object[]): Promise<{ url: string; posts: () => number; close: () => Promise<void> }> {
  let posts = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const reply = request.method === 'POST' ? (replies[posts++] ?? { columns: [{ name: 'n' }], data: [[1]] }) : {};
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, posts: () => posts, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const noNodes = { error: { errorName: 'NO_NODES_AVAILABLE', message: 'No nodes available to run query' } };

describe('trinoQuery', () => {
  it('submits a statement again while Trino has no node to run it on (refused before it ran)', async () => {
    const trino = await trinoStandIn([noNodes, noNodes]);
    try {
      expect(await trinoQuery(trino.url, 'SELECT 1')).toEqual({ columns: ['n'], rows: [[1]] });
      expect(trino.posts()).toBe(3);
    } finally {
      await trino.close();
    }
  });

  it('fails at once on any other error, naming it', async () => {
    const trino = await trinoStandIn([{ error: { errorName: 'SYNTAX_ERROR', message: "line 1:1: mismatched input 'SELEC'" } }]);
    try {
      const failure = trinoQuery(trino.url, 'SELEC 1');
      await expect(failure).rejects.toThrow(TrinoError);
      await expect(failure).rejects.toMatchObject({ errorName: 'SYNTAX_ERROR', sql: 'SELEC 1' });
      expect(trino.posts()).toBe(1);
    } finally {
      await trino.close();
    }
  });
});
