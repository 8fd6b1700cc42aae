import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * A file's bytes read synchronously, for replay. The thread that reads has nothing else to do meanwhile (a
 * worker, or the main thread replaying alone), and a synchronous read is one system call in the thread that
 * needs the bytes; a stream's read is a round trip through libuv's thread pool, whose threads compete with the
 * workers for the same cores (on the bench's 2-core machine, workers waited for their next chunk a fifth of
 * the time).
 */

/**
 * Bytes per read of a larger file, and so at most per block of JSON lines handed on. Below glibc's 128 KiB
 * mmap threshold on purpose: with 1 MiB buffers allocated and freed per read, malloc's threshold rose and the
 * freed buffers fragmented its heap, so peak RSS grew with the input (285 → 317 MB from 1x to 4x the bench's
 * JSON lines); with 64 KiB it is flat and half that (137 → 141 MB), for ~5 % more CPU.
 */
export const READ_CHUNK_BYTES = 64 * 1024;
/**
 * A file up to this size is read in one piece: a small gzip file is then gunzipped in one call (read-input.ts),
 * far cheaper than a stream's many. CloudTrail's files are far smaller: a busy account's 5 minutes is ~300 KB.
 */
export const WHOLE_FILE_BYTES = 4 * 1024 * 1024;

/**
 * The bytes of `file` from `start` to `end` (or its end), in chunks of {@link READ_CHUNK_BYTES}; a whole
 * file up to {@link WHOLE_FILE_BYTES} as one chunk. An error opening or reading the file surfaces from the
 * iteration, with its `code`, as a stream's would. Each chunk is a buffer of its own, free to be kept.
 */
export async function* fileChunks(file: string, start = 0, end = Number.POSITIVE_INFINITY): AsyncGenerator<Buffer> {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const chunk = start === 0 && end >= size && size <= WHOLE_FILE_BYTES ? Math.max(size, 1) : READ_CHUNK_BYTES;
    for (let position = start; position < end; ) {
      const buffer = Buffer.allocUnsafe(Math.min(chunk, end - position));
      const read = readSync(fd, buffer, 0, buffer.length, position);
      if (read === 0) return;
      position += read;
      yield read === buffer.length ? buffer : buffer.subarray(0, read);
    }
  } finally {
    closeSync(fd);
  }
}
