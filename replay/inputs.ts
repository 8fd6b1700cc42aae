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
const FOLDER_FILE_NAMES = '*.json, *.json.gz, *.jsonl, *.ndjson, *.gz; not hidden, not in CloudTrail-Digest/';
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
      if (stat.isDirectory()) {
        const before = inputs.length;
        const files = await walk(name, inputs, new Set(), problem);
        // Nothing to read is not a clean run: a mistyped folder would otherwise report zero events and succeed.
        if (inputs.length === before) problem({ file: name, reason: files === 0 ? 'empty folder: no files to read in it' : `no CloudTrail files in this folder (read: ${FOLDER_FILE_NAMES})` });
      } else {
        inputs.push({ name, size: stat.size });
      }
    } catch (error) {
      problem({ file: name, reason: unreadable(error) });
    }
  }
  return inputs;
}

function unreadable(error: unknown): string {
  return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (error as Error).message;
}

/**
 * Adds the files to read under `folder`; returns how many files it holds, read or not.
 * @param seen real paths of the folders walked, so a symbolic link back up the tree is not followed forever
 */
async function walk(folder: string, inputs: Input[], seen: Set<string>, problem: (problem: Problem) => void): Promise<number> {
  const real = await fs.realpath(folder);
  if (seen.has(real)) return 0;
  seen.add(real);
  let files = 0;
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
      if (entry !== DIGEST_FOLDER) files += await walk(name, inputs, seen, problem);
    } else if (stat.isFile()) {
      files++;
      if (READ_IN_FOLDERS.test(entry)) inputs.push({ name, size: stat.size });
    }
  }
  return files;
}
