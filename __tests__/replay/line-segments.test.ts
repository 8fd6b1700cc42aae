import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { forEachLine, LineBlocks, linesText } from '../../replay/line-blocks';
import { lineSegments, readLineSegment, SegmentLines } from '../../replay/line-segments';
import type { Problem } from '../../replay/report';

/** A large file of JSON lines is read in segments, each by a worker (line-segments.ts): together they must read every line once, numbered as in the file. */
let folder: string;
beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'trailwatch-segments-'));
});
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

type Line = [text: string, number: number];

/** The reference: the file read whole, in one piece, as LineBlocks numbers it (a byte order mark dropped, as read-input.ts does). */
function wholeFileLines(bytes: Buffer): Line[] {
  const found: Line[] = [];
  const blocks = new LineBlocks({ block: (block, first) => forEachLine(linesText(block), first, (text, number) => found.push([text, number])), tooLong: () => undefined });
  blocks.push(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes);
  blocks.end();
  return found;
}

/** The file read in segments of `segmentBytes`, each numbered from its start, then renumbered in the file. */
async function segmentedLines(file: string, segmentBytes: number): Promise<Line[]> {
  const found: Line[] = [];
  let before = 0;
  for (const segment of lineSegments(file, fs.statSync(file).size, segmentBytes)) {
    const offset = before;
    const lines = await readLineSegment(segment, {
      block: (block, first) => forEachLine(linesText(block), first, (text, number) => found.push([text, offset + number])),
      tooLong: () => undefined,
    });
    before += lines;
  }
  return found;
}

let files = 0;
function write(bytes: Buffer): string {
  const file = path.join(folder, `lines-${files++}.jsonl`);
  fs.writeFileSync(file, bytes);
  return file;
}

describe('lineSegments', () => {
  it('covers the file end to end, in segments of the given size but the last', () => {
    expect(lineSegments('f', 10, 4)).toEqual([
      { file: 'f', index: 0, start: 0, end: 4 },
      { file: 'f', index: 1, start: 4, end: 8 },
      { file: 'f', index: 2, start: 8, end: 10 },
    ]);
    expect(lineSegments('f', 8, 4).map(({ end }) => end)).toEqual([4, 8]);
  });
});

describe('readLineSegment', () => {
  it('reads every line once, numbered as in the file, wherever the segments cut (every size, a small file)', async () => {
    const bytes = Buffer.from('\ufeff{"a":1}\r\n\n{"b":"김철수"}\n\r\n{"c":3}\n{"d":4}');
    const file = write(bytes);
    const expected = wholeFileLines(bytes);
    expect(expected).toHaveLength(6);
    for (let size = 1; size <= bytes.length + 1; size++) expect(await segmentedLines(file, size)).toEqual(expected);
  });

  it('reads a last line without a line break, and a file ending with blank lines', async () => {
    for (const text of ['{"a":1}\n{"b":2}', '{"a":1}\n\n\n', '\n', 'x']) {
      const bytes = Buffer.from(text);
      const file = write(bytes);
      for (const size of [1, 2, 3, 5, 8, 100]) expect(await segmentedLines(file, size)).toEqual(wholeFileLines(bytes));
    }
  });

  it('agrees with reading the file whole on any lines and segment size, across its 64 KiB reads (property)', async () => {
    const line = (maxLength: number) => fc.record({ length: fc.integer({ min: 0, max: maxLength }), fill: fc.constantFrom('a', ' ', '{', 'é', '김') });
    const shape = { breaks: fc.constantFrom('\n', '\r\n'), bom: fc.boolean(), finalBreak: fc.boolean() };
    // Short lines in tiny segments (every kind of cut), or long lines in segments cut across the 64 KiB reads.
    const file = fc.oneof(
      fc.record({ ...shape, lines: fc.array(line(60), { minLength: 1, maxLength: 30 }), segmentBytes: fc.integer({ min: 1, max: 200 }) }),
      fc.record({
        ...shape,
        lines: fc.array(line(70_000), { minLength: 1, maxLength: 12 }),
        // Also sizes at which a 64 KiB read ends exactly at a segment's end (reads start at 0, or 1 byte before the segment).
        segmentBytes: fc.oneof(fc.integer({ min: 4096, max: 200_000 }), fc.constantFrom(65_535, 65_536, 131_071, 131_072)),
      }),
    );
    await fc.assert(
      fc.asyncProperty(file, async ({ lines, breaks, bom, finalBreak, segmentBytes }) => {
        const text = lines.map(({ length, fill }, i) => `${i}:${fill.repeat(length)}`).join(breaks);
        const bytes = Buffer.from(`${bom ? '\ufeff' : ''}${text}${finalBreak ? breaks : ''}`);
        const name = write(bytes);
        expect(await segmentedLines(name, segmentBytes)).toEqual(wholeFileLines(bytes));
        fs.rmSync(name);
      }),
      { numRuns: 60 },
    );
  });

  it('fails as a stream does when the file cannot be read', async () => {
    await expect(readLineSegment({ file: path.join(folder, 'missing.jsonl'), index: 0, start: 0, end: 10 }, { block: () => undefined, tooLong: () => undefined })).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});

describe('SegmentLines', () => {
  const problem = (file: string, line: number): Problem => ({ file, line, reason: 'not JSON' });

  it('numbers a segment’s problems in the file once the segments before it are done, whatever order they finish in', () => {
    const reported: Problem[] = [];
    const lines = new SegmentLines((found) => reported.push(found));
    lines.problem(2, problem('f', 1));
    lines.problem(0, problem('f', 7)); // the first segment's lines are the file's
    expect(reported).toEqual([problem('f', 7)]);
    lines.done(2, 30);
    lines.problem(1, problem('f', 3));
    expect(reported).toHaveLength(1); // segment 1 waits for segment 0
    lines.done(0, 10);
    expect(reported).toEqual([problem('f', 7), problem('f', 13)]);
    lines.done(1, 20);
    expect(reported).toEqual([problem('f', 7), problem('f', 13), problem('f', 31)]);
  });

  it('passes on a problem of the whole file as it is', () => {
    const reported: Problem[] = [];
    const lines = new SegmentLines((found) => reported.push(found));
    lines.done(0, 5);
    lines.problem(1, { file: 'f', reason: 'permission denied' });
    expect(reported).toEqual([{ file: 'f', reason: 'permission denied' }]);
  });
});
