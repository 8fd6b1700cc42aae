import fc from 'fast-check';
import { MalformedRecordsError, RecordSplitter } from '../../replay/record-splitter';

/** Splits `text` pushed in the given chunks; returns the record texts. */
function split(chunks: readonly string[]): string[] {
  const records: string[] = [];
  const splitter = new RecordSplitter((text, index) => {
    expect(index).toBe(records.length + 1);
    records.push(text);
  });
  for (const chunk of chunks) splitter.push(chunk);
  expect(splitter.end()).toBe(records.length);
  return records;
}

/** Every way of cutting `text` in two, plus one character at a time. */
function cuts(text: string): string[][] {
  const twoPieces = Array.from({ length: text.length + 1 }, (_, i) => [text.slice(0, i), text.slice(i)]);
  return [...twoPieces, [...text]];
}

const TRICKY = [
  { eventName: 'PutBucketPolicy', requestParameters: { policy: '{"Statement":[{"Effect":"Allow"}]}' } },
  { eventName: 'x', errorMessage: 'quote \\" and brace } and bracket ] inside', path: 'C:\\\\temp\\\\' },
  { eventName: 'y', ends: 'backslash\\', empty: '', nested: [[{}], { a: [] }], n: -1.5e3, t: true, z: null },
  { eventName: 'unicode', who: '김철수 🚀', tab: '\t\n' },
];

describe('RecordSplitter', () => {
  const document = JSON.stringify({ Records: TRICKY });
  const expected = TRICKY.map((record) => JSON.stringify(record));

  it('returns each record verbatim, with braces, brackets, escaped quotes and backslashes inside strings', () => {
    expect(split([document])).toEqual(expected);
  });

  it('finds the same records wherever the chunks are cut', () => {
    for (const chunks of cuts(document)) expect(split(chunks)).toEqual(expected);
  });

  it('reads pretty-printed files and an empty Records array', () => {
    expect(split([JSON.stringify({ Records: TRICKY }, null, 2) + '\n']).map((text) => JSON.parse(text))).toEqual(TRICKY);
    expect(split(['{"Records":[]}'])).toEqual([]);
    expect(split([' { "Records" : [ ] } \n'])).toEqual([]);
  });

  it('splits any records, cut anywhere (property)', () => {
    const record = fc.dictionary(fc.string(), fc.jsonValue());
    fc.assert(
      fc.property(fc.array(record, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }), (records, positions) => {
        const text = JSON.stringify({ Records: records });
        const at = [...new Set(positions.map((p) => p % (text.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...at].map((start, i) => text.slice(start, [...at, text.length][i]));
        expect(split(chunks)).toEqual(records.map((r) => JSON.stringify(r)));
      }),
    );
  });

  it.each([
    ['truncated inside a record', '{"Records":[{"eventName":"a"},{"eventName":"b', 2, /ends inside the Records array/],
    ['truncated inside a string with escapes', '{"Records":[{"a":"x\\"', 1, /ends inside the Records array/],
    ['no closing brace', '{"Records":[{"a":1}]', 2, /before the closing \}/],
    ['a missing comma', '{"Records":[{"a":1} {"a":2}]}', 2, /expected "," or "\]" after record 1/],
    ['a record that is not an object', '{"Records":[{"a":1},"x"]}', 2, /record 2 is not a JSON object/],
    ['text after the array', '{"Records":[],"x":1}', 1, /unexpected "," after the Records array/],
    ['another document', '{"digestStartTime":"2024-01-01T00:00:00Z"}', 1, /does not start with \{"Records":\[/],
  ])('rejects %s, naming the record where it stopped', (_, text, record, reason) => {
    const splitter = new RecordSplitter(() => undefined);
    let error: unknown;
    try {
      splitter.push(text);
      splitter.end();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MalformedRecordsError);
    expect((error as MalformedRecordsError).message).toMatch(reason);
    expect((error as MalformedRecordsError).record).toBe(record);
  });

  it('keeps only the record being read, not the records already returned', () => {
    const splitter = new RecordSplitter(() => undefined);
    splitter.push('{"Records":[');
    const record = JSON.stringify({ eventName: 'x', padding: 'p'.repeat(1000) });
    for (let i = 0; i < 1000; i++) splitter.push(`${record},`);
    splitter.push(record.slice(0, 10));
    expect((splitter as unknown as { text: string }).text.length).toBeLessThanOrEqual(10);
  });
});
