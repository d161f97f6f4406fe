import type { SubmissionEvent } from '@judgebox/domain';

/** What a worker publishes while judging: the events before `finished`, which the job's result gives. */
export type ProgressEvent = Exclude<SubmissionEvent, { type: 'finished' }>;

/**
 * Entries of a submission's progress stream (Redis stream, one JSON field `m` per entry), written
 * by the worker for every job and read by any API process (`GET /v1/submissions/:id/events`).
 * `done` ends one attempt: the job's result is about to be stored (or its failure).
 */
export type ProgressEntry = ProgressEvent | { type: 'done' };

export const PROGRESS = {
  /** Entries kept: a judged submission has at most SUBMISSION_BOUNDS.testCases + 2 per attempt. */
  maxLen: 1_000,
  /** Expiry after the last write while the job runs; a lost job leaves nothing behind. */
  liveTtlSeconds: 600,
  /** After `done`: readers then replay from the stored result instead. */
  endedTtlSeconds: 60,
  /**
   * A reader marks the submissions it follows (a key with this expiry, renewed every
   * `listenRenewSeconds`); a worker writes progress only for marked ones, so a submission nobody
   * follows costs one key check, not a stream write per event.
   */
  listenTtlSeconds: 30,
  listenRenewSeconds: 10,
  /** A worker that found no reader looks again at most this often (and at the end, if older). */
  listenRecheckMs: 250,
} as const;

export function progressKey(prefix: string, jobId: string): string {
  return `${prefix}:progress:${jobId}`;
}

/** Exists while some API process streams this submission's progress to a client. */
export function progressListenKey(prefix: string, jobId: string): string {
  return `${prefix}:progress-listen:${jobId}`;
}

/** Parses an entry written by a worker; null for anything else. */
export function decodeProgress(text: string): ProgressEntry | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'done':
      return { type: 'done' };
    case 'compiled':
      return 'compile' in m ? (m as ProgressEvent) : null;
    case 'testCase':
      return typeof m.testCase === 'object' && m.testCase !== null ? (m as ProgressEvent) : null;
    default:
      return null;
  }
}
