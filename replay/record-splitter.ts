/**
 * Splits a CloudTrail log file as delivered to S3 — one JSON document `{"Records":[{...},{...}]}` — into the
 * JSON text of each record, streaming: whatever the file size, memory holds at most the record being read.
 *
 * Only what decides where a record ends is tracked: bracket depth outside strings. One sticky regex skips
 * whole runs of plain text and complete strings (escapes included) natively, so the scan stops only at
 * brackets; each record's own syntax is left to `JSON.parse`. A record cut by a chunk boundary is scanned
 * again from its start when the next chunk arrives (its text is kept anyway).
 */

/** The start of a CloudTrail log file. CloudTrail writes `Records` as the only key (CloudTrail User Guide, "CloudTrail log file examples"). */
export const RECORDS_HEAD = /^\s*\{\s*"Records"\s*:\s*\[/;
/** How much text may come before the first record; more means it is not a CloudTrail log file. */
const MAX_HEAD = 4096;
/** A record longer than this is not CloudTrail (its records are at most a few hundred KB) and would hold memory. */
export const MAX_RECORD_CHARS = 16 * 1024 * 1024;

/** The file is not a well-formed `Records` document from `record` (1-based) on. */
export class MalformedRecordsError extends Error {
  constructor(
    reason: string,
    /** The 1-based record where reading stopped. */
    readonly record: number,
  ) {
    super(reason);
    this.name = 'MalformedRecordsError';
  }
}

/** Text up to the next bracket outside strings: runs of other characters, and whole strings with their escapes. */
const TO_NEXT_BRACKET = /(?:[^"{}[\]]+|"[^"\\]*(?:\\[\s\S][^"\\]*)*")*/y;
const QUOTE = 34;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;

const enum Phase {
  /** Before `[`. */
  Head,
  /** Between records: expecting a record, `,` or `]`. */
  Between,
  /** Inside a record. */
  Record,
  /** After `]`: only `}` and blanks may follow. */
  Tail,
  /** After the closing `}`. */
  Done,
}

export class RecordSplitter {
  /** Text not yet consumed: from the start of the record being read (or from the scan position). */
  private text = '';
  private pos = 0;
  private phase = Phase.Head;
  private recordStart = 0;
  /** A record was just read, so `,` or `]` must come next. */
  private afterRecord = false;
  private closedObject = false;
  private records = 0;

  /** @param onRecord receives each record's JSON text and its 1-based index in the file */
  constructor(private readonly onRecord: (text: string, record: number) => void) {}

  push(chunk: string): void {
    this.text = this.text.length === 0 ? chunk : this.text + chunk;
    if (this.phase === Phase.Head && !this.readHead()) return;
    this.scan();
    if (this.phase === Phase.Record) {
      this.text = this.text.slice(this.recordStart);
      this.pos -= this.recordStart;
      this.recordStart = 0;
      if (this.text.length > MAX_RECORD_CHARS) this.fail(`record longer than ${MAX_RECORD_CHARS / 1024 / 1024} MiB`);
    } else {
      this.text = this.pos < this.text.length ? this.text.slice(this.pos) : '';
      this.pos = 0;
    }
  }

  /** Call after the last chunk: throws if the document is incomplete. Returns the number of records. */
  end(): number {
    if (this.phase === Phase.Head) this.fail('not a CloudTrail log file: it does not start with {"Records":[');
    if (this.phase === Phase.Record || this.phase === Phase.Between) this.fail('the file ends inside the Records array (truncated?)');
    if (!this.closedObject) this.fail('the file ends before the closing }');
    return this.records;
  }

  private readHead(): boolean {
    const head = RECORDS_HEAD.exec(this.text);
    if (head) {
      this.pos = head[0].length;
      this.phase = Phase.Between;
      return true;
    }
    if (this.text.length > MAX_HEAD) this.fail('not a CloudTrail log file: it does not start with {"Records":[');
    return false;
  }

  private scan(): void {
    const text = this.text;
    const n = text.length;
    let i = this.pos;
    while (i < n) {
      if (this.phase === Phase.Record) {
        const end = this.recordEnd(text);
        if (end < 0) {
          i = n; // the record goes on in the next chunk
          break;
        }
        this.phase = Phase.Between;
        this.afterRecord = true;
        this.onRecord(text.slice(this.recordStart, end), ++this.records);
        i = end;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        i++;
      } else if (this.phase === Phase.Between) {
        i = this.between(c, i);
      } else if (this.phase === Phase.Tail && c === CLOSE_BRACE && !this.closedObject) {
        this.closedObject = true;
        this.phase = Phase.Done;
        i++;
      } else {
        this.fail(`unexpected ${JSON.stringify(text[i])} after the Records array`);
      }
    }
    this.pos = i;
  }

  private between(c: number, i: number): number {
    if (c === CLOSE_BRACKET) {
      this.phase = Phase.Tail;
      return i + 1;
    }
    if (this.afterRecord) {
      if (c !== COMMA) this.fail(`expected "," or "]" after record ${this.records}`);
      this.afterRecord = false;
      return i + 1;
    }
    if (c !== OPEN_BRACE) this.fail(`record ${this.records + 1} is not a JSON object`);
    this.phase = Phase.Record;
    this.recordStart = i;
    return i;
  }

  /** Where the record starting at `recordStart` ends (just after its closing brace), or -1 if the text ends first. */
  private recordEnd(text: string): number {
    let depth = 0;
    let i = this.recordStart;
    for (;;) {
      TO_NEXT_BRACKET.lastIndex = i;
      TO_NEXT_BRACKET.test(text);
      i = TO_NEXT_BRACKET.lastIndex;
      // The text ran out, or a string is still open at its end: wait for more.
      if (i >= text.length || text.charCodeAt(i) === QUOTE) return -1;
      const c = text.charCodeAt(i++);
      if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (--depth === 0) return i;
    }
  }

  private fail(reason: string): never {
    throw new MalformedRecordsError(reason, this.records + 1);
  }
}
