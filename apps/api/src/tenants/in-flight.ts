import type { Redis } from 'ioredis';
import { LuaScript } from './lua-script';

/**
 * A key's unfinished submissions: a sorted set of submission ids, checked against the jobs
 * themselves on every admission, so nothing has to remove an id when a submission ends (a crashed
 * API process or worker leaves no count behind). An id whose job hash has `finishedOn` is done; an
 * id with no job hash is done once it is older than `graceMs` (the job is added right after its
 * admission; a job removed, e.g. by DELETE, frees its place). ARGV[1] < 0 only counts.
 * The job hashes are read by name from the queue's prefix, as BullMQ's own scripts do: a single
 * Redis (or one hash slot), not a cluster spreading keys.
 */
const ACQUIRE = new LuaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local grace = tonumber(ARGV[4])
local members = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local live = 0
for i = 1, #members, 2 do
  local job = ARGV[3] .. members[i]
  local done
  if redis.call('EXISTS', job) == 1 then
    done = redis.call('HEXISTS', job, 'finishedOn') == 1
  else
    done = now - tonumber(members[i + 1]) > grace
  end
  if done then redis.call('ZREM', KEYS[1], members[i]) else live = live + 1 end
end
if limit < 0 or live >= limit then return {0, live} end
redis.call('ZADD', KEYS[1], now, ARGV[2])
return {1, live + 1}
`);

const GRACE_MS = 30_000;

export interface InFlightCheck {
  admitted: boolean;
  /** Unfinished submissions of the key, this one included when admitted. */
  inFlight: number;
}

/** Admits submission `id` when fewer than `limit` of the key's are unfinished. */
export async function acquireInFlight(
  redis: Redis,
  setKey: string,
  jobKeyPrefix: string,
  id: string,
  limit: number,
): Promise<InFlightCheck> {
  const [ok, n] = (await ACQUIRE.run(redis, [setKey], [limit, id, jobKeyPrefix, GRACE_MS])) as [
    number,
    number,
  ];
  return { admitted: ok === 1, inFlight: n };
}

export async function countInFlight(redis: Redis, setKey: string, jobKeyPrefix: string): Promise<number> {
  return (await acquireInFlight(redis, setKey, jobKeyPrefix, '', -1)).inFlight;
}

/** Gives the place back when the job could not be queued after all. */
export async function releaseInFlight(redis: Redis, setKey: string, id: string): Promise<void> {
  await redis.zrem(setKey, id);
}
