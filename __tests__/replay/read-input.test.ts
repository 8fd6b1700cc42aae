import { gzipSync } from 'node:zlib';
import { readInput } from '../../replay/read-input';
import type { Block } from '../../replay/record-processor';
import type { Problem } from '../../replay/report';

/** Reads `chunks` as one input; returns the record texts handed on (lines or records) and the problems. */
async function read(chunks: readonly Buffer[]): Promise<{ texts: string[]; problems: Problem[]; bytes: number }> {
  const found = { texts: [] as string[], problems: [] as Problem[], bytes: 0 };
  async function* source(): AsyncGenerator<Buffer> {
    yield* chunks;
  }
  await readInput('input', source(), {
    block: (block: Block) => {
      found.texts.push(...(block.kind === 'lines' ? Buffer.from(block.bytes).toString().split('\n') : block.kind === 'records' ? block.texts : block.events.map((event) => JSON.stringify(event))));
    },
    problem: (problem) => found.problems.push(problem),
    bytesRead: (count) => (found.bytes += count),
  });
  return found;
}

/** Cuts `bytes` into pieces at the given offsets. */
const cut = (bytes: Buffer, ...at: number[]): Buffer[] => [0, ...at].map((start, i) => bytes.subarray(start, [...at, bytes.length][i]));

const record = (who: string) => JSON.stringify({ eventVersion: '1.09', eventTime: '2024-05-01T00:00:00Z', eventName: 'ConsoleLogin', userIdentity: { userName: who } });

describe('readInput', () => {
  const lines = Buffer.from(`${record('alice')}\n${record('김철수')}\n${record('bob')}\n`);
  const hangul = lines.indexOf(Buffer.from('김철수'));

  it('decodes UTF-8 characters cut between chunks, between ASCII chunks', async () => {
    for (const at of [hangul + 1, hangul + 2, hangul + 4, hangul + 8]) {
      const { texts, problems, bytes } = await read(cut(lines, 10, at, lines.length - 5));
      expect(problems).toEqual([]);
      expect(texts.map((text) => JSON.parse(text).userIdentity.userName)).toEqual(['alice', '김철수', 'bob']);
      expect(bytes).toBe(lines.length);
    }
  });

  it('recognizes gzip whose two magic bytes arrive in separate chunks', async () => {
    const gz = gzipSync(`{"Records":[${record('alice')},${record('bob')}]}`);
    const { texts, problems } = await read(cut(gz, 1, 2, 30));
    expect(problems).toEqual([]);
    expect(texts).toEqual([record('alice'), record('bob')]);
  });

  it('reads a one-byte input without taking it for gzip', async () => {
    expect((await read([Buffer.from('x')])).problems).toEqual([{ file: 'input', reason: expect.stringMatching(/^not CloudTrail: .*line 1: not JSON/) }]);
  });
});
