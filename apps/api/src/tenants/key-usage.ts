import type { Redis } from 'ioredis';
import { formatRate, type Limits, type PriorityClass } from '@judgebox/domain';
import { secondsToUtcMidnight, submissionJobKeyPrefix, tenantKeys, utcDay } from '@judgebox/queue';
import type { ApiKey } from './api-key.store';
import { countInFlight } from './in-flight';

/** What `GET /v1/usage`, the admin API and `npm run keys -- usage` tell of a key. */
export interface KeyUsage {
  id: string;
  name: string;
  revoked: boolean;
  quota: {
    rate: string;
    concurrency: number;
    cpuSecondsPerDay: number;
    priority: PriorityClass;
    limits: Partial<Limits>;
  };
  usage: {
    /** Submissions queued or running now. */
    inFlight: number;
    /** UTC day the CPU counter is of. */
    day: string;
    cpuSecondsToday: number;
    /** Seconds until the counter starts again from 0 (next UTC midnight). */
    cpuResetSeconds: number;
  };
}

/** A key's quota and counters, read from Redis (framework-free: the CLI uses it too). */
export async function keyUsage(redis: Redis, prefix: string, key: ApiKey): Promise<KeyUsage> {
  const set = tenantKeys.inFlight(prefix, key.id);
  const day = utcDay();
  const [inFlight, cpuMs] = await Promise.all([
    countInFlight(redis, set, submissionJobKeyPrefix(prefix)),
    redis.get(tenantKeys.cpu(prefix, key.id, day)),
  ]);
  const { rate, concurrency, cpuSecondsPerDay, priority, limits } = key.quota;
  return {
    id: key.id,
    name: key.name,
    revoked: key.revokedAt !== null,
    quota: { rate: formatRate(rate), concurrency, cpuSecondsPerDay, priority, limits },
    usage: {
      inFlight,
      day,
      cpuSecondsToday: Number(cpuMs ?? 0) / 1000,
      cpuResetSeconds: secondsToUtcMidnight(),
    },
  };
}
