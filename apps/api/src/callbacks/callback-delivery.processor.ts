import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';

/** Deliveries at once in one API process: each waits on a receiver for up to its timeout. */
export const CALLBACK_CONCURRENCY = 16;

/**
 * What every consumer of callback deliveries shares (Judge0's and the native webhooks'), in every
 * API process. A delivery job becomes runnable once its submission has finished (it is the parent
 * of the submission's job in a BullMQ flow), and whichever API process takes it sends it: BullMQ's
 * lock gives it to one process at a time, a failed try is retried by the job's attempts, and a job
 * left by a process that died is taken up again as stalled (so a crash mid-request may send it
 * twice). Subclasses add `@Processor(queue, { concurrency: CALLBACK_CONCURRENCY, autorun: false })`
 * and `process`.
 */
export abstract class CallbackDeliveryProcessor<T> extends WorkerHost implements OnApplicationBootstrap {
  protected readonly logger: Logger;

  protected constructor(name: string) {
    super();
    this.logger = new Logger(name);
  }

  /**
   * Takes deliveries once Redis answers, not before: BullMQ cannot close a worker whose blocking
   * connection never connected (taskforcesh/bullmq#4656), so the API's shutdown would hang while
   * Redis is away.
   */
  onApplicationBootstrap(): void {
    this.worker
      .waitUntilReady()
      .then(() => (this.worker.closing ? undefined : this.worker.run()))
      .catch((err: unknown) => this.logger.warn(`deliveries stopped: ${String(err)}`));
  }

  /** Every failed try, retried or not. */
  @OnWorkerEvent('failed')
  onFailed(job: Job<T> | undefined, err: Error): void {
    const tries = job ? ` (try ${job.attemptsMade} of ${job.opts.attempts ?? 1})` : '';
    this.logger.warn(`delivery for ${job?.id ?? '?'}: ${err.message}${tries}`);
  }

  /** Without a listener BullMQ prints connection errors to stderr. */
  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logger.warn(`redis: ${err.message}`);
  }
}
