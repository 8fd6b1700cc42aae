import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { READ_CHUNK_BYTES } from '../../replay/file-chunks';
import { isCloudTrailLinesFile, readInput } from '../../replay/read-input';
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

describe('isCloudTrailLinesFile', () => {
  let folder: string;
  beforeAll(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'trailwatch-head-'));
  });
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));
  const file = (name: string, bytes: string | Buffer): string => {
    fs.writeFileSync(path.join(folder, name), bytes);
    return path.join(folder, name);
  };

  it('tells JSON lines of CloudTrail from their first line, as readInput does, blank lines and a byte order mark before it', async () => {
    expect(await isCloudTrailLinesFile(file('lines.jsonl', `${record('alice')}\n{"not":"json`))).toBe(true);
    expect(await isCloudTrailLinesFile(file('bom.jsonl', `\ufeff\r\n\n${record('alice')}\r\n`))).toBe(true);
    expect(await isCloudTrailLinesFile(file('export.jsonl', `2024-05-01T00:05:12.000Z ${record('alice')}\n`))).toBe(true);
  });

  it('leaves to readInput what is not, or cannot be told from the first chunk', async () => {
    expect(await isCloudTrailLinesFile(file('records.json', `{"Records":[${record('alice')}]}\n`))).toBe(false);
    expect(await isCloudTrailLinesFile(file('lines.jsonl.gz', gzipSync(`${record('alice')}\n`)))).toBe(false);
    expect(await isCloudTrailLinesFile(file('other.jsonl', '{"level":"info"}\n'))).toBe(false);
    expect(await isCloudTrailLinesFile(file('no-break.jsonl', record('alice')))).toBe(false);
    expect(await isCloudTrailLinesFile(file('long-first-line.jsonl', `${JSON.stringify({ ...JSON.parse(record('alice')), x: 'x'.repeat(READ_CHUNK_BYTES) })}\n`))).toBe(false);
    expect(await isCloudTrailLinesFile(file('empty.jsonl', ''))).toBe(false);
    expect(await isCloudTrailLinesFile(path.join(folder, 'missing.jsonl'))).toBe(false);
  });
});
