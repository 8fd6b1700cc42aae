import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../../cli/main';

/** The `trailwatch` command run in-process through `runCli`, with its own streams. */
export interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

export async function trailwatch(args: readonly string[], input?: string): Promise<Result> {
  const collect = (stream: PassThrough) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    return () => Buffer.concat(chunks).toString('utf8');
  };
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const [out, err] = [collect(stdout), collect(stderr)];
  const stdin = Readable.from(input === undefined ? [] : [Buffer.from(input)]);
  const status = await runCli(['node', 'trailwatch', ...args], { stdin, stdout, stderr });
  return { status, stdout: out(), stderr: err() };
}

/** A usage or configuration error: exit status 2 and one line `trailwatch: ...`, no stack trace. */
export function expectUsageError(result: Result, reason: RegExp): void {
  expect(result.status).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^trailwatch: [^\n]+\n$/);
  expect(result.stderr).toMatch(reason);
}
