import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { JUDGE0_CALLBACKS_QUEUE, type Judge0CallbackJobData } from './judge0-callback-job';
import { Judge0CallbacksService } from './judge0-callbacks.service';
import { Judge0SubmissionsService } from './judge0-submissions.service';

/** Deliveries at once in one API process: each waits on a receiver for up to callbackTimeoutMs. */
const CONCURRENCY = 16;

/**
 * Delivers Judge0 callbacks in every API process. A delivery job becomes runnable once its
 * submission has finished, and whichever API process takes it sends the PUT: BullMQ's lock gives
 * it to one process at a time, a failed try is retried by the job's attempts, and a job left by a
 * process that died is taken up again as stalled (so a crash mid-PUT may send it twice).
 */
@Processor(JUDGE0_CALLBACKS_QUEUE, { concurrency: CONCURRENCY, autorun: false })
export class Judge0CallbacksProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger('Judge0Callbacks');

  constructor(
    private readonly submissions: Judge0SubmissionsService,
    private readonly callbacks: Judge0CallbacksService,
  ) {
    super();
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
      .catch((err: unknown) => this.logger.warn(`callback deliveries stopped: ${String(err)}`));
  }

  async process(job: Job<Judge0CallbackJobData>): Promise<void> {
    const token = job.id ?? '';
    const body = await this.submissions.renderCallback(token, job.data.meta);
    if (!body) throw new UnrecoverableError(`submission ${token} is gone`);
    const status = await this.callbacks.put(job.data.url, JSON.stringify(body));
    if (status >= 400) throw new Error(`${job.data.url} answered ${status}`);
  }

  /** Every failed try, retried or not. */
  @OnWorkerEvent('failed')
  onFailed(job: Job<Judge0CallbackJobData> | undefined, err: Error): void {
    const tries = job ? ` (try ${job.attemptsMade} of ${job.opts.attempts ?? 1})` : '';
    this.logger.warn(`callback for ${job?.id ?? '?'}: ${err.message}${tries}`);
  }

  /** Without a listener BullMQ prints connection errors to stderr. */
  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logger.warn(`redis: ${err.message}`);
  }
}
