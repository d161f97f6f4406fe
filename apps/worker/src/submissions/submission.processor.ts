import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '@judgebox/config';
import { SUBMISSION_BOUNDS } from '@judgebox/domain';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import {
  ENGINE_RETRY,
  IMAGE_RETRY,
  SUBMISSION_LOCK,
  SUBMISSIONS_QUEUE,
  type SubmissionJobData,
  type SubmissionJobResult,
} from '@judgebox/queue';
import { EngineWatch } from '../engine/engine-watch.service';
import { ProblemData } from '../problems/problem-data.service';
import { ImageWatch } from '../sandbox/image-watch.service';
import { META_REDIS } from '../redis.provider';
import type { CaseData } from '../problems/case-data';
import { InteractiveIo } from './interactive-io';
import { ProgressPublisher } from './progress-publisher';
import { JobObserver } from './job-observer';
import { InvalidSubmissionError, SandboxLostError, SubmissionRunner } from './submission-runner.service';

/**
 * Consumes submissions. Created stopped (`autorun: false`): the worker starts taking jobs only
 * after the start-up checks pass (see WorkerLifecycle). A job the Docker engine failed (it went
 * away under it) is put back for later, never answered with a verdict.
 */
@Processor(SUBMISSIONS_QUEUE, { autorun: false, ...SUBMISSION_LOCK })
export class SubmissionProcessor extends WorkerHost {
  private readonly log = new Logger(SubmissionProcessor.name);
  private readonly shutdown = new AbortController();
  /** Jobs running now, for the heartbeat. */
  active = 0;

  constructor(
    private readonly runner: SubmissionRunner,
    @Inject(META_REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
    private readonly engine: EngineWatch,
    private readonly observer: JobObserver,
    private readonly problemData: ProblemData,
    private readonly images: ImageWatch,
  ) {
    super();
  }

  process(job: Job<SubmissionJobData, SubmissionJobResult>, token?: string): Promise<SubmissionJobResult> {
    return this.observer.inLogContext(job, async () => {
      const result = await this.run(job, token);
      await this.observer.finished(job, result);
      return result;
    });
  }

  private async run(
    job: Job<SubmissionJobData, SubmissionJobResult>,
    token?: string,
  ): Promise<SubmissionJobResult> {
    this.active++;
    const outagesAtStart = this.engine.outageCount;
    const live = job.data.interactive
      ? new InteractiveIo(this.redis, this.config.QUEUE_PREFIX, job.id ?? '', SUBMISSION_BOUNDS.stdinBytes)
      : undefined;
    const progress = new ProgressPublisher(this.redis, this.config.QUEUE_PREFIX, job.id ?? '', live);
    let failure: string | null = null;
    const { request } = job.data;
    let cases: CaseData | undefined;
    try {
      if (!live && (await this.putBackForImage(job, token))) throw new DelayedError();
      cases = await this.problemData.prepare(request);
      const result = await this.runner.run(request, this.shutdown.signal, live, cases, (event) =>
        progress.publish(event),
      );
      // Facts measured while the engine stopped (a cgroup gone, a stream cut) are not the program's.
      if (!live && this.engine.outageCount !== outagesAtStart)
        throw new SandboxLostError('the Docker engine went away during the run');
      return request.problem ? { ...result, problem: request.problem } : result;
    } catch (err) {
      if (err instanceof DelayedError) throw err;
      failure = (err as Error).message;
      if (err instanceof InvalidSubmissionError) throw new UnrecoverableError(err.message);
      if (!live && (await this.putBackForEngine(job, token, outagesAtStart, failure)))
        throw new DelayedError();
      throw err;
    } finally {
      this.active--;
      await cases?.close();
      await progress.close();
      await live?.close(failure);
    }
  }

  /** When the engine went away under the job: back to the queue for later, spending no attempt. */
  private async putBackForEngine(
    job: Job,
    token: string | undefined,
    outagesAtStart: number,
    why: string,
  ): Promise<boolean> {
    if (job.attemptsStarted >= ENGINE_RETRY.maxStarts || !(await this.engine.wentAwaySince(outagesAtStart)))
      return false;
    await job.moveToDelayed(Date.now() + ENGINE_RETRY.delayMs, token);
    this.log.warn(`job ${job.id ?? '?'} put back: the Docker engine went away under it (${why})`);
    return true;
  }

  /**
   * When an image the job needs is not on this engine (yet): back to the queue for later, spending
   * no attempt, up to IMAGE_RETRY; then the job runs and fails as any infrastructure fault would.
   */
  private async putBackForImage(job: Job<SubmissionJobData>, token: string | undefined): Promise<boolean> {
    const missing = await this.images.missingFor(job.data.request);
    if (missing.length === 0 || job.attemptsStarted >= IMAGE_RETRY.maxStarts) return false;
    await job.moveToDelayed(Date.now() + IMAGE_RETRY.delayMs, token);
    this.log.warn(
      `job ${job.id ?? '?'} put back: sandbox image ${missing.join(', ')} not on this engine yet`,
    );
    return true;
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, err: Error): void {
    // Outside the job's log context (a worker event): the request id goes in the text.
    const requestId = (job?.data as Partial<SubmissionJobData> | undefined)?.requestId ?? '-';
    this.log.error(
      `job ${job?.id ?? '?'} (request ${requestId}) failed (attempt ${job?.attemptsMade ?? '?'}): ${err.message}`,
    );
  }

  /**
   * Stops taking jobs and lets running ones finish (their own limits end them); after `graceMs`
   * the rest are killed and fail, so BullMQ hands them to another worker (they have attempts left).
   */
  async drain(graceMs: number): Promise<void> {
    const closing = this.worker.close();
    const grace = setTimeout(() => this.shutdown.abort(), graceMs);
    await closing;
    clearTimeout(grace);
  }
}
