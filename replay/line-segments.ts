import { fileChunks } from './file-chunks';
import { LineBlocks, type LineBlockHandler, withoutBomBytes } from './line-blocks';
import type { Problem } from './report';

/**
 * A large file of JSON lines read by every worker thread at once, a segment each: each worker reads its own
 * bytes (nothing crosses threads but the file's name and offsets), so the thread that starts them stays idle
 * instead of reading and handing on blocks on a core the workers need.
 *
 * A segment holds the lines that *start* in its byte range: its reader skips the end of a line begun in the
 * segment before, and reads on past its range to the end of its last line. Line numbers are counted from
 * each segment's first line; {@link SegmentLines} turns them into the file's once the segments before are done.
 */
export interface LineSegment {
  readonly file: string;
  /** 0-based, in file order. */
  readonly index: number;
  readonly start: number;
  readonly end: number;
}

/** Bytes per segment: many more segments than threads (work spreads evenly), each a fraction of a second of work. */
export const SEGMENT_BYTES = 16 * 1024 * 1024;

/** The segments of a file of `size` bytes, of `segmentBytes` each but the last. */
export function lineSegments(file: string, size: number, segmentBytes = SEGMENT_BYTES): LineSegment[] {
  const count = Math.max(1, Math.ceil(size / segmentBytes));
  return Array.from({ length: count }, (_, index) => ({ file, index, start: index * segmentBytes, end: index === count - 1 ? size : (index + 1) * segmentBytes }));
}

const LF = 10;

/**
 * Reads a segment's lines into `handler`, numbered from 1 at its first line (a UTF-8 byte order mark at the
 * start of the file is not part of it). Returns the number of lines.
 */
export async function readLineSegment(segment: LineSegment, handler: LineBlockHandler): Promise<number> {
  const { start, end } = segment;
  const lines = new LineBlocks(handler);
  // Before the first line: to the end of the line under way at `start` (from `start - 1`: a line break there starts a line at `start`).
  let skipping = start > 0;
  // Past `end`: to the end of the last line.
  let finishing = false;
  let position = skipping ? start - 1 : 0;
  for await (const chunk of fileChunks(segment.file, position)) {
    if (finishing) {
      const lf = chunk.indexOf(LF);
      lines.push(lf < 0 ? chunk : chunk.subarray(0, lf + 1));
      if (lf >= 0) break;
      continue;
    }
    let from = 0;
    if (skipping) {
      const lf = chunk.indexOf(LF);
      if (lf < 0) {
        position += chunk.length;
        continue;
      }
      skipping = false;
      from = lf + 1;
      if (position + from >= end) break; // the first line starting here is the next segment's
    } else if (position === 0) {
      from = chunk.length - withoutBomBytes(chunk).length;
    }
    if (position + chunk.length < end) {
      if (from < chunk.length) lines.push(chunk.subarray(from));
      position += chunk.length;
      continue;
    }
    // This chunk holds byte `end - 1`: the last line is the one holding it, up to the first line break from there
    // (handed on with the line break, which ends it even when it is blank).
    const lf = chunk.indexOf(LF, end - 1 - position);
    lines.push(chunk.subarray(from, lf < 0 ? chunk.length : lf + 1));
    if (lf >= 0) break;
    finishing = true;
  }
  return lines.end();
}

/**
 * The problems of a segmented file's lines, numbered in the file: a segment's problems (numbered from its first
 * line) are held until every segment before it is done, then reported with the lines before them added.
 */
export class SegmentLines {
  /** Per segment: its line count once done. */
  private readonly lines: (number | undefined)[] = [];
  private readonly held: (Problem[] | undefined)[] = [];
  /** How many segments, from the first, are done: the problems of the segment after them are numbered already. */
  private ready = 0;

  constructor(private readonly report: (problem: Problem) => void) {}

  problem(segment: number, problem: Problem): void {
    if (segment <= this.ready) this.report(this.renumbered(segment, problem));
    else (this.held[segment] ??= []).push(problem);
  }

  done(segment: number, lines: number): void {
    this.lines[segment] = lines;
    while (this.lines[this.ready] !== undefined) {
      const held = this.held[++this.ready];
      this.held[this.ready] = undefined;
      for (const problem of held ?? []) this.report(this.renumbered(this.ready, problem));
    }
  }

  private renumbered(segment: number, problem: Problem): Problem {
    if (problem.line === undefined) return problem;
    let before = 0;
    for (let k = 0; k < segment; k++) before += this.lines[k]!;
    return { ...problem, line: before + problem.line };
  }
}
