import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { compileDetections } from '../../catalog/compile';
import { READ_CHUNK_BYTES } from '../../replay/file-chunks';
import { readInput, WHOLE_RECORDS_FILE_BYTES } from '../../replay/read-input';
import { type Block, type ProcessorSnapshot, RecordProcessor, type ReplayDetection } from '../../replay/record-processor';
import { replay } from '../../replay/replay';
import type { Problem } from '../../replay/report';
import { replayWorkerScript } from './support/worker-script';

/**
 * A `Records` file up to WHOLE_RECORDS_FILE_BYTES is parsed whole when no detection needs a record's text
 * (read-input.ts, records-document.ts): the counts, times, tallies and problems must be exactly those of
 * splitting it record by record, whatever the file — damaged ones included.
 */
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'replay');
const S3_FILE = fs.readFileSync(path.join(FIXTURES, '111122223333_CloudTrail_ap-northeast-2_20240501T0010Z_Ab12Cd34Ef56Gh78.json'));
const DETECTIONS = compileDetections({}, 'test');

interface Outcome {
  readonly snapshot: ProcessorSnapshot;
  readonly problems: Problem[];
  readonly kinds: Block['kind'][];
}

/** Reads `chunks` as one input into a processor, with records handed on parsed when `parsedRecords`. */
async function read(chunks: readonly Buffer[], parsedRecords: boolean): Promise<Outcome> {
  const problems: Problem[] = [];
  const kinds: Block['kind'][] = [];
  const processor = new RecordProcessor(DETECTIONS, (problem) => problems.push(problem));
  async function* source(): AsyncGenerator<Buffer> {
    yield* chunks;
  }
  const sink = {
    block: (block: Block) => {
      kinds.push(block.kind);
      processor.process(block);
    },
    problem: (problem: Problem) => problems.push(problem),
    bytesRead: () => undefined,
    parsedRecords,
  };
  await readInput('input', source(), sink);
  return { snapshot: processor.snapshot(), problems, kinds };
}

/** Cuts `bytes` into chunks of `size` bytes. */
function chunked(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += size) chunks.push(bytes.subarray(start, start + size));
  return chunks;
}

const event = (eventName: string, extra: object = {}): object => ({
  eventVersion: '1.09',
  eventTime: '2024-05-01T00:00:00Z',
  eventSource: 'iam.amazonaws.com',
  eventName,
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/김철수' },
  ...extra,
});
const records = (list: readonly object[]): string => JSON.stringify({ Records: list });
const denied = (i: number): object => event(`Get${i % 7}`, { errorCode: 'AccessDenied', eventTime: `2024-05-01T0${i % 10}:00:00Z` });

/** Damaged and odd `Records` files, each with good records before the damage. */
const DOCUMENTS: Record<string, string> = {
  'the fixture': S3_FILE.toString(),
  'pretty-printed, with a byte order mark': `\ufeff${JSON.stringify({ Records: [event('StopLogging'), denied(1)] }, null, 2)}\n`,
  'an empty Records array': '{"Records":[]}',
  'bad records among good ones': records([event('StopLogging'), { eventVersion: '1.09', eventTime: '2024-05-01T00:00:00Z' }, event('DeleteTrail', { eventTime: 'yesterday' }), denied(2)]),
  'cut inside the Records array': records([event('StopLogging'), denied(3), denied(4)]).slice(0, -30),
  'a record that is not JSON': records([event('StopLogging'), denied(5)]).replace('"Get5"', 'Get5'),
  'a record that is not an object': records([event('StopLogging'), denied(6)]).replace(',{', ',[1],{'),
  'another key after Records': `${records([event('StopLogging')]).slice(0, -1)},"x":1}`,
  'Records repeated': `${records([event('StopLogging')]).slice(0, -1)},"Records":[${JSON.stringify(denied(7))}]}`,
};

describe('Records files parsed whole', () => {
  it.each(Object.entries(DOCUMENTS))('counts %s exactly as when split record by record', async (_, text) => {
    const bytes = Buffer.from(text);
    for (const input of [[bytes], chunked(bytes, 7), [gzipSync(bytes)], chunked(gzipSync(bytes), 100)]) {
      expect(await read(input, true)).toEqual({ ...(await read(input, false)), kinds: expect.anything() });
    }
  });

  it('parses a well-formed file whole, and splits the others', async () => {
    expect((await read([Buffer.from(DOCUMENTS['the fixture'])], true)).kinds).toEqual(['events']);
    expect((await read([Buffer.from(DOCUMENTS['the fixture'])], false)).kinds).toEqual(['records']);
    expect((await read([Buffer.from(DOCUMENTS['bad records among good ones'])], true)).kinds).toEqual(['events']);
    expect((await read([Buffer.from(DOCUMENTS['Records repeated'])], true)).kinds).toEqual(['records']);
  });

  it('counts a gzip file cut anywhere exactly as when split: the records before the cut, then the gzip problem', async () => {
    const gz = gzipSync(S3_FILE);
    for (let fraction = 0.1; fraction < 1; fraction += 0.1) {
      const truncated = gz.subarray(0, Math.floor(gz.length * fraction));
      const whole = await read(chunked(truncated, 512), true);
      expect(whole).toEqual({ ...(await read(chunked(truncated, 512), false)), kinds: expect.anything() });
      expect(whole.problems).toEqual([expect.objectContaining({ file: 'input', reason: expect.stringMatching(/^corrupt or truncated gzip/) })]);
    }
  });

  it('counts a gzip file read in one piece (gunzipped in one call) exactly as when streamed, cut anywhere or not', async () => {
    const gz = gzipSync(S3_FILE);
    const variants: Record<string, Buffer> = {
      ...Object.fromEntries(Object.entries(DOCUMENTS).map(([name, text]) => [name, gzipSync(text)])),
      'two gzip members': Buffer.concat([gzipSync(S3_FILE.subarray(0, 1000)), gzipSync(S3_FILE.subarray(1000))]),
      'zeros after the gzip data': Buffer.concat([gz, Buffer.alloc(16)]),
      ...Object.fromEntries([0.05, 0.3, 0.7, 0.99].map((fraction) => [`cut at ${fraction}`, gz.subarray(0, Math.floor(gz.length * fraction))])),
    };
    for (const [name, bytes] of Object.entries(variants)) {
      const streamed = await read(chunked(bytes, 100), true);
      expect({ name, ...(await read([bytes], true)) }).toEqual({ name, ...streamed, kinds: expect.anything() });
    }
  });

  it('counts a gzip file with corrupt data read in one piece (the one call fails, a stream reads it) exactly as when streamed in 64 KiB reads', async () => {
    // Over 64 KiB of gzip (random session names compress poorly), so that a stream meets the damage in a later read.
    const many = Array.from({ length: 6000 }, (_, i) => denied(i)).map((record, i) => ({ ...record, sessionName: createHash('sha256').update(String(i)).digest('hex') }));
    const gz = gzipSync(records(many));
    expect(gz.length).toBeGreaterThan(3 * READ_CHUNK_BYTES);
    const corrupt = {
      'garbage after the gzip data': Buffer.concat([gz, Buffer.from('garbage')]),
      ...Object.fromEntries([1.1, 1.5, 1.9, 2.3, 2.7].map((at) => [`a corrupt byte at ${at} reads`, Buffer.from(gz.map((byte, i) => (i === Math.floor(at * READ_CHUNK_BYTES) ? byte ^ 0xff : byte)))])),
    };
    for (const [name, bytes] of Object.entries(corrupt)) {
      const whole = await read([bytes], true);
      expect({ name, ...whole }).toEqual({ name, ...(await read(chunked(bytes, READ_CHUNK_BYTES), true)), kinds: expect.anything() });
      // A flipped bit may inflate to garbage (records reported as not JSON) before zlib finds the damage.
      expect(whole.problems.at(-1)).toEqual(expect.objectContaining({ file: 'input', reason: expect.stringMatching(/^corrupt or truncated gzip/) }));
      expect(whole.snapshot.events).toBeGreaterThan(0); // the records in the reads before the damage
    }
  });

  it('reports a file malformed before where its gzip is cut as malformed, as the splitter does', async () => {
    const bytes = Buffer.from(`${records([event('StopLogging')]).slice(0, -2)}}x${records(Array.from({ length: 50 }, (_, i) => denied(i)))}`);
    const gz = gzipSync(bytes);
    const truncated = chunked(gz.subarray(0, gz.length - 10), 64);
    const whole = await read(truncated, true);
    expect(whole).toEqual({ ...(await read(truncated, false)), kinds: expect.anything() });
    expect(whole.problems).toEqual([{ file: 'input', record: 2, reason: 'expected "," or "]" after record 1' }]);
  });

  it(`streams a file over ${WHOLE_RECORDS_FILE_BYTES / 1024 / 1024} MiB, with the same counts`, async () => {
    const many = Array.from({ length: Math.ceil(WHOLE_RECORDS_FILE_BYTES / 200) }, (_, i) => denied(i));
    const bytes = Buffer.from(records(many));
    expect(bytes.length).toBeGreaterThan(WHOLE_RECORDS_FILE_BYTES);
    const input = chunked(gzipSync(bytes), 256 * 1024);
    const whole = await read(input, true);
    expect(whole.kinds.every((kind) => kind === 'records')).toBe(true);
    expect(whole).toEqual({ ...(await read(input, false)), kinds: expect.anything() });
    expect(whole.snapshot.events).toBe(many.length);
  });
});

describe('replay chooses how to read Records files', () => {
  let work: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'trailwatch-parsed-'));
    for (const [i, text] of Object.values(DOCUMENTS).entries()) fs.writeFileSync(path.join(work, `${i}.json.gz`), gzipSync(text));
    const gz = gzipSync(S3_FILE);
    fs.writeFileSync(path.join(work, 'truncated.json.gz'), gz.subarray(0, Math.floor(gz.length * 0.6)));
    fs.writeFileSync(path.join(work, 'numbers.json'), records([event('AssumeRole', { requestParameters: { durationSeconds: 3600.0 } })]).replace('3600', '3600.0'));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('keeps record texts when a detection compares a number as text (3600.0 is "3600.0")', async () => {
    const detection: ReplayDetection = { name: 'LongSession', pattern: '{ $.requestParameters.durationSeconds = "3600.0" }', period: 300, threshold: 1, evaluationPeriods: 1 };
    const { report } = await replay([path.join(work, 'numbers.json')], [...DETECTIONS, detection]);
    expect(report.detections.LongSession.matches).toBe(1);
  });

  it('gives the same report whether the files are parsed whole or split (a detection needing text forces splitting)', async () => {
    const needsText: ReplayDetection = { name: 'NumberText', pattern: '{ $.nothing = "1.0" }', period: 300, threshold: 1, evaluationPeriods: 1 };
    const whole = await replay([work], DETECTIONS);
    const split = await replay([work], [...DETECTIONS, needsText]);
    expect(whole.report.events).toBeGreaterThan(0);
    expect(whole.report).toEqual({ ...split.report, detections: expect.anything() });
    expect(whole.report.detections).toEqual(Object.fromEntries(Object.entries(split.report.detections).filter(([name]) => name !== 'NumberText')));
  });

  it('gives the same report on worker threads, which read each file themselves', async () => {
    const script = replayWorkerScript();
    try {
      const inThread = await replay([work], DETECTIONS);
      const threaded = await replay([work], DETECTIONS, { workers: { script, count: 2, fromBytes: 0 } });
      expect(threaded.report).toEqual(inThread.report);
    } finally {
      fs.rmSync(path.dirname(script), { recursive: true, force: true });
    }
  });
});
