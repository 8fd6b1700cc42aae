import { existsSync } from 'node:fs';
import { DetectionTally } from './detection-tally';
import { type Input, listInputs, STDIN } from './inputs';
import { SEGMENT_BYTES } from './line-segments';
import { fileChunks } from './file-chunks';
import { isCloudTrailLinesFile, readInput } from './read-input';
import { type Block, type ProcessorSnapshot, RecordProcessor, type ReplayDetection } from './record-processor';
import { type DetectionReport, MAX_REPORTED_PROBLEMS, type Problem, type ReplayReport } from './report';
import type { TopEntry } from './top-counter';
import { REPLAY_WORKER_SCRIPT, WorkerPool } from './worker-pool';

export type { ReplayDetection } from './record-processor';

/** Counters a caller may watch while a replay runs (the CLI draws them as a progress line). */
export interface ReplayProgress {
  bytesTotal: number;
  bytesRead: number;
  inputsTotal: number;
  inputsDone: number;
  events: number;
}

export interface ReplayOptions {
  /** Called for each of the first {@link MAX_REPORTED_PROBLEMS} problems, as they happen (with worker threads, not in input order). */
  readonly onProblem?: (problem: Problem) => void;
  /** Updated in place while the replay runs. */
  readonly progress?: ReplayProgress;
  /** What `-` reads. @default process.stdin */
  readonly stdin?: AsyncIterable<Buffer>;
  /**
   * Parse and match on `count` worker threads, when the input is at least `fromBytes` uncompressed
   * (estimated; stdin always counts as large): below that, starting the threads (~0.2 s each) costs more
   * than it saves. `script` is the compiled replay/replay-worker module. A file of JSON lines larger than
   * `segmentBytes` is read by every worker at once, in segments of that size (line-segments.ts).
   * `fromBytes` @default 64 MiB
   * `script` @default REPLAY_WORKER_SCRIPT, replay-worker.js beside the compiled replay modules
   * `segmentBytes` @default SEGMENT_BYTES (16 MiB)
   * @default in this thread
   */
  readonly workers?: { readonly count: number; readonly fromBytes?: number; readonly script?: string; readonly segmentBytes?: number };
}

export interface ReplayResult {
  readonly report: ReplayReport;
  /** Per detection: its matches and the principal globs with the most of them (see exclusion-glob.ts). */
  readonly exclusionCandidates: Readonly<Record<string, { readonly matches: number; readonly globs: readonly TopEntry[] }>>;
}

const WORKERS_FROM_BYTES = 64 * 1024 * 1024;
/**
 * With workers, a file of JSON lines larger than a segment is read by every worker at once, a segment each
 * (line-segments.ts); another file up to this size is one job, read by a worker; a larger one (a huge gzip or
 * `Records` file) or stdin is read here and handed on in blocks, so that it too is parsed on every core.
 */
const WHOLE_FILE_JOB_BYTES = 64 * 1024 * 1024;

/** Where records are processed: in this thread, or on a {@link WorkerPool}. */
interface Executor {
  submit(block: Block): void | Promise<void>;
  readonly events: number;
  /** Bytes read by the executor itself (whole-file jobs). */
  readonly bytesRead: number;
  /** Whether its blocks may carry parsed records (see InputSink.parsedRecords). */
  readonly parsedRecords: boolean;
  finish(): Promise<ProcessorSnapshot[]>;
  close(): Promise<void>;
}

/**
 * Runs CloudTrail files, folders and/or stdin through the detections: what the CLI's `replay` and the
 * benchmark call. Inputs are read one after another, each streamed in blocks; every record is parsed once
 * and matched with the evaluator of pattern/evaluate.ts (see record-processor.ts). Bad inputs are reported
 * and skipped, never fatal.
 */
export async function replay(paths: readonly string[], detections: readonly ReplayDetection[], options: ReplayOptions = {}): Promise<ReplayResult> {
  const problems: Problem[] = [];
  let skipped = 0;
  const problem = (found: Problem): void => {
    skipped++;
    if (problems.length >= MAX_REPORTED_PROBLEMS) return;
    problems.push(found);
    options.onProblem?.(found);
  };

  const progress = options.progress ?? { bytesTotal: 0, bytesRead: 0, inputsTotal: 0, inputsDone: 0, events: 0 };
  const inputs = await listInputs(paths, problem);
  progress.inputsTotal = inputs.length;
  progress.bytesTotal = inputs.reduce((sum, input) => sum + (input.size ?? 0), 0);

  const executor = executorFor(inputs, detections, problem, options.workers);
  const segmentBytes = options.workers?.segmentBytes ?? SEGMENT_BYTES;
  let bytesReadHere = 0;
  const update = (): void => {
    progress.bytesRead = bytesReadHere + executor.bytesRead;
    progress.events = executor.events;
  };
  let snapshots: ProcessorSnapshot[];
  try {
    const sink = {
      block: (block: Block) => executor.submit(block),
      problem,
      parsedRecords: executor.parsedRecords,
      bytesRead: (bytes: number): void => {
        bytesReadHere += bytes;
        update();
      },
    };
    for (const input of inputs) {
      const { name, size } = input;
      if (executor instanceof WorkerPool && size !== undefined && size > segmentBytes && (await isCloudTrailLinesFile(name))) {
        await executor.submitSegments(name, size, segmentBytes);
      } else if (executor instanceof WorkerPool && size !== undefined && size <= WHOLE_FILE_JOB_BYTES) {
        await executor.submitFile(name);
      } else {
        const source = name === STDIN ? (options.stdin ?? process.stdin) : fileChunks(name);
        await readInput(name, source, sink);
      }
      progress.inputsDone++;
      update();
    }
    snapshots = await executor.finish();
  } finally {
    await executor.close();
  }
  update();
  return merge(detections, snapshots, skipped, inOrder(problems, inputs));
}

function executorFor(
  inputs: readonly Input[],
  detections: readonly ReplayDetection[],
  problem: (problem: Problem) => void,
  workers: ReplayOptions['workers'],
): Executor {
  const large = estimatedBytes(inputs) >= (workers?.fromBytes ?? WORKERS_FROM_BYTES) || inputs.some((input) => input.name === STDIN);
  const script = workers?.script ?? REPLAY_WORKER_SCRIPT;
  // From TypeScript sources (tsx) there is no compiled worker script: the work is done in this thread instead.
  if (workers && workers.count > 1 && large && existsSync(script)) return new WorkerPool(script, workers.count, detections, problem);
  const processor = new RecordProcessor(detections, problem);
  return {
    submit: (block) => processor.process(block),
    get events() {
      return processor.eventCount;
    },
    bytesRead: 0,
    parsedRecords: !processor.needsRecordText,
    finish: async () => [processor.snapshot()],
    close: async () => undefined,
  };
}

/** Problems in input order (paths that could not be listed first), then by position: worker threads report them as they come. */
function inOrder(problems: readonly Problem[], inputs: readonly Input[]): Problem[] {
  const order = new Map(inputs.map(({ name }, index) => [name, index]));
  const key = (problem: Problem): [number, number] => [order.get(problem.file) ?? -1, problem.line ?? problem.record ?? 0];
  return [...problems].sort((a, b) => {
    const [fileA, atA] = key(a);
    const [fileB, atB] = key(b);
    return fileA - fileB || atA - atB;
  });
}

/** Uncompressed bytes to read, roughly: CloudTrail gzip files hold about ten times their size. */
function estimatedBytes(inputs: readonly Input[]): number {
  return inputs.reduce((sum, { name, size = 0 }) => sum + (name.endsWith('.gz') ? 10 * size : size), 0);
}

function merge(detections: readonly ReplayDetection[], snapshots: readonly ProcessorSnapshot[], skipped: number, problems: Problem[]): ReplayResult {
  const times = snapshots.flatMap((snapshot) => (snapshot.firstEventTime ? [snapshot.firstEventTime, snapshot.lastEventTime!] : [])).sort();
  const reports: Record<string, DetectionReport> = {};
  const exclusionCandidates: Record<string, { matches: number; globs: readonly TopEntry[] }> = {};
  detections.forEach((detection, i) => {
    const tally = new DetectionTally(detection);
    for (const snapshot of snapshots) tally.absorb(snapshot.tallies[i]);
    reports[detection.name] = tally.report();
    exclusionCandidates[detection.name] = { matches: reports[detection.name].matches, globs: tally.topGlobs() };
  });
  const report: ReplayReport = {
    events: snapshots.reduce((sum, snapshot) => sum + snapshot.events, 0),
    skipped,
    ...(times.length > 0 && { firstEventTime: times[0], lastEventTime: times[times.length - 1] }),
    detections: reports,
    problems,
  };
  return { report, exclusionCandidates };
}
