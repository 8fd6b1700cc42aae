import { asciiText, forEachLine, LineBlocks, linesText, logEventText, MAX_LINE_BYTES } from '../../replay/line-blocks';

/** Pushes the chunks (as UTF-8 bytes); returns every line with its number (from the blocks) and the over-long line numbers. */
function lines(chunks: readonly (string | Buffer)[]): { lines: [string, number][]; tooLong: number[]; counted: number } {
  const found = { lines: [] as [string, number][], tooLong: [] as number[], counted: 0 };
  const splitter = new LineBlocks({
    block: (bytes, firstLine) => forEachLine(linesText(bytes), firstLine, (line, number) => found.lines.push([line, number])),
    tooLong: (line) => found.tooLong.push(line),
  });
  for (const chunk of chunks) splitter.push(Buffer.from(chunk));
  found.counted = splitter.end();
  return found;
}

describe('LineBlocks', () => {
  it('splits on LF and CRLF across chunk boundaries, keeping blank lines and a last line without a break', () => {
    expect(lines(['{"a":', '1}\r\n\n{"b"', ':2}\n{"c":3}'])).toEqual({
      lines: [
        ['{"a":1}', 1],
        ['', 2],
        ['{"b":2}', 3],
        ['{"c":3}', 4],
      ],
      tooLong: [],
      counted: 4,
    });
  });

  it('numbers lines the same wherever the chunks are cut', () => {
    const text = 'a\n\nbb\r\nccc\n\nd';
    const expected = lines([text]).lines;
    for (let i = 0; i <= text.length; i++) expect(lines([text.slice(0, i), text.slice(i)]).lines).toEqual(expected);
    expect(lines([...text]).lines).toEqual(expected);
  });

  it('decodes UTF-8 characters whatever bytes the chunks are cut at; ASCII blocks as they are', () => {
    const bytes = Buffer.from('{"user":"김철수"}\n{"user":"ascii"}\n{"user":"é"}');
    const expected = lines([bytes]).lines;
    expect(expected.map(([line]) => JSON.parse(line).user)).toEqual(['김철수', 'ascii', 'é']);
    for (let i = 0; i <= bytes.length; i++) expect(lines([bytes.subarray(0, i), bytes.subarray(i)]).lines).toEqual(expected);
  });

  it('does not count a final line break as an extra line', () => {
    expect(lines(['a\nb\n']).lines).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('reports and drops an over-long line instead of holding it, then goes on', () => {
    const chunk = 'x'.repeat(MAX_LINE_BYTES / 4);
    const found = lines(['ok\n', chunk, chunk, chunk, chunk, chunk, 'tail\nnext\n']);
    expect(found.lines).toEqual([
      ['ok', 1],
      ['next', 3],
    ]);
    expect(found.tooLong).toEqual([2]);
  });
});

describe('logEventText', () => {
  it('strips the timestamp of a CloudWatch Logs export line', () => {
    expect(logEventText('2024-05-01T00:05:12.000Z {"eventName":"x"}')).toBe('{"eventName":"x"}');
  });

  it('leaves plain JSON lines and other text as they are', () => {
    expect(logEventText('{"eventName":"x"}')).toBe('{"eventName":"x"}');
    expect(logEventText('123 456')).toBe('123 456');
    expect(logEventText('hello {"a":1}')).toBe('hello {"a":1}');
  });
});

describe('asciiText', () => {
  it('gives the characters of ASCII bytes, however many (latin1 copy, or UTF-8 decoding above the external-string size)', () => {
    for (const size of [0, 1, 0xfbee9, 0xfbee9 + 1, 3_000_000]) {
      const bytes = Buffer.alloc(size, '{"eventName":"ConsoleLogin"}\n');
      const text = asciiText(bytes);
      expect(text.length).toBe(size);
      expect(text === bytes.toString('latin1')).toBe(true);
    }
  });
});
