import type { Redis } from 'ioredis';

/** Redis key of one worker's heartbeat (JSON, expires after WORKER_HEARTBEAT_TTL_SECONDS). */
export function workerHeartbeatKey(prefix: string, workerId: string): string {
  return `${prefix}:meta:workers:${workerId}`;
}
export const WORKER_HEARTBEAT_TTL_SECONDS = 15;

/**
 * Redis set of the ids of workers that published a heartbeat, so readers find them in two round
 * trips whatever else the database holds (a SCAN for the keys walks every key: jobs included).
 * An id whose heartbeat key expired is dropped by the next reader.
 */
export function workerIdsKey(prefix: string): string {
  return `${prefix}:meta:worker-ids`;
}

export interface WorkerHeartbeat {
  workerId: string;
  engine: string;
  dockerOk: boolean;
  concurrency: number;
  active: number;
  /** Idle warm containers per image. */
  pool?: Record<string, number>;
  /** Catalog image folders on this worker's engine; their languages are ready (docs/languages.md). */
  images?: string[];
  /** Stopping: takes no new job, finishes those it runs (WORKER_DRAIN_SECONDS). */
  draining?: boolean;
  at: string;
}

/** Publishes (or renews) a worker's heartbeat; it expires unless renewed within the TTL. */
export async function publishHeartbeat(redis: Redis, prefix: string, beat: WorkerHeartbeat): Promise<void> {
  await redis
    .multi()
    .set(workerHeartbeatKey(prefix, beat.workerId), JSON.stringify(beat), 'EX', WORKER_HEARTBEAT_TTL_SECONDS)
    .sadd(workerIdsKey(prefix), beat.workerId)
    .exec();
}

/** A stopping worker's heartbeat goes at once rather than when it expires. */
export async function withdrawHeartbeat(redis: Redis, prefix: string, workerId: string): Promise<void> {
  await redis.multi().del(workerHeartbeatKey(prefix, workerId)).srem(workerIdsKey(prefix), workerId).exec();
}

/** Heartbeats of workers alive now; ids whose heartbeat expired are removed from the set. */
export async function readHeartbeats(redis: Redis, prefix: string): Promise<WorkerHeartbeat[]> {
  const ids = await redis.smembers(workerIdsKey(prefix));
  if (ids.length === 0) return [];
  const values = await redis.mget(ids.map((id) => workerHeartbeatKey(prefix, id)));
  const gone = ids.filter((_, i) => values[i] === null);
  if (gone.length > 0) {
    const keys = [workerIdsKey(prefix), ...gone.map((id) => workerHeartbeatKey(prefix, id))];
    await redis.eval(DROP_EXPIRED, keys.length, ...keys, ...gone);
  }
  return values.flatMap((v) => parseHeartbeat(v));
}

/** Removes ids whose heartbeat is still absent (one that beat again meanwhile stays listed). */
const DROP_EXPIRED = `
for i, id in ipairs(ARGV) do
  if redis.call('EXISTS', KEYS[i + 1]) == 0 then redis.call('SREM', KEYS[1], id) end
end
return 0`;

function parseHeartbeat(value: string | null): WorkerHeartbeat[] {
  if (value === null) return [];
  try {
    const beat = JSON.parse(value) as Partial<WorkerHeartbeat>;
    return typeof beat === 'object' && beat !== null && typeof beat.workerId === 'string'
      ? [beat as WorkerHeartbeat]
      : [];
  } catch {
    return [];
  }
}
