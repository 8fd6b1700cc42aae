import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Problem } from './report';

/** One input of a replay: a file, or `-` for standard input. */
export interface Input {
  readonly name: string;
  /** Bytes on disk; unknown for standard input. */
  readonly size?: number;
}

export const STDIN = '-';

/** In folders, the names read: CloudTrail's `.json.gz`, `.json`, JSON lines, and CloudWatch Logs exports (`000000.gz`). */
const READ_IN_FOLDERS = /\.(json|jsonl|ndjson|gz)$/i;
/** CloudTrail's digest files (log file integrity validation) sit beside the logs and hold no events. */
const DIGEST_FOLDER = 'CloudTrail-Digest';

/**
 * The files to replay, in a stable order: named files as given (whatever their names: the content decides
 * the format), folders walked recursively in name order, reading only the names above and skipping hidden
 * entries and digest folders. A path that cannot be read is reported, and the rest goes on.
 */
export async function listInputs(paths: readonly string[], problem: (problem: Problem) => void): Promise<Input[]> {
  const inputs: Input[] = [];
  for (const name of paths) {
    if (name === STDIN) {
      inputs.push({ name });
      continue;
    }
    try {
      const stat = await fs.stat(name);
      if (stat.isDirectory()) await walk(name, inputs, new Set(), problem);
      else inputs.push({ name, size: stat.size });
    } catch (error) {
      problem({ file: name, reason: unreadable(error) });
    }
  }
  return inputs;
}

function unreadable(error: unknown): string {
  return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (error as Error).message;
}

/** @param seen real paths of the folders walked, so a symbolic link back up the tree is not followed forever */
async function walk(folder: string, inputs: Input[], seen: Set<string>, problem: (problem: Problem) => void): Promise<void> {
  const real = await fs.realpath(folder);
  if (seen.has(real)) return;
  seen.add(real);
  const entries = (await fs.readdir(folder)).filter((entry) => !entry.startsWith('.')).sort();
  for (const entry of entries) {
    const name = path.join(folder, entry);
    let stat;
    try {
      stat = await fs.stat(name);
    } catch (error) {
      problem({ file: name, reason: unreadable(error) }); // e.g. a dangling symbolic link
      continue;
    }
    if (stat.isDirectory()) {
      if (entry !== DIGEST_FOLDER) await walk(name, inputs, seen, problem);
    } else if (stat.isFile() && READ_IN_FOLDERS.test(entry)) {
      inputs.push({ name, size: stat.size });
    }
  }
}
