import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
// Relative, not @judgebox/queue: jest's moduleNameMapper does not apply to a global setup module.
import { removePrefixKeys } from '../../libs/queue/src/remove-prefix';
import { runPrefix } from './prefix';
import { TEST_REDIS_URL } from './redis-url';

/**
 * Test runs known to the Redis they write to: a sorted set of run id -> start time (ms). A run
 * removes its own keys at its end; a run that was killed first (a stopped session, a CI timeout)
 * is removed by the first run that starts after it is `STALE_AFTER_MS` old.
 */
const RUNS_KEY = 'judgebox-test:runs';
/** Longer than any whole test run (about 35 minutes), so a run still going is never swept. */
const STALE_AFTER_MS = 6 * 3600_000;

function connect(): Redis {
  const redis = new Redis(TEST_REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
  });
  redis.on('error', () => undefined);
  return redis;
}

async function removeRun(redis: Redis, run: string): Promise<number> {
  const removed = await removePrefixKeys(redis, `${runPrefix(run)}*`);
  await redis.zrem(RUNS_KEY, run);
  return removed;
}

/** Names this run (JUDGEBOX_TEST_RUN, read by testPrefix) and removes the keys of stale runs. */
export async function beginTestRun(): Promise<void> {
  const run = randomUUID().slice(0, 8);
  process.env.JUDGEBOX_TEST_RUN = run;
  const redis = connect();
  try {
    await redis.connect();
    const stale = await redis.zrangebyscore(RUNS_KEY, '-inf', Date.now() - STALE_AFTER_MS);
    for (const old of stale) await removeRun(redis, old);
    await redis.zadd(RUNS_KEY, Date.now(), run);
  } catch (err) {
    // The suites themselves report an unreachable Redis, test by test.
    console.warn(`[test-runs] could not register the run in ${TEST_REDIS_URL}: ${(err as Error).message}`);
  } finally {
    redis.disconnect();
  }
}

/** Deletes every key this run's prefixes hold. */
export async function endTestRun(): Promise<void> {
  const run = process.env.JUDGEBOX_TEST_RUN;
  if (!run) return;
  const redis = connect();
  try {
    await redis.connect();
    await removeRun(redis, run);
  } catch (err) {
    console.warn(`[test-runs] could not remove run ${run}'s keys: ${(err as Error).message}`);
  } finally {
    redis.disconnect();
  }
}
