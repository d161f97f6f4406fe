import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { storage, Store } from 'nestjs-pino/storage';
import { AppConfig } from '@judgebox/config';
import { cpuTimeOf, recordCpuUsage, type SubmissionJobData, type SubmissionJobResult } from '@judgebox/queue';
import { WorkerMetrics } from '../metrics/worker-metrics';
import { META_REDIS } from '../redis.provider';

type SubmissionJob = Job<SubmissionJobData, SubmissionJobResult>;

/**
 * What the worker does around each submission besides running it: every log line written while
 * it runs carries the request id it was queued by (and its job id); once finished, its metrics
 * are recorded and its CPU time is added to its API key's counter of the day.
 */
@Injectable()
export class JobObserver {
  private readonly log = new Logger('Submissions');

  constructor(
    private readonly metrics: WorkerMetrics,
    @Inject(META_REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  /** Runs `fn` with the job's ids bound to every log line it writes (pino's request store). */
  inLogContext<T>(job: SubmissionJob, fn: () => Promise<T>): Promise<T> {
    const root = PinoLogger.root as PinoLogger['logger'] | undefined;
    if (!root) return fn();
    const bindings = { requestId: job.data.requestId ?? null, jobId: job.id ?? null };
    return storage.run(new Store(root.child(bindings)), fn);
  }

  /** Metrics, the key's CPU counter and one log line; a Redis failure here costs only the count. */
  async finished(job: SubmissionJob, result: SubmissionJobResult): Promise<void> {
    this.metrics.submissionFinished(result, job.timestamp, job.processedOn ?? Date.now());
    const cpuMs = cpuTimeOf(result);
    if (job.data.tenant) {
      await recordCpuUsage(this.redis, this.config.QUEUE_PREFIX, job.data.tenant, cpuMs).catch((err: Error) =>
        this.log.warn(`could not count ${cpuMs} ms of CPU for key ${job.data.tenant}: ${err.message}`),
      );
    }
    this.log.log(
      `submission ${job.id ?? '?'} finished: ${result.verdict} (${result.language}, ${cpuMs} ms CPU)`,
    );
  }
}
