/** What BullMQ's safety depends on in the Redis it is given, read from `INFO` (CONFIG may be disabled, as on managed Redis). */
export interface RedisDurability {
  /** BullMQ needs `noeviction`: any other policy may drop queued jobs or the locks of running ones. */
  maxmemoryPolicy: string;
  /** Whether an append-only file is written (what a Redis restart replays). */
  aofEnabled: boolean;
}

/** Thrown at start when Redis may evict BullMQ's keys and REDIS_ALLOW_EVICTION is not set. */
export class RedisEvictionError extends Error {}

export function parseRedisDurability(info: string): RedisDurability {
  const field = (name: string): string => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim() ?? '';
  return {
    maxmemoryPolicy: field('maxmemory_policy') || 'unknown',
    aofEnabled: field('aof_enabled') === '1',
  };
}

/**
 * Checks a Redis before the app uses it: refuses (throws RedisEvictionError) when its eviction
 * policy is not `noeviction` unless `allowEviction`, then only warns; tells whether a restart of
 * it keeps the queue. Returns what it read.
 */
export async function checkRedisDurability(
  redis: { info(): Promise<string> },
  allowEviction: boolean,
  log: { warn(message: string): void; log(message: string): void },
): Promise<RedisDurability> {
  const facts = parseRedisDurability(await redis.info());
  if (facts.maxmemoryPolicy !== 'noeviction') {
    const problem =
      `Redis maxmemory-policy is ${facts.maxmemoryPolicy}, not noeviction: under memory pressure it may ` +
      'evict queued submissions and the locks of running ones. Set `maxmemory-policy noeviction` on that Redis';
    if (!allowEviction)
      throw new RedisEvictionError(`${problem} (or REDIS_ALLOW_EVICTION=true to start anyway)`);
    log.warn(`${problem}; starting anyway because REDIS_ALLOW_EVICTION is set`);
  }
  log.log(
    facts.aofEnabled
      ? 'Redis writes an append-only file: queued submissions survive a restart of it'
      : 'Redis writes no append-only file: a restart of it loses queued submissions unless it saves snapshots',
  );
  return facts;
}
