import type { JobsOptions, RedisOptions } from 'bullmq';
import type { SubmissionRequest, SubmissionResult } from '@judgebox/domain';

export * from './heartbeats';
export * from './interactive';
export * from './progress';
export * from './redis-durability';
export * from './remove-prefix';
export * from './tenants';

/** The BullMQ queue of submissions. Renaming it strands every job already queued under the old name. */
export const SUBMISSIONS_QUEUE = 'submissions';

/** BullMQ's Redis key of a submission job is this followed by its id (as `Queue.toKey(id)`). */
export function submissionJobKeyPrefix(prefix: string): string {
  return `${prefix}:${SUBMISSIONS_QUEUE}:`;
}

/** Payload of a submission job; the job id is the submission id. */
export interface SubmissionJobData {
  request: SubmissionRequest;
  createdAt: string;
  /**
   * Run with live I/O over the job's Redis streams (see `interactive.ts`) instead of the request's
   * stdin alone: stdin arrives while the program runs and output leaves as it is printed.
   */
  interactive?: boolean;
  /** Id of the API key it came with (its CPU time is counted against that key). */
  tenant?: string;
  /** The id of the HTTP request that queued it; the worker's log lines for the job carry it. */
  requestId?: string;
}

export type SubmissionJobResult = SubmissionResult;

/** Redis hash: image folder -> version read from the image label by a worker at start. */
export function languageVersionsKey(prefix: string): string {
  return `${prefix}:meta:language-versions`;
}

/** Redis hash: image folder -> its libraries (`name=version,…`, the image's io.judgebox.libraries label). */
export function languageLibrariesKey(prefix: string): string {
  return `${prefix}:meta:language-libraries`;
}

/**
 * Default options of every submission job. User-code outcomes are results, so a job fails only on
 * an infrastructure fault; one retry lets another worker try.
 */
export function submissionJobOptions(id: string, retentionSeconds: number, interactive = false): JobsOptions {
  return {
    jobId: id,
    // A retry of a live job would replay its stdin to a client that has seen the first run's output.
    attempts: interactive ? 1 : 2,
    backoff: { type: 'fixed', delay: 500 },
    removeOnComplete: { age: retentionSeconds },
    removeOnFail: { age: retentionSeconds },
  };
}

/**
 * Lock of a running submission job. Its worker renews it every `lockDuration / 2` (BullMQ's
 * default `lockRenewTime`) for as long as the sandbox runs, so no run is ever too long for it; a
 * worker that dies stops renewing, and another worker's stalled-job check (every
 * `stalledInterval`) hands the job back to the queue once the lock expired: at most
 * `lockDuration + stalledInterval` after the death (docs/durability.md). Shorter means
 * faster recovery but a lock lost to an event loop or Redis stalled for `lockDuration / 2`.
 */
export const SUBMISSION_LOCK = { lockDuration: 10_000, stalledInterval: 5_000 } as const;

/**
 * A job that failed because the Docker engine went away under it is put back (BullMQ's
 * `moveToDelayed`, which spends no attempt) after `delayMs`, at most until it has started
 * `maxStarts` times; after that it fails like any infrastructure fault.
 */
export const ENGINE_RETRY = { delayMs: 2_000, maxStarts: 6 } as const;

/**
 * A job whose sandbox image is not on the taking worker's engine (the API only queues languages
 * some worker reported ready; another worker, or an image removed since, may still lack it) is
 * put back like ENGINE_RETRY's, for up to `delayMs * maxStarts` in all, then fails.
 */
export const IMAGE_RETRY = { delayMs: 5_000, maxStarts: 24 } as const;

/** ioredis options from a redis:// or rediss:// URL, as BullMQ wants them (no per-request retry cap). */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}
