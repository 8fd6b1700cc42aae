import fc from 'fast-check';
import { RecordSplitter } from '../../replay/record-splitter';
import { parseRecordsDocument } from '../../replay/records-document';

/** What the streaming splitter makes of `text`: every record parsed, and whether the splitter or a record's parse failed. */
function splitAndParse(text: string): { records: unknown[]; failed: boolean } {
  const records: unknown[] = [];
  try {
    const splitter = new RecordSplitter((json) => records.push(JSON.parse(json)));
    splitter.push(text);
    splitter.end();
    return { records, failed: false };
  } catch {
    return { records, failed: true };
  }
}

const event = (eventName: string): object => ({ eventVersion: '1.09', eventTime: '2024-05-01T00:00:00Z', eventName, n: 12.0, s: 'quote " brace } bracket ]' });

describe('parseRecordsDocument', () => {
  it('parses a log file whole, pretty-printed or not, and an empty Records array', () => {
    const records = [event('A'), event('B')];
    expect(parseRecordsDocument(JSON.stringify({ Records: records }))).toEqual(records);
    expect(parseRecordsDocument(`${JSON.stringify({ Records: records }, null, 2)}\n`)).toEqual(records);
    expect(parseRecordsDocument(' { "Records" : [ ] } \r\n\t')).toEqual([]);
  });

  it.each([
    ['truncated', '{"Records":[{"eventName":"A"},{"eventNa'],
    ['without its closing brace', '{"Records":[{"eventName":"A"}]'],
    ['with another key after Records', '{"Records":[{"eventName":"A"}],"x":1}'],
    ['with Records repeated (JSON.parse would keep the last one silently)', '{"Records":[{"eventName":"A"}],"Records":[{"eventName":"B"}]}'],
    ['with a record that is not an object', '{"Records":[{"eventName":"A"},[1],{"eventName":"B"}]}'],
    ['with a null record', '{"Records":[null]}'],
    ['with a record that is not JSON', '{"Records":[{"eventName":"A"},{"eventName":B}]}'],
    ['with text after the document', '{"Records":[]} x'],
    ['with a second document', '{"Records":[]}{"Records":[]}'],
    ['not starting with Records', '{"records":[]}'],
    ['empty', ''],
  ])('leaves a file %s to the splitter', (_, text) => {
    expect(parseRecordsDocument(text)).toBeUndefined();
  });

  it('agrees with the splitter on any document, well-formed or damaged (property)', () => {
    const record = fc.dictionary(fc.string(), fc.jsonValue());
    const element = fc.oneof({ weight: 8, arbitrary: record.map((value) => JSON.stringify(value)) }, { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) });
    const blank = fc.constantFrom('', ' ', '\n', '\r\n', '\t');
    const document = fc
      .tuple(fc.array(element, { maxLength: 5 }), blank, blank, fc.constantFrom('', ',"Records":[]', ',"x":1', ' x', '{}'))
      .map(([elements, before, after, extra]) => `{"Records":[${before}${elements.join(`,${before}`)}${after}]${extra}}${after}`);
    const damaged = fc.tuple(document, fc.nat(), fc.nat(), fc.constantFrom('', '{', '}', '[', ']', ',', '"', '\\')).map(([text, cut, at, insert]) => {
      const end = cut % (text.length + 1);
      const position = at % (end + 1);
      return text.slice(0, position) + insert + text.slice(position, end);
    });
    fc.assert(
      fc.property(fc.oneof(document, damaged), (text) => {
        const whole = parseRecordsDocument(text);
        const split = splitAndParse(text);
        // Left to the splitter exactly when the splitter or a record's parse fails; otherwise the same records.
        expect(whole === undefined).toBe(split.failed);
        if (whole !== undefined) expect(whole).toEqual(split.records);
      }),
      { numRuns: 2000 },
    );
  });
});
