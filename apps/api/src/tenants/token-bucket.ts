import type { Redis } from 'ioredis';
import type { Rate } from '@judgebox/domain';
import { LuaScript } from './lua-script';

/**
 * A token bucket per key in one Redis hash, shared by every API process. Hand-written because the
 * Redis limiters of rate-limiter-flexible count fixed windows (up to twice the rate across a
 * window's edge) and the npm token-bucket packages are unmaintained. Redis's own clock (TIME) is
 * the only clock, so API processes whose clocks differ still share one bucket correctly.
 * Returns {allowed, tokens left (string: a fraction), ms until one token, ms until full}.
 */
const TAKE = new LuaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cap = tonumber(ARGV[1])
local perMs = cap / (tonumber(ARGV[2]) * 1000)
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(b[1]) or cap
local ts = tonumber(b[2]) or now
tokens = math.min(cap, tokens + math.max(0, now - ts) * perMs)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) / perMs)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', now)
local full = math.ceil((cap - tokens) / perMs)
redis.call('PEXPIRE', KEYS[1], full + 1000)
return {allowed, tostring(tokens), wait, full}
`);

export interface BucketState {
  allowed: boolean;
  /** The bucket's size: the burst a key may send at once. */
  limit: number;
  /** Whole tokens left. */
  remaining: number;
  /** Seconds until a request would be allowed again (0 when it was allowed). */
  retryAfterSeconds: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
}

/** Takes one token from the bucket at `key`, refilled at `rate`. */
export async function takeToken(redis: Redis, key: string, rate: Rate): Promise<BucketState> {
  const [allowed, tokens, waitMs, fullMs] = (await TAKE.run(
    redis,
    [key],
    [rate.points, rate.perSeconds],
  )) as [number, string, number, number];
  return {
    allowed: allowed === 1,
    limit: rate.points,
    remaining: Math.floor(Number(tokens)),
    retryAfterSeconds: Math.ceil(waitMs / 1000),
    resetSeconds: Math.ceil(fullMs / 1000),
  };
}
