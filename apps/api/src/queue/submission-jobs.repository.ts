import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Job, JobState, Queue } from 'bullmq';
import { SUBMISSIONS_QUEUE, type SubmissionJobData, type SubmissionJobResult } from '@judgebox/queue';

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
 * Sorted sets, then lists, in the order BullMQ's own getState script tries them. A job is in one
 * at a time; the order only matters for a job moving between two within the same transaction.
 */
const STATE_SETS: readonly [string, JobState][] = [
  ['completed', 'completed'],
  ['failed', 'failed'],
  ['delayed', 'delayed'],
  ['prioritized', 'prioritized'],
  ['waiting-children', 'waiting-children'],
];
const STATE_LISTS: readonly [string, JobState][] = [
  ['active', 'active'],
  ['wait', 'waiting'],
  ['paused', 'waiting'],
];

/**
 * Reads submission jobs from Redis for the API. A read takes the job's hash and its state in one
 * MULTI transaction: a job that completes meanwhile is seen either before (not finished) or after
 * (finished, with its return value), never finished without its result, as two round trips
 * (`getJob`, then `getState`) allowed.
 */
@Injectable()
export class SubmissionJobsRepository {
  constructor(
    @InjectQueue(SUBMISSIONS_QUEUE)
    private readonly queue: Queue<SubmissionJobData, SubmissionJobResult>,
  ) {}

  /** The job and its state; null when it is unknown, expired or removed. */
  async read(id: string): Promise<StoredSubmission | null> {
    const client = await this.queue.getBackend().client;
    const tx = client.multi().hgetall(this.queue.toKey(id));
    for (const [key] of STATE_SETS) tx.runCommand('zscore', [this.queue.toKey(key), id]);
    for (const [key] of STATE_LISTS) tx.runCommand('lpos', [this.queue.toKey(key), id]);
    const replies = await tx.exec();
    if (!replies) throw new Error(`reading submission ${id}: the transaction was aborted`);
    for (const [err] of replies) if (err) throw err;
    const [hash, ...marks] = replies.map(([, value]: [unknown, unknown]) => value);
    const state = [...STATE_SETS, ...STATE_LISTS].find((_, i) => marks[i] !== null)?.[1];
    if (!state || !isJobHash(hash)) return null;
    return { job: jobFields(id, hash), state };
  }

  /** Removes a job no worker holds (a locked, running one is left alone); false when it was not removable. */
  async remove(id: string): Promise<boolean> {
    const job = await this.queue.getJob(id);
    if (!job) return false;
    return job.remove().then(
      () => true,
      () => false,
    );
  }
}

function isJobHash(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && 'data' in value;
}

/** The fields of a job's hash the API uses, decoded as BullMQ stores them (JSON, epoch-ms strings). */
function jobFields(id: string, hash: Record<string, string>): SubmissionJobFields {
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
