import type { Redis } from 'ioredis';

/**
 * Deletes every key under `prefix` (`<prefix>:*`): the queue's, and the meta, tenant, problem and
 * content keys beside it. `prefix` is a Redis glob pattern (a queue prefix has no glob characters;
 * `test-<run>-*` names every prefix of one test run). Only for prefixes that no API or worker uses
 * any more (a finished test or bench run): keys written meanwhile would survive. Returns how many
 * keys it deleted.
 */
export async function removePrefixKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let removed = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    // UNLINK frees large values (content chunks of up to 1 MiB) off Redis's main thread.
    if (keys.length > 0) removed += await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  return removed;
}
