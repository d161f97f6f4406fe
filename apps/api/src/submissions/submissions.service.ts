import { InjectFlowProducer, InjectQueue } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Injectable, NotFoundException, Optional } from '@nestjs/common';
import type { FlowProducer, JobsOptions, JobState, Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { AppConfig } from '@judgebox/config';
import {
  findLanguage,
  requestLanguages,
  type SubmissionRequest,
  type SubmissionView,
} from '@judgebox/domain';
import {
  submissionJobOptions,
  SUBMISSIONS_QUEUE,
  type SubmissionJobData,
  type SubmissionJobResult,
} from '@judgebox/queue';
import { RetryLaterException } from '../common/retry-later.exception';
import { ProblemRequests } from '../problems/problem-requests';
import { LanguageAvailability } from '../queue/language-availability';
import { SubmissionEvents } from '../queue/submission-events';
import { SubmissionJobsRepository, type SubmissionJob } from '../queue/submission-jobs.repository';
import { SUBMISSION_FLOWS } from '../queue/submission-flows';
import { TenantAdmission, type Admission } from '../tenants/tenant-admission.service';
import { buildRequest } from './build-request';
import type { CreateSubmissionDto } from './create-submission.dto';
import { toSubmissionView } from './submission-view';

const RETRY_AFTER_SECONDS = 5;
/** A submission without an API key: nothing to carry, nothing to undo. */
const OPEN: Admission = { data: {}, options: {}, release: () => Promise.resolve() };
/** API processes sharing one queue for which the MAX_QUEUED check stays exact (see refuseWhenFull). */
const MAX_API_PROCESSES = 8;

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

export interface SubmitOptions {
  /** Run with live I/O over the job's Redis streams (Piston's socket), under this id. */
  live?: { id: string };
  after?: FollowUpJob;
}

@Injectable()
export class SubmissionsService implements BeforeApplicationShutdown {
  private stopping = false;
  /** Submissions still let in without counting the queue (see refuseWhenFull). */
  private uncountedCredit = 0;

  constructor(
    @InjectQueue(SUBMISSIONS_QUEUE) private readonly queue: Queue<SubmissionJobData, SubmissionJobResult>,
    @InjectFlowProducer(SUBMISSION_FLOWS) private readonly flows: FlowProducer,
    private readonly events: SubmissionEvents,
    private readonly jobs: SubmissionJobsRepository,
    private readonly config: AppConfig,
    private readonly problems: ProblemRequests,
    // Optional only for unit specs that build the service by hand; the API module always has it.
    @Optional() @Inject(TenantAdmission) private readonly admission: TenantAdmission | null = null,
    @Optional()
    @Inject(LanguageAvailability)
    private readonly availability: LanguageAvailability | null = null,
  ) {}

  /**
   * Queues a validated submission; with `wait`, holds on until it finishes or WAIT_TIMEOUT_MS passes.
   * With `live`, the job gets that id and runs with live I/O over its Redis streams (Piston's socket).
   * With `after`, that job is queued with it, to run once it has finished.
   */
  async submit(
    dto: CreateSubmissionDto,
    wait: boolean,
    { live, after }: SubmitOptions = {},
  ): Promise<SubmissionView> {
    const language = findLanguage(dto.language);
    // The DTO has already refused unknown languages; this only narrows the type.
    if (!language) throw new Error(`language ${dto.language} passed validation but is unknown`);
    const built = dto.problemId ? await this.problems.build(dto, language) : buildRequest(dto, language);
    const request = this.admission?.limit(built, dto.limits) ?? built;
    await this.availability?.requireReady(requestLanguages(request));
    await this.refuseWhenFull();
    const id = live?.id ?? randomUUID();
    const admitted = (await this.admission?.admit(id)) ?? OPEN;
    const data: SubmissionJobData = {
      request,
      createdAt: new Date().toISOString(),
      ...(live && { interactive: true }),
      ...admitted.data,
    };
    const options = {
      ...submissionJobOptions(id, this.config.RESULT_TTL_SECONDS, live !== undefined),
      ...admitted.options,
    };
    const job = await (
      after ? this.addWithFollowUp(id, data, options, after) : this.queue.add('submission', data, options)
    ).catch(async (err: unknown) => {
      await admitted.release();
      throw err;
    });
    if (!wait || this.config.WAIT_TIMEOUT_MS === 0) return toSubmissionView(job, 'waiting');
    return this.waitFor(job, id);
  }

  async find(id: string): Promise<SubmissionView> {
    const found = await this.read(id);
    if (!found) throw new NotFoundException(`submission ${id} not found (unknown or expired)`);
    return found.view;
  }

  /** What a client sees of a submission and the request it came with, from one atomic read. */
  async read(id: string): Promise<{ view: SubmissionView; request: SubmissionRequest } | null> {
    const stored = await this.jobs.read(id);
    return stored && { view: toSubmissionView(stored.job, stored.state), request: stored.job.data.request };
  }

  /** A job's BullMQ state and failure reason, for a live session watching it. */
  async jobState(id: string): Promise<{ state: JobState | 'unknown'; failedReason: string }> {
    const stored = await this.jobs.read(id);
    return { state: stored?.state ?? 'unknown', failedReason: stored?.job.failedReason ?? '' };
  }

  /** Removes a job no worker has taken yet; a running one is locked and left to end by itself. */
  async withdraw(id: string): Promise<void> {
    await this.jobs.remove(id);
  }

  /** Both jobs in one transaction: a submission never runs without its follow-up queued. */
  private async addWithFollowUp(
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

  /** One count call; a burst may overshoot MAX_QUEUED by its size, which is fine for backpressure. */
  /**
   * Counting the queue is a Redis round trip and a script per POST, the largest part of an
   * enqueue after HTTP itself. So after a count showing `room` free places, the next
   * room / MAX_API_PROCESSES submissions are let in without counting again: never more than
   * MAX_QUEUED while at most that many API processes share the queue; near the limit (and always
   * with a small MAX_QUEUED) every POST counts.
   */
  private async refuseWhenFull(): Promise<void> {
    if (this.uncountedCredit > 0) {
      this.uncountedCredit--;
      return;
    }
    const counts = await this.queue.getJobCounts('waiting', 'prioritized', 'delayed');
    const queued = Object.values(counts).reduce((sum, n) => sum + n, 0);
    if (queued >= this.config.MAX_QUEUED)
      throw new RetryLaterException('queue is full, retry later', RETRY_AFTER_SECONDS);
    this.uncountedCredit = Math.floor((this.config.MAX_QUEUED - queued - 1) / MAX_API_PROCESSES);
  }

  /**
   * Releases every `wait=true` request (they answer 202 with the id) before the HTTP server waits
   * for them to end. `waitUntilFinished` gives up, clearing its timer, when the job's queue emits
   * 'closing', which `Queue.close()` itself does not emit.
   */
  beforeApplicationShutdown(): void {
    this.stopping = true;
    const queue: EventEmitter = this.queue; // 'closing' is not among Queue's typed events
    queue.emit('closing', 'the API is shutting down');
  }

  private async waitFor(job: SubmissionJob, id: string): Promise<SubmissionView> {
    try {
      if (!this.stopping) await job.waitUntilFinished(this.events.get(), this.config.WAIT_TIMEOUT_MS);
    } catch {
      // Timed out, failed after its retries, or released at shutdown: the job's state tells which.
    }
    return this.find(id);
  }
}
