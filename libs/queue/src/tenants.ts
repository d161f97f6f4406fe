import type { Redis } from 'ioredis';
import type { SubmissionResult } from '@judgebox/domain';

/**
 * Redis keys of API keys and their usage, under the queue prefix (the CLI, every API process and
 * every worker of one deployment share them). Renaming one forgets every key or counter under it.
 */
export const tenantKeys = {
  /** Hash: key id -> JSON record (name, quota, hash of the secret, revoked). */
  records: (prefix: string): string => `${prefix}:tenants:keys`,
  /** Hash: SHA-256 of a secret -> key id; a revoked key's entry is deleted. */
  secrets: (prefix: string): string => `${prefix}:tenants:secrets`,
  /** Hash (tokens, ts): the key's token bucket. */
  bucket: (prefix: string, id: string): string => `${prefix}:tenants:bucket:${id}`,
  /** Sorted set: the key's unfinished submission ids, scored by admission time. */
  inFlight: (prefix: string, id: string): string => `${prefix}:tenants:inflight:${id}`,
  /** String: CPU milliseconds the key's submissions used on one UTC day (`YYYY-MM-DD`). */
  cpu: (prefix: string, id: string, day: string): string => `${prefix}:tenants:cpu:${id}:${day}`,
};

/** A day's CPU counter outlives its day by this much, for `usage` of yesterday. */
const CPU_COUNTER_TTL_SECONDS = 3 * 86_400;

export function utcDay(at: Date = new Date()): string {
  return at.toISOString().slice(0, 10);
}

/** Seconds until the next UTC midnight (when a day's CPU quota is fresh again), at least 1. */
export function secondsToUtcMidnight(at: Date = new Date()): number {
  const next = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1);
  return Math.max(1, Math.ceil((next - at.getTime()) / 1000));
}

/** CPU time measured in every phase of a result: compile, the run, each test case. */
export function cpuTimeOf(result: SubmissionResult): number {
  const phases = [result.compile, result.run, ...(result.testCases ?? [])];
  return phases.reduce((sum, p) => sum + (p?.cpuTimeMs ?? 0), 0);
}

/** Adds `ms` to the key's counter of today (the worker calls it as a submission finishes). */
export async function recordCpuUsage(redis: Redis, prefix: string, keyId: string, ms: number): Promise<void> {
  if (ms <= 0) return;
  const key = tenantKeys.cpu(prefix, keyId, utcDay());
  await redis.multi().incrby(key, Math.round(ms)).expire(key, CPU_COUNTER_TTL_SECONDS).exec();
}
