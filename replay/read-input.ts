import { isAscii } from 'node:buffer';
import { pipeline } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, gunzipSync } from 'node:zlib';
import { notCloudTrailReason, notJsonReason } from './cloudtrail-record';
import { fileChunks, READ_CHUNK_BYTES } from './file-chunks';
import { asciiText, LINE_TOO_LONG, LineBlocks, linesText, logEventText, withoutBomBytes } from './line-blocks';
import { MalformedRecordsError, RecordSplitter, RECORDS_HEAD } from './record-splitter';
import type { Block } from './record-processor';
import { parseRecordsDocument } from './records-document';
import type { Problem } from './report';

/**
 * Reads one input — a file or stdin — as CloudTrail, streaming, and hands it on in blocks of records. The
 * format is told by content, not by name: gzip by its magic bytes, then a `{"Records":[` head means a
 * CloudTrail log file as delivered to S3; anything else is read as JSON lines (one record per line,
 * optionally prefixed by a CloudWatch Logs export timestamp), provided its first line is a CloudTrail record.
 * A log file up to {@link WHOLE_RECORDS_FILE_BYTES} may be parsed whole (see records-document.ts).
 */
export interface InputSink {
  /** Takes a block; may return a promise to slow reading down (back-pressure). */
  block(block: Block): void | Promise<void>;
  problem(problem: Problem): void;
  /** Raw (possibly compressed) bytes read, for progress. */
  bytesRead(count: number): void;
  /**
   * Whether a `Records` file may be handed on parsed, as one `events` block. Only for blocks processed in
   * the reading thread (parsed records would cost more to copy to another thread than to parse there) by a
   * processor that needs no record text (RecordProcessor.needsRecordText).
   * @default false
   */
  readonly parsedRecords?: boolean;
}

/** Decoded text looked at before choosing the format; far more than any head of a `Records` file. */
const HEAD_CHARS = 1024;
/** Larger than zlib's 16 KiB default: fewer, cheaper chunks. */
const GUNZIP_CHUNK = 256 * 1024;
/**
 * The most a gzip input that came whole is gunzipped to in one call (held at once); a larger one is streamed.
 * Twice {@link WHOLE_RECORDS_FILE_BYTES}: any `Records` file that is parsed whole fits.
 */
const WHOLE_GUNZIP_BYTES = 16 * 1024 * 1024;
/** Record text gathered before a `Records` block is handed on. */
const RECORDS_BLOCK_CHARS = 1024 * 1024;
/**
 * The largest `Records` file (uncompressed bytes) parsed whole; a larger one is split and streamed, so
 * memory stays bounded whatever the file size. Parsing whole holds the file's bytes, its text and all its
 * parsed records at once (the records take about 1.2x the text in V8's heap on the bench's data, more with
 * less repetitive values), per worker thread: 8 MiB keeps that to a few tens of MB, and is above the 3 MB
 * of a busy account's 5-minute file in the bench (CloudTrail writes a file per account, region and few minutes).
 */
export const WHOLE_RECORDS_FILE_BYTES = 8 * 1024 * 1024;

/** The whole input was skipped: it is not CloudTrail. */
class NotCloudTrailError extends Error {}

export async function readInput(name: string, source: AsyncIterable<Buffer>, sink: InputSink): Promise<void> {
  const parser = new CloudTrailText(name, sink);
  try {
    for await (const bytes of decompressed(source, sink)) await parser.push(bytes);
    await parser.end();
  } catch (error) {
    if (!isInputFault(error)) throw error;
    // Text gathered to be parsed whole is split now, which may find the file malformed before where reading failed.
    const fault = await parser.flush().then(
      () => error,
      (earlier: unknown) => {
        if (!(earlier instanceof MalformedRecordsError || earlier instanceof NotCloudTrailError)) throw earlier;
        return earlier;
      },
    );
    sink.problem({ file: name, ...parser.position(fault), reason: inputFaultReason(fault) });
  }
}

/** A fault of the input (its bytes, its format, the file system) skips it; anything else is a real failure. */
function isInputFault(error: unknown): boolean {
  return error instanceof NotCloudTrailError || error instanceof MalformedRecordsError || Boolean((error as NodeJS.ErrnoException).code);
}

/**
 * Streamed UTF-8 decoding with a fast path: CloudTrail is nearly all ASCII, whose bytes are its characters,
 * so an ASCII chunk is copied as latin1, much faster than decoding — unless the decoder may hold the start
 * of a character cut at the end of the previous chunk (its last byte was not ASCII).
 */
class Utf8Text {
  private readonly decoder = new StringDecoder('utf8');
  private mayHoldBytes = false;

  write(bytes: Buffer): string {
    if (!this.mayHoldBytes && isAscii(bytes)) return asciiText(bytes);
    this.mayHoldBytes = bytes.length > 0 && bytes[bytes.length - 1] >= 0x80;
    return this.decoder.write(bytes);
  }

  end(): string {
    return this.decoder.end();
  }
}

/**
 * The input's bytes, gunzipped when they start with the gzip magic bytes ({@link isGzip}). An input
 * that comes whole, in one chunk (a small file a worker read in one piece, file-chunks.ts), is gunzipped in one
 * call when it can be; otherwise, or if that call fails (damaged, or larger than {@link WHOLE_GUNZIP_BYTES}),
 * through a stream, which hands on what it could read before the damage and reports it.
 */
async function* decompressed(source: AsyncIterable<Buffer>, sink: InputSink): AsyncGenerator<Buffer> {
  const chunks = source[Symbol.asyncIterator]();
  // The first two bytes decide; a stream (stdin) may deliver them in separate chunks.
  const head: Buffer[] = [];
  let headBytes = 0;
  let done = false;
  const next = async (): Promise<void> => {
    const chunk = await chunks.next();
    if (chunk.done) {
      done = true;
    } else {
      head.push(chunk.value);
      headBytes += chunk.value.length;
    }
  };
  while (headBytes < 2 && !done) await next();
  if (headBytes === 0) return;
  const first = head.length === 1 ? head[0] : Buffer.concat(head);
  const gzip = isGzip(first);
  if (gzip && head.length === 1 && !done) await next(); // is the input whole, in one chunk?
  async function* counted(): AsyncGenerator<Buffer> {
    try {
      for (const chunk of head) {
        sink.bytesRead(chunk.length);
        yield chunk;
      }
      if (done) return;
      for (let chunk = await chunks.next(); !chunk.done; chunk = await chunks.next()) {
        sink.bytesRead(chunk.value.length);
        yield chunk.value;
      }
    } finally {
      await chunks.return?.(); // closes the file when reading stops early
    }
  }
  if (!gzip) {
    yield* counted();
    return;
  }
  const whole = done && head.length === 1 ? gunzipWhole(head[0]) : undefined;
  if (whole !== undefined) {
    sink.bytesRead(head[0].length);
    yield whole;
    return;
  }
  // Node's gunzip also reads concatenated gzip members, as `cat a.gz b.gz` makes.
  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK });
  yield* pipeline(counted(), gunzip, () => {
    // errors surface through the iteration below
  });
}

/** The gunzipped bytes, or `undefined` if they are damaged or larger than {@link WHOLE_GUNZIP_BYTES}. */
function gunzipWhole(bytes: Buffer): Buffer | undefined {
  // A gzip member ends with its uncompressed size mod 2^32 (ISIZE, RFC 1952 §2.3.1): an output buffer of that
  // size takes all of a one-member file, with no chunks to join. Any other value only costs more chunks.
  const size = bytes.length >= 18 ? bytes.readUInt32LE(bytes.length - 4) : 0;
  try {
    return gunzipSync(bytes, { chunkSize: Math.min(Math.max(size + 1, GUNZIP_CHUNK), WHOLE_GUNZIP_BYTES), maxOutputLength: WHOLE_GUNZIP_BYTES });
  } catch {
    return undefined;
  }
}

/**
 * Chooses the format from the first text, then splits the input into blocks: JSON lines as bytes (decoded
 * by the thread that parses them, see line-blocks.ts), a `Records` file as decoded record texts — or gathers
 * a `Records` file's bytes to parse it whole, decoded in one piece (far cheaper than joining decoded chunks).
 */
class CloudTrailText {
  private decoder = new Utf8Text();
  private head = '';
  /** The bytes of {@link head}: a file parsed whole or read as lines starts again from them. */
  private headBytes: Buffer[] = [];
  private splitter: RecordSplitter | undefined;
  private lines: LineBlocks | undefined;
  /** The bytes of a `Records` file gathered to be parsed whole, while they are within {@link WHOLE_RECORDS_FILE_BYTES}. */
  private whole: Buffer[] | undefined;
  private wholeBytes = 0;
  /** Blocks made during the last push, handed on after it (the splitters call back synchronously). */
  private ready: Block[] = [];
  private records: string[] = [];
  private recordChars = 0;
  private recordsBefore = 0;
  /** JSON lines: whether a CloudTrail record was seen yet (the first non-blank line decides the format). */
  private sawRecord = false;

  constructor(
    private readonly name: string,
    private readonly sink: InputSink,
  ) {}

  async push(bytes: Buffer): Promise<void> {
    if (this.lines) {
      this.lines.push(bytes);
    } else if (this.splitter) {
      this.splitter.push(this.decoder.write(bytes));
    } else if (this.whole) {
      this.whole.push(bytes);
      if ((this.wholeBytes += bytes.length) > WHOLE_RECORDS_FILE_BYTES) this.split(this.wholeText());
    } else {
      // The format is told from at most the first READ_CHUNK_BYTES, so that a file read whole is told as a
      // stream of it is, without decoding all of it only to look at its start.
      const head = bytes.length > READ_CHUNK_BYTES ? bytes.subarray(0, READ_CHUNK_BYTES) : bytes;
      this.headBytes.push(head);
      if ((this.head += this.decoder.write(head)).length >= HEAD_CHARS) this.start();
      if (head !== bytes) return this.push(bytes.subarray(head.length));
    }
    await this.handOn();
  }

  async end(): Promise<void> {
    if (!this.splitter && !this.whole && !this.lines) {
      this.head += this.decoder.end();
      if (this.head.trim() === '') throw new NotCloudTrailError('empty file');
      this.start();
    }
    if (this.whole) {
      const text = this.wholeText() + this.decoder.end();
      const events = parseRecordsDocument(text);
      if (events) {
        this.ready.push({ kind: 'events', file: this.name, events, firstRecord: 1 });
        await this.handOn();
        return;
      }
      this.split(text); // not well-formed: the splitter reports where, after handing on the records before
    }
    if (this.lines) {
      this.lines.end();
    } else {
      this.splitter!.push(this.decoder.end());
      this.splitter!.end();
    }
    await this.flush();
    if (this.lines && !this.sawRecord) throw new NotCloudTrailError('no CloudTrail records (only blank lines)');
  }

  /**
   * Hands on what was read before a failure, whatever was read: text gathered whole, or a head too short to
   * have chosen the format yet (a small truncated gzip file). Throws {@link MalformedRecordsError} if that
   * text is malformed before its end, {@link NotCloudTrailError} if it is not CloudTrail.
   */
  async flush(): Promise<void> {
    try {
      if (this.whole) this.split(this.wholeText());
      else if (!this.splitter && !this.lines && this.head.trim() !== '') this.start(false);
    } finally {
      this.closeRecordsBlock();
      await this.handOn();
    }
  }

  /** Where reading stopped, for a problem that ends the input. */
  position(error: unknown): Pick<Problem, 'line' | 'record'> {
    if (error instanceof MalformedRecordsError) return { record: error.record };
    if (error instanceof NotCloudTrailError) return {};
    if (this.lines) return { line: this.lines.linesRead + 1 };
    return this.splitter ? { record: this.recordsBefore + 1 } : {};
  }

  /** Chooses the format from the head; `whole` lets a `Records` file be gathered to be parsed whole. */
  private start(whole = true): void {
    const head = withoutBom(this.head);
    const headBytes = this.headBytes;
    this.head = '';
    this.headBytes = [];
    if (!RECORDS_HEAD.test(head)) {
      this.lines = new LineBlocks({ block: (lines, firstLine) => this.onLines(lines, firstLine), tooLong: (line) => this.skip({ line }, LINE_TOO_LONG) });
      this.lines.push(withoutBomBytes(headBytes.length === 1 ? headBytes[0] : Buffer.concat(headBytes)));
    } else if (whole && this.sink.parsedRecords) {
      this.whole = headBytes;
      this.wholeBytes = headBytes.reduce((sum, bytes) => sum + bytes.length, 0);
      this.decoder = new Utf8Text();
    } else {
      this.split(head);
    }
  }

  /** Splits a `Records` file's text from its start on, into records. */
  private split(text: string): void {
    this.splitter = new RecordSplitter((json) => this.onRecord(json));
    this.splitter.push(text);
  }

  /** The text of the bytes gathered whole; the decoder goes on from their end. */
  private wholeText(): string {
    const text = withoutBom(this.decoder.write(joined(this.whole!)));
    this.whole = undefined;
    return text;
  }

  private onRecord(json: string): void {
    this.records.push(json);
    this.recordChars += json.length;
    if (this.recordChars >= RECORDS_BLOCK_CHARS) this.closeRecordsBlock();
  }

  private closeRecordsBlock(): void {
    if (this.records.length === 0) return;
    this.ready.push({ kind: 'records', file: this.name, texts: this.records, firstRecord: this.recordsBefore + 1 });
    this.recordsBefore += this.records.length;
    this.records = [];
    this.recordChars = 0;
  }

  private onLines(bytes: Buffer, firstLine: number): void {
    if (!this.sawRecord) this.checkFirstRecord(bytes, firstLine);
    this.ready.push({ kind: 'lines', file: this.name, bytes, firstLine });
  }

  /** A first line that is not CloudTrail means the file is something else: skip it whole, not line by line. */
  private checkFirstRecord(bytes: Buffer, firstLine: number): void {
    const first = firstRecordLine(bytes, true);
    if (first === undefined) return;
    if (first.reason !== undefined) {
      throw new NotCloudTrailError(`not CloudTrail: neither a {"Records":[...]} log file nor JSON lines of CloudTrail records (line ${firstLine + first.index}: ${first.reason})`);
    }
    this.sawRecord = true;
  }

  private async handOn(): Promise<void> {
    const blocks = this.ready;
    this.ready = [];
    for (const block of blocks) await this.sink.block(block);
  }

  private skip(where: Pick<Problem, 'line' | 'record'>, reason: string): void {
    this.sink.problem({ file: this.name, ...where, reason });
  }
}

const LF = 10;

/**
 * The first line of `bytes` that is not blank: its 0-based index, and why it is not a CloudTrail record
 * (`undefined` when it is one). `undefined` when there is none; the text after the last line break counts as a
 * line only when `lastComplete`. Only up to that line is decoded: usually the first.
 */
function firstRecordLine(bytes: Buffer, lastComplete: boolean): { readonly index: number; readonly reason: string | undefined } | undefined {
  for (let start = 0, index = 0; start <= bytes.length; index++) {
    const lf = bytes.indexOf(LF, start);
    if (lf < 0 && !lastComplete) return undefined;
    const end = lf < 0 ? bytes.length : lf;
    const json = logEventText(linesText(bytes.subarray(start, end)).replace(/\r$/, ''));
    start = end + 1;
    if (json.trim() !== '') return { index, reason: parsedReason(json) };
  }
  return undefined;
}

/**
 * Whether a file is JSON lines of CloudTrail, told as {@link readInput} tells it from its first chunk: not gzip,
 * not a `Records` file, and a first line that is not blank and is a CloudTrail record. `false` also when that
 * cannot be told from the first chunk, or the file cannot be read: readInput then reads it and says why.
 */
export async function isCloudTrailLinesFile(file: string): Promise<boolean> {
  let head: Buffer;
  try {
    const chunks = fileChunks(file, 0, READ_CHUNK_BYTES);
    const first = await chunks.next();
    await chunks.return(undefined);
    if (first.done) return false;
    head = first.value;
  } catch {
    return false;
  }
  if (isGzip(head)) return false;
  const bytes = withoutBomBytes(head);
  if (RECORDS_HEAD.test(linesText(bytes))) return false;
  const first = firstRecordLine(bytes, false);
  return first !== undefined && first.reason === undefined;
}

/** The bytes of `parts` in one buffer: a view when they lie one after another in the same memory (a chunk cut in two), else a copy. */
function joined(parts: readonly Buffer[]): Buffer {
  const [first] = parts;
  let end = first.byteOffset + first.length;
  for (let i = 1; i < parts.length; i++) {
    if (parts[i].buffer !== first.buffer || parts[i].byteOffset !== end) return Buffer.concat(parts);
    end += parts[i].length;
  }
  return Buffer.from(first.buffer, first.byteOffset, end - first.byteOffset);
}

/** Whether bytes start with the gzip magic bytes 1f 8b (RFC 1952 §2.3.1). */
function isGzip(bytes: Buffer): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** A UTF-8 byte order mark is not part of the JSON (RFC 8259 §8.1 lets a parser ignore it). */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function parsedReason(json: string): string | undefined {
  try {
    return notCloudTrailReason(JSON.parse(json));
  } catch (error) {
    return notJsonReason(error);
  }
}

/** Why an input was skipped, from the error that ended it: a fault of its format, its gzip or the file system. */
export function inputFaultReason(error: unknown): string {
  if (error instanceof NotCloudTrailError || error instanceof MalformedRecordsError) return error.message;
  const { code, message } = error as NodeJS.ErrnoException;
  switch (code) {
    case 'Z_BUF_ERROR':
    case 'Z_DATA_ERROR':
      return `corrupt or truncated gzip (${message})`;
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return message ?? String(error);
  }
}
