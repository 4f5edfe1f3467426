/**
 * An uploaded message-trace export, streamed to a temporary file inside the data directory
 * (the importer reads files, and exports are too large to hold in memory), never anywhere
 * else: the name is made here (a random UUID), created exclusively (`wx`) and readable by this
 * user only. The size limit is enforced while the bytes arrive, so an oversized upload stops
 * at the limit and its partial file is removed.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError } from './problem.js';

/** The folder of uploads in progress, inside the data directory. */
export function uploadDir(dataDir: string): string {
  return join(dataDir, 'uploads');
}

/** Writes the body to a new file in `dir`; returns its path. Throws ApiError('payload-too-large') past `maxBytes`. */
export async function receiveUpload(body: Readable, dir: string, maxBytes: number): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `upload-${randomUUID()}.part`);
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > maxBytes) callback(new ApiError('payload-too-large', `the upload is larger than the limit of ${maxBytes} bytes`));
      else callback(null, chunk);
    },
  });
  try {
    await pipeline(body, limit, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    await rm(path, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    // The client went away: nothing was imported. A disk failure stays an internal error.
    if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (error as Error).message === 'aborted') {
      throw new ApiError('bad-request', `the upload did not arrive whole (${code ?? 'aborted'})`);
    }
    throw error;
  }
  return path;
}
