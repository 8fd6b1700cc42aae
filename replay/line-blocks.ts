/**
 * JSON lines, streamed in blocks: {@link LineBlocks} cuts streamed text after its last line break, so each
 * block holds whole lines and can be handed on (to a worker thread) as one string; {@link forEachLine}
 * walks a block's lines. Only the unfinished last line is held between chunks, and a line longer than
 * {@link MAX_LINE_CHARS} is reported and dropped rather than buffered, so memory stays bounded on any input.
 */

/** Far above any CloudWatch Logs event (at most 1 MB) or CloudTrail record. */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;

export interface LineBlockHandler {
  /** Whole lines (`\n` or `\r\n` separated, no final line break); `firstLine` is the 1-based number of the first. */
  block(text: string, firstLine: number): void;
  /** A line too long to hold; its text is dropped. */
  tooLong(line: number): void;
}

export class LineBlocks {
  private rest = '';
  /** Lines handed on or dropped so far. */
  private lines = 0;
  /** Dropping the rest of an over-long line until its line break. */
  private dropping = false;

  constructor(private readonly handler: LineBlockHandler) {}

  /** Lines handed on or dropped so far. */
  get linesRead(): number {
    return this.lines;
  }

  push(chunk: string): void {
    let text = this.rest.length === 0 ? chunk : this.rest + chunk;
    this.rest = '';
    if (this.dropping) {
      const nl = text.indexOf('\n');
      if (nl < 0) return;
      this.dropping = false;
      text = text.slice(nl + 1);
    }
    const last = text.lastIndexOf('\n');
    if (last >= 0) this.emit(text.slice(0, last));
    this.rest = text.slice(last + 1);
    if (this.rest.length > MAX_LINE_CHARS) {
      this.handler.tooLong(++this.lines);
      this.rest = '';
      this.dropping = true;
    }
  }

  /** Call after the last chunk; a last line without a line break is still a line. Returns the number of lines. */
  end(): number {
    if (this.rest.length > 0) this.emit(this.rest);
    this.rest = '';
    return this.lines;
  }

  private emit(text: string): void {
    const first = this.lines + 1;
    this.lines += countLines(text);
    this.handler.block(text, first);
  }
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

function countLines(block: string): number {
  let count = 1;
  for (let nl = block.indexOf('\n'); nl >= 0; nl = block.indexOf('\n', nl + 1)) count++;
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
