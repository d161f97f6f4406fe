import { InjectFlowProducer, InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { FlowProducer, JobsOptions, JobState, Queue, RedisClient } from 'bullmq';
import type { EventEmitter } from 'node:events';
import { SUBMISSIONS_QUEUE, type SubmissionJobData, type SubmissionJobResult } from '@judgebox/queue';
import {
  isJobHash,
  jobFields,
  STATE_LISTS,
  STATE_SETS,
  type FollowUpJob,
  type StoredSubmission,
  type SubmissionJob,
} from './submission-job';
import { SUBMISSION_FLOWS } from './submission-flows';

/**
 * The API's only holder of the submissions queue (and of the flow producer that queues a
 * submission with its follow-up): services ask it, so they can be tested with a fake and no two
 * of them reach BullMQ each in its own way.
 */
@Injectable()
export class SubmissionQueue implements OnModuleInit {
  private readonly logger = new Logger('SubmissionsQueue');

  constructor(
    @InjectQueue(SUBMISSIONS_QUEUE)
    private readonly queue: Queue<SubmissionJobData, SubmissionJobResult>,
    @InjectFlowProducer(SUBMISSION_FLOWS) private readonly flows: FlowProducer,
  ) {}

  /** Without a listener BullMQ prints connection errors to stderr; this sends them to the log instead. */
  onModuleInit(): void {
    const warn = (err: Error): void => this.logger.warn(`redis: ${err.message}`);
    this.queue.on('error', warn);
    this.flows.on('error', warn);
  }

  add(data: SubmissionJobData, options: JobsOptions): Promise<SubmissionJob> {
    return this.queue.add('submission', data, options);
  }

  /** Both jobs in one transaction: a submission never runs without its follow-up queued. */
  async addWithFollowUp(
    id: string,
    data: SubmissionJobData,
    options: JobsOptions,
    after: FollowUpJob,
  ): Promise<SubmissionJob> {
    await this.flows.add({
      ...after,
      opts: { ...after.opts, jobId: id },
      // A submission that failed for good is a result too (Internal Error): its follow-up runs.
      children: [
        {
          name: 'submission',
          queueName: SUBMISSIONS_QUEUE,
          data,
          opts: { ...options, ignoreDependencyOnFailure: true },
        },
      ],
    });
    // Read back through the queue: a job the FlowProducer returns listens to the producer, not to
    // the queue, for the 'closing' that releases `wait=true` requests at shutdown.
    const job = await this.queue.getJob(id);
    if (!job) throw new Error(`submission ${id} vanished right after it was queued`);
    return job;
  }

  /**
   * The job and its state; null when it is unknown, expired or removed. The job's hash and its
   * state are read in one MULTI transaction: a job that completes meanwhile is seen either before
   * (not finished) or after (finished, with its return value), never finished without its result,
   * as two round trips (`getJob`, then `getState`) allowed.
   */
  async read(id: string): Promise<StoredSubmission | null> {
    const client = await this.redis();
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

  /** Jobs per state (0 for a state holding none), e.g. for backpressure and metrics. */
  async count<S extends JobState>(...states: S[]): Promise<Record<S, number>> {
    const counts = await this.queue.getJobCounts(...states);
    return Object.fromEntries(states.map((s) => [s, counts[s] ?? 0])) as Record<S, number>;
  }

  /**
   * Releases every `waitUntilFinished` on this queue's jobs: they give up, clearing their timers,
   * when the queue emits 'closing', which `Queue.close()` itself does not emit.
   */
  releaseWaiters(reason: string): void {
    const queue: EventEmitter = this.queue; // 'closing' is not among Queue's typed events
    queue.emit('closing', reason);
  }

  /**
   * The queue's own Redis connection, for small records kept next to a submission (the Judge0
   * adapter's meta): no other connection is opened, and it fails fast while Redis is away.
   */
  redis(): Promise<RedisClient> {
    return this.queue.getBackend().client;
  }
}
