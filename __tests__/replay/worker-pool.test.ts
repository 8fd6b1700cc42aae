import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileDetections } from '../../catalog/compile';
import { replay } from '../../replay/replay';
import type { Problem } from '../../replay/report';
import { runReplayWorker, WorkerPool } from '../../replay/worker-pool';
import { replayWorkerScript } from './support/worker-script';

/** JSON lines read by the main thread and handed to worker threads as blocks of bytes (stdin always is). */
const DETECTIONS = compileDetections({}, 'test');
const record = (i: number, extra: object = {}): string =>
  JSON.stringify({
    eventVersion: '1.09',
    eventTime: `2024-05-01T00:${String(i % 60).padStart(2, '0')}:00Z`,
    eventSource: 'ec2.amazonaws.com',
    eventName: i % 3 === 0 ? 'CreateRoute' : 'DescribeInstances',
    errorCode: i % 5 === 0 ? 'AccessDenied' : undefined,
    userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::111122223333:user/${i % 2 === 0 ? '김철수' : 'bob'}` },
    ...extra,
  });

let script: string;
beforeAll(() => {
  script = replayWorkerScript();
});
afterAll(() => fs.rmSync(path.dirname(script), { recursive: true, force: true }));

async function* chunks(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

describe('replay on worker threads', () => {
  it('gives the report of one thread: counts, times, tallies, and problems by line', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => (i === 1234 ? '{"eventTime":' : i === 2000 ? '' : record(i)));
    const bytes = Buffer.from(`${lines.join('\r\n')}\n`);
    const inThread = await replay(['-'], DETECTIONS, { stdin: chunks(bytes, 4096) });
    const threaded = await replay(['-'], DETECTIONS, { stdin: chunks(bytes, 4093), workers: { script, count: 2 } });
    expect(inThread.report.events).toBe(2998);
    expect(inThread.report.problems).toEqual([{ file: '-', line: 1235, reason: expect.stringMatching(/^not JSON/) }]);
    expect(inThread.report.detections.VpcRouteTableChange.matches).toBe(1000);
    expect(threaded.report).toEqual(inThread.report);
  });

  it('reads a large file of JSON lines in segments, one per worker at a time, with the report of one thread', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => (i === 1234 ? '{"eventTime":' : i === 2000 ? '' : i === 2500 ? '{"eventVersion":"1.09"}' : record(i)));
    const file = path.join(path.dirname(script), 'large.jsonl');
    fs.writeFileSync(file, `\ufeff${lines.join('\r\n')}\n`);
    const inThread = await replay([file], DETECTIONS);
    expect(inThread.report.problems).toEqual([
      { file, line: 1235, reason: expect.stringMatching(/^not JSON/) },
      { file, line: 2501, reason: 'not a CloudTrail record (no eventName)' },
    ]);
    const problems: Problem[] = [];
    const segmented = jest.spyOn(WorkerPool.prototype, 'submitSegments');
    // ~40 segments of 10 kB: lines cut at every kind of place, segments finishing out of order.
    const progress = { bytesTotal: 0, bytesRead: 0, inputsTotal: 0, inputsDone: 0, events: 0 };
    const threaded = await replay([file], DETECTIONS, { workers: { script, count: 2, fromBytes: 0, segmentBytes: 10_000 }, onProblem: (found) => problems.push(found), progress });
    expect(segmented).toHaveBeenCalledWith(file, fs.statSync(file).size, 10_000);
    expect(progress).toMatchObject({ bytesRead: fs.statSync(file).size, bytesTotal: fs.statSync(file).size, events: inThread.report.events });
    segmented.mockRestore();
    expect(threaded.report).toEqual(inThread.report);
    expect(problems).toEqual(expect.arrayContaining([...inThread.report.problems]));
  });

  it('works in its own thread when there is no compiled worker script (run from TypeScript sources)', async () => {
    const bytes = Buffer.from(`${record(3)}\n${record(4)}\n`);
    const { report } = await replay(['-'], DETECTIONS, { stdin: chunks(bytes, 100), workers: { script: path.join(path.dirname(script), 'missing.js'), count: 2 } });
    expect(report).toMatchObject({ events: 2, skipped: 0 });
  });

  it('refuses to run the worker side outside a worker thread', () => {
    expect(() => runReplayWorker()).toThrow(/not a program/);
  });
});
