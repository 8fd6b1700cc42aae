import { isAscii } from 'node:buffer';

/**
 * JSON lines, streamed in blocks of bytes: {@link LineBlocks} cuts streamed bytes after their last line
 * break, so each block holds whole lines and can be handed on (to a worker thread) as is, and decoded there
 * with {@link linesText}; {@link forEachLine} walks the decoded block's lines. Splitting bytes, not text,
 * keeps the reading thread nearly idle: a line break byte is never part of a UTF-8 sequence, so a block cut
 * there decodes alone, and nothing is decoded or joined as text before it reaches the thread that parses it.
 * Only the unfinished last line is held between chunks, and a line longer than {@link MAX_LINE_BYTES} is
 * reported and dropped rather than buffered, so memory stays bounded on any input.
 */

/** Far above any CloudWatch Logs event (at most 1 MB) or CloudTrail record. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

const LF = 10;

/** A UTF-8 byte order mark (EF BB BF) before the first line is not part of it (RFC 8259 §8.1). */
export function withoutBomBytes(bytes: Buffer): Buffer {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

/** Why a line longer than {@link MAX_LINE_BYTES} was skipped. */
export const LINE_TOO_LONG = 'line too long';

export interface LineBlockHandler {
  /** Whole lines (`\n` or `\r\n` separated, no final line break); `firstLine` is the 1-based number of the first. */
  block(bytes: Buffer, firstLine: number): void;
  /** A line too long to hold; its bytes are dropped. */
  tooLong(line: number): void;
}

export class LineBlocks {
  private rest: Buffer | undefined;
  /** Lines handed on or dropped so far. */
  private lines = 0;
  /** Dropping the rest of an over-long line until its line break. */
  private dropping = false;

  constructor(private readonly handler: LineBlockHandler) {}

  /** Lines handed on or dropped so far. */
  get linesRead(): number {
    return this.lines;
  }

  push(chunk: Buffer): void {
    let bytes = chunk;
    if (this.dropping) {
      const lf = bytes.indexOf(LF);
      if (lf < 0) return;
      this.dropping = false;
      bytes = bytes.subarray(lf + 1);
    }
    if (this.rest !== undefined) {
      bytes = Buffer.concat([this.rest, bytes]);
      this.rest = undefined;
    }
    const last = bytes.lastIndexOf(LF);
    if (last >= 0) this.emit(bytes.subarray(0, last));
    const rest = bytes.subarray(last + 1);
    if (rest.length > MAX_LINE_BYTES) {
      this.handler.tooLong(++this.lines);
      this.dropping = true;
    } else if (rest.length > 0) {
      this.rest = rest;
    }
  }

  /** Call after the last chunk; a last line without a line break is still a line. Returns the number of lines. */
  end(): number {
    if (this.rest !== undefined) this.emit(this.rest);
    this.rest = undefined;
    return this.lines;
  }

  private emit(bytes: Buffer): void {
    const first = this.lines + 1;
    this.lines += countLines(bytes);
    this.handler.block(bytes, first);
  }
}

/** The text of a block of whole lines. CloudTrail is nearly all ASCII, whose bytes are its characters (see {@link asciiText}). */
export function linesText(bytes: Uint8Array): string {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return isAscii(buffer) ? asciiText(buffer) : buffer.toString('utf8');
}

/**
 * Node makes a latin1 string of more than this many bytes an external string (EXTERN_APEX in its
 * src/string_bytes.cc): its characters live outside V8's heap, and are freed only when a full garbage
 * collection finds the string — which, for a worker's many ~3 MB texts of gunzipped log files, let peak RSS
 * grow with the input (1.23x from 1x to 4x the bench's files). Text in V8's heap dies young instead.
 */
const EXTERNAL_STRING_BYTES = 0xfbee9;

/**
 * The text of ASCII bytes: copied as latin1, far faster than decoding UTF-8 (and giving V8 one-byte strings,
 * faster to parse); decoded as UTF-8 (which ASCII is) when larger than {@link EXTERNAL_STRING_BYTES}.
 */
export function asciiText(bytes: Buffer): string {
  return bytes.toString(bytes.length <= EXTERNAL_STRING_BYTES ? 'latin1' : 'utf8');
}

/** Calls `line` with each line of a block (without its line break) and its 1-based number. */
export function forEachLine(block: string, firstLine: number, line: (text: string, line: number) => void): void {
  let start = 0;
  let number = firstLine;
  for (;;) {
    const nl = block.indexOf('\n', start);
    const end = nl < 0 ? block.length : nl;
    line(block.slice(start, end > start && block.charCodeAt(end - 1) === 13 ? end - 1 : end), number++);
    if (nl < 0) return;
    start = nl + 1;
  }
}

function countLines(bytes: Buffer): number {
  let count = 1;
  for (let lf = bytes.indexOf(LF); lf >= 0; lf = bytes.indexOf(LF, lf + 1)) count++;
  return count;
}

/**
 * The log event in a line of CloudTrail JSON lines. Lines of a CloudWatch Logs export to S3 carry the
 * event's timestamp first (`2024-05-01T00:05:12.000Z {"eventVersion":...}`; CloudWatch Logs User Guide,
 * "Exporting log data to Amazon S3", which sorts exports on that leading timestamp); plain JSON lines do not.
 */
export function logEventText(line: string): string {
  const first = line.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    const space = line.indexOf(' ');
    if (space > 0 && line.charCodeAt(space + 1) === 123) return line.slice(space + 1);
  }
  return line;
}
