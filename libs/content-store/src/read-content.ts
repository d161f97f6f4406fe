import type { Redis } from 'ioredis';
import type { ContentRef } from '@judgebox/domain';
import { ContentMissingError } from './content-errors';
import { contentKeys } from './content-keys';

/**
 * The bytes of a stored file, one chunk at a time (the next is fetched only when the consumer
 * asks for it). Throws ContentMissingError when the file, or a chunk of it, is gone. The caller
 * checks the hash of what it received when it needs to trust it.
 */
export async function* readContent(redis: Redis, prefix: string, ref: ContentRef): AsyncGenerator<Buffer> {
  const keys = contentKeys(prefix);
  const chunks = Number(await redis.hget(keys.blob(ref.sha256), 'chunks'));
  if (!Number.isInteger(chunks) || chunks < 1) throw new ContentMissingError(ref.sha256);
  for (let i = 0; i < chunks; i++) {
    const chunk = await redis.getBuffer(keys.chunk(ref.sha256, i));
    if (chunk === null) throw new ContentMissingError(ref.sha256);
    yield chunk;
  }
}
