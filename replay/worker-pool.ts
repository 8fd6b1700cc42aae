import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { fileChunks } from './file-chunks';
import { LINE_TOO_LONG } from './line-blocks';
import { lineSegments, type LineSegment, readLineSegment, SegmentLines } from './line-segments';
import { inputFaultReason, readInput } from './read-input';
import { type Block, type ProcessorSnapshot, RecordProcessor, type ReplayDetection } from './record-processor';
import type { Problem } from './report';

/**
 * Runs replay work on worker threads, each with its own {@link RecordProcessor}, so every core parses and
 * matches. Work is a whole file, which the worker reads itself (many files, as S3 delivers them: nothing
 * crosses threads but the name); a segment of a large file of JSON lines, read by the worker too (see
 * line-segments.ts); or a block the main thread read from stdin or another large file (JSON lines cross as
 * bytes, decoded by the worker). The worker script is replay-worker.js beside this module
 * ({@link REPLAY_WORKER_SCRIPT}), which runs {@link runReplayWorker}. Jobs in flight per worker are capped, so
 * memory stays bounded.
 */

interface WorkerInit {
  readonly trailwatchReplayWorker: true;
  readonly detections: readonly ReplayDetection[];
}
type ToWorker = { readonly block: Block } | { readonly file: string } | { readonly segment: LineSegment } | { readonly finish: true };
type FromWorker =
  /** A job is done: the worker's events so far, the raw bytes the job read itself, and for a segment its lines. */
  | { readonly done: number; readonly bytes: number; readonly segment?: { readonly file: string; readonly index: number; readonly lines: number } }
  /** `segment`: the problem's line is counted from the start of that segment of its file. */
  | { readonly problem: Problem; readonly segment?: number }
  | { readonly snapshot: ProcessorSnapshot }
  | { readonly error: string };

/**
 * A worker's garbage is almost all short-lived (parsed records), but a whole `Records` file's records live
 * until the file is processed: with an 8 MB young generation they outlived scavenges and were promoted, and
 * collecting the old generation cost ~10 % more CPU on the bench's `.json.gz` files than with 32 MB (for ~50 MB
 * more peak RSS, flat in the input size).
 */
const YOUNG_GENERATION_MB = 32;
/** Jobs (a file, or a block of at most READ_CHUNK_BYTES) queued per worker: enough to keep it busy, little enough to bound memory. */
const IN_FLIGHT = 8;

/**
 * The compiled worker script beside this module: dist/lib/replay/replay-worker.js when run from tsc output,
 * or the file a bundler emits beside the bundle that holds this module (see cli/bundle.ts). From TypeScript
 * sources there is no such file (a worker thread cannot load .ts): tests pass a script they build, and
 * replay() works in its own thread when the file is missing.
 */
export const REPLAY_WORKER_SCRIPT = path.join(__dirname, 'replay-worker.js');

export class WorkerPool {
  private readonly workers: { readonly worker: Worker; inFlight: number; events: number }[];
  private bytes = 0;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private readonly snapshots: Promise<ProcessorSnapshot>[];
  /** The line numbers of the files read in segments, by file. */
  private readonly segmented = new Map<string, SegmentLines>();

  constructor(
    script: string,
    count: number,
    detections: readonly ReplayDetection[],
    private readonly problem: (problem: Problem) => void,
  ) {
    const init: WorkerInit = { trailwatchReplayWorker: true, detections };
    const options = { workerData: init, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } };
    this.workers = Array.from({ length: count }, () => ({ worker: new Worker(script, options), inFlight: 0, events: 0 }));
    this.snapshots = this.workers.map(
      (slot) =>
        new Promise<ProcessorSnapshot>((resolve, reject) => {
          slot.worker.on('message', (message: FromWorker) => {
            if ('done' in message) {
              slot.inFlight--;
              slot.events = message.done;
              this.bytes += message.bytes;
              if (message.segment) this.segmented.get(message.segment.file)!.done(message.segment.index, message.segment.lines);
              this.notify();
            } else if ('problem' in message) {
              if (message.segment === undefined) this.problem(message.problem);
              else this.segmented.get(message.problem.file)!.problem(message.segment, message.problem);
            }
            else if ('snapshot' in message) resolve(message.snapshot);
            else this.fail(new Error(message.error), reject);
          });
          slot.worker.on('error', (error) => this.fail(error, reject));
          slot.worker.on('exit', (code) => this.fail(new Error(`replay worker exited with status ${code}`), reject));
        }),
    );
    // A failure is rethrown by submit/finish; these handlers only keep it from being an unhandled rejection meanwhile.
    for (const snapshot of this.snapshots) snapshot.catch(() => undefined);
  }

  /** Events processed so far, for progress. */
  get events(): number {
    return this.workers.reduce((sum, slot) => sum + slot.events, 0);
  }

  /** Raw bytes the workers read themselves (whole-file jobs), for progress. */
  get bytesRead(): number {
    return this.bytes;
  }

  /** Blocks cross threads as text: parsed records would cost more to copy than to parse in the worker. */
  readonly parsedRecords = false;

  /** Queues a block on the least busy worker; waits while every worker has its fill. */
  submit(block: Block): Promise<void> {
    return this.post({ block });
  }

  /** Queues a whole file, read by the worker itself. */
  submitFile(file: string): Promise<void> {
    return this.post({ file });
  }

  /** Queues a file of JSON lines of `size` bytes in segments of `segmentBytes`, read by the workers themselves. */
  async submitSegments(file: string, size: number, segmentBytes: number): Promise<void> {
    this.segmented.set(file, new SegmentLines(this.problem));
    for (const segment of lineSegments(file, size, segmentBytes)) await this.post({ segment });
  }

  private async post(job: ToWorker): Promise<void> {
    for (;;) {
      if (this.failure) throw this.failure;
      const slot = this.workers.reduce((least, candidate) => (candidate.inFlight < least.inFlight ? candidate : least));
      if (slot.inFlight < IN_FLIGHT) {
        slot.inFlight++;
        slot.worker.postMessage(job);
        return;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** Waits for every block, then returns each worker's totals and ends the workers. */
  async finish(): Promise<ProcessorSnapshot[]> {
    for (const { worker } of this.workers) worker.postMessage({ finish: true } satisfies ToWorker);
    try {
      return await Promise.all(this.snapshots);
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    for (const { worker } of this.workers) worker.removeAllListeners('exit');
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private fail(error: Error, reject: (error: Error) => void): void {
    this.failure ??= error;
    reject(error);
    this.notify();
  }
}

/** The worker side: does the jobs it is sent, one after another, and answers `finish` with its totals. */
export function runReplayWorker(): void {
  const port = parentPort;
  if (isMainThread || port === null || (workerData as Partial<WorkerInit> | undefined)?.trailwatchReplayWorker !== true) {
    throw new Error('replay-worker is the script of the worker threads a WorkerPool starts, not a program');
  }
  const { detections } = workerData as WorkerInit;
  const post = (message: FromWorker): void => port.postMessage(message);
  /** The segment being read, whose problems' lines count from its start. */
  let segmentIndex: number | undefined;
  const problem = (found: Problem): void => post(segmentIndex === undefined ? { problem: found } : { problem: found, segment: segmentIndex });
  const processor = new RecordProcessor(detections, problem);
  const run = async (message: ToWorker): Promise<void> => {
    if ('block' in message) {
      processor.process(message.block);
      post({ done: processor.eventCount, bytes: 0 });
    } else if ('file' in message) {
      let bytes = 0;
      const sink = {
        block: (block: Block) => processor.process(block),
        problem,
        bytesRead: (count: number) => (bytes += count),
        parsedRecords: !processor.needsRecordText,
      };
      await readInput(message.file, fileChunks(message.file), sink);
      post({ done: processor.eventCount, bytes });
    } else if ('segment' in message) {
      const { file, index, start, end } = message.segment;
      segmentIndex = index;
      let lines = 0;
      try {
        lines = await readLineSegment(message.segment, {
          block: (bytes, firstLine) => processor.process({ kind: 'lines', file, bytes, firstLine }),
          tooLong: (line) => problem({ file, line, reason: LINE_TOO_LONG }),
        });
      } catch (error) {
        if (!(error as NodeJS.ErrnoException).code) throw error;
        problem({ file, reason: inputFaultReason(error) }); // the file system failed: the rest of the segment is lost
      } finally {
        segmentIndex = undefined;
      }
      // Progress counts the segment's share of the file, not the bytes its reader went past its ends.
      post({ done: processor.eventCount, bytes: end - start, segment: { file, index, lines } });
    } else {
      post({ snapshot: processor.snapshot() });
    }
  };
  let queue = Promise.resolve();
  port.on('message', (message: ToWorker) => {
    queue = queue.then(() => run(message)).catch((error: unknown) => post({ error: error instanceof Error ? error.message : String(error) }));
  });
}
