import type { Job, JobsOptions, JobState } from 'bullmq';
import type { SubmissionJobData, SubmissionJobResult } from '@judgebox/queue';

export type SubmissionJob = Job<SubmissionJobData, SubmissionJobResult>;

/** What the API reads of a submission's job (a BullMQ `Job` has these too). */
export interface SubmissionJobFields {
  id?: string;
  data: SubmissionJobData;
  /** Null until the job completed. */
  returnvalue: SubmissionJobResult | null;
  failedReason: string;
  processedOn?: number;
  finishedOn?: number;
}

/** A submission's job and its state, both read at one instant. */
export interface StoredSubmission {
  job: SubmissionJobFields;
  state: JobState;
}

/**
 * A job that becomes runnable once a submission has finished, completed or failed for good (the
 * parent of the submission's job in a BullMQ flow): Redis makes it runnable, whichever process
 * queued it. Its job id is the submission id. E.g. the Judge0 adapter's callback delivery.
 */
export interface FollowUpJob {
  queueName: string;
  name: string;
  data: object;
  opts: Omit<JobsOptions, 'jobId' | 'parent' | 'repeat' | 'deduplication' | 'debounce'>;
}

/**
 * Sorted sets, then lists, in the order BullMQ's own getState script tries them. A job is in one
 * at a time; the order only matters for a job moving between two within the same transaction.
 */
export const STATE_SETS: readonly [string, JobState][] = [
  ['completed', 'completed'],
  ['failed', 'failed'],
  ['delayed', 'delayed'],
  ['prioritized', 'prioritized'],
  ['waiting-children', 'waiting-children'],
];
export const STATE_LISTS: readonly [string, JobState][] = [
  ['active', 'active'],
  ['wait', 'waiting'],
  ['paused', 'waiting'],
];

export function isJobHash(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && 'data' in value;
}

/** The fields of a job's hash the API uses, decoded as BullMQ stores them (JSON, epoch-ms strings). */
export function jobFields(id: string, hash: Record<string, string>): SubmissionJobFields {
  const ms = (v: string | undefined): number | undefined => (v ? Number(v) : undefined);
  return {
    id,
    data: JSON.parse(hash.data) as SubmissionJobData,
    returnvalue: hash.returnvalue ? (JSON.parse(hash.returnvalue) as SubmissionJobResult) : null,
    failedReason: hash.failedReason ?? '',
    processedOn: ms(hash.processedOn),
    finishedOn: ms(hash.finishedOn),
  };
}
