import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ContentTooLargeError } from './content-errors';
import { CONTENT_CHUNK_BYTES, contentKeys, STAGED_TTL_SECONDS } from './content-keys';

/** An upload received into staged chunks, known by its hash; committed or discarded afterwards. */
export interface StagedUpload {
  uploadId: string;
  sha256: string;
  bytes: number;
  chunks: number;
}

/**
 * Streams `source` into staged chunks of CONTENT_CHUNK_BYTES, hashing as it goes; at most one chunk
 * is held in memory, and each is written before more is read (the source waits meanwhile). Past
 * `maxBytes` it stops reading, removes what it wrote and throws ContentTooLargeError.
 */
export async function stageUpload(
  redis: Redis,
  prefix: string,
  source: AsyncIterable<Buffer>,
  maxBytes: number,
): Promise<StagedUpload> {
  const keys = contentKeys(prefix);
  const uploadId = randomUUID();
  const hash = createHash('sha256');
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let bytes = 0;
  let chunks = 0;
  const flush = async (): Promise<void> => {
    const chunk = Buffer.concat(pending, pendingBytes);
    await redis.set(keys.staged(uploadId, chunks), chunk, 'EX', STAGED_TTL_SECONDS);
    chunks++;
    pending = [];
    pendingBytes = 0;
  };
  try {
    for await (const piece of source) {
      bytes += piece.length;
      if (bytes > maxBytes) throw new ContentTooLargeError(maxBytes);
      hash.update(piece);
      for (let at = 0; at < piece.length;) {
        const take = Math.min(piece.length - at, CONTENT_CHUNK_BYTES - pendingBytes);
        pending.push(piece.subarray(at, at + take));
        pendingBytes += take;
        at += take;
        if (pendingBytes === CONTENT_CHUNK_BYTES) await flush();
      }
    }
    if (pendingBytes > 0 || chunks === 0) await flush();
  } catch (err) {
    await discardStaged(redis, prefix, { uploadId, chunks: chunks + 1 });
    throw err;
  }
  return { uploadId, sha256: hash.digest('hex'), bytes, chunks };
}

/** Removes an upload's staged chunks (those not committed, or all of a failed upload). */
export async function discardStaged(
  redis: Redis,
  prefix: string,
  upload: Pick<StagedUpload, 'uploadId' | 'chunks'>,
): Promise<void> {
  const keys = contentKeys(prefix);
  const names = Array.from({ length: upload.chunks }, (_, i) => keys.staged(upload.uploadId, i));
  if (names.length > 0) await redis.del(...names);
}
