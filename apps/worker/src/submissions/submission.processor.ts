import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '@judgebox/config';
import { SUBMISSION_BOUNDS } from '@judgebox/domain';
import { UnrecoverableError, type Job } from 'bullmq';
import { SUBMISSIONS_QUEUE, type SubmissionJobData, type SubmissionJobResult } from '@judgebox/queue';
import { META_REDIS } from '../redis.provider';
import { InteractiveIo } from './interactive-io';
import { InvalidSubmissionError, SubmissionRunner } from './submission-runner.service';

/**
 * Consumes submissions. Created stopped (`autorun: false`): the worker starts taking jobs only
 * after the start-up checks pass (see WorkerLifecycle).
 */
@Processor(SUBMISSIONS_QUEUE, { autorun: false })
export class SubmissionProcessor extends WorkerHost {
  private readonly log = new Logger(SubmissionProcessor.name);
  private readonly shutdown = new AbortController();
  /** Jobs running now, for the heartbeat. */
  active = 0;

  constructor(
    private readonly runner: SubmissionRunner,
    @Inject(META_REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async process(job: Job<SubmissionJobData, SubmissionJobResult>): Promise<SubmissionJobResult> {
    this.active++;
    const live = job.data.interactive
      ? new InteractiveIo(this.redis, this.config.QUEUE_PREFIX, job.id ?? '', SUBMISSION_BOUNDS.stdinBytes)
      : undefined;
    let failure: string | null = null;
    try {
      return await this.runner.run(job.data.request, this.shutdown.signal, live);
    } catch (err) {
      failure = (err as Error).message;
      if (err instanceof InvalidSubmissionError) throw new UnrecoverableError(err.message);
      throw err;
    } finally {
      this.active--;
      await live?.close(failure);
    }
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, err: Error): void {
    this.log.error(`job ${job?.id ?? '?'} failed (attempt ${job?.attemptsMade ?? '?'}): ${err.message}`);
  }

  /**
   * Stops taking jobs and lets running ones finish; after `graceMs` the rest are killed and fail,
   * so BullMQ hands them to another worker (they have attempts left).
   */
  async drain(graceMs = 5_000): Promise<void> {
    const closing = this.worker.close();
    const grace = setTimeout(() => this.shutdown.abort(), graceMs);
    await closing;
    clearTimeout(grace);
  }
}
