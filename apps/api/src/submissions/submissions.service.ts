import { BeforeApplicationShutdown, Inject, Injectable, NotFoundException, Optional } from '@nestjs/common';
import type { JobState } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '@judgebox/config';
import { requestLanguages, type SubmissionRequest, type SubmissionView } from '@judgebox/domain';
import { submissionJobOptions, type SubmissionJobData } from '@judgebox/queue';
import { RetryLaterException } from '../common/retry-later.exception';
import { ProblemRequests } from '../problems/problem-requests';
import { LanguageAvailability } from '../queue/language-availability';
import { SubmissionEvents } from '../queue/submission-events';
import type { FollowUpJob, SubmissionJob } from '../queue/submission-job';
import { SubmissionQueue } from '../queue/submission-queue.repository';
import { TenantAdmission, type Admission } from '../tenants/tenant-admission.service';
import { buildRequest } from './build-request';
import type { CreateSubmissionDto } from './create-submission.dto';
import { languageOf } from './submission-rules';
import { toSubmissionView } from './submission-view';

const RETRY_AFTER_SECONDS = 5;
/** A submission without an API key: nothing to carry, nothing to undo. */
const OPEN: Admission = { data: {}, options: {}, release: () => Promise.resolve() };
/** API processes sharing one queue for which the MAX_QUEUED check stays exact (see refuseWhenFull). */
const MAX_API_PROCESSES = 8;

/** What a client sees of a submission, and the request it came with. */
export interface ReadSubmission {
  view: SubmissionView;
  request: SubmissionRequest;
}

const notFound = (id: string): NotFoundException =>
  new NotFoundException(`submission ${id} not found (unknown or expired)`);

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
    private readonly queue: SubmissionQueue,
    private readonly events: SubmissionEvents,
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
    options: SubmitOptions = {},
  ): Promise<SubmissionView> {
    return (await this.submitAndRead(dto, wait, options)).view;
  }

  /**
   * As `submit`, with the request the job carries, from the same read: an adapter rendering both
   * reads the job once.
   */
  async submitAndRead(
    dto: CreateSubmissionDto,
    wait: boolean,
    { live, after }: SubmitOptions = {},
  ): Promise<ReadSubmission> {
    const language = languageOf(dto);
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
      after ? this.queue.addWithFollowUp(id, data, options, after) : this.queue.add(data, options)
    ).catch(async (err: unknown) => {
      await admitted.release();
      throw err;
    });
    if (!wait || this.config.WAIT_TIMEOUT_MS === 0)
      return { view: toSubmissionView(job, 'waiting'), request: job.data.request };
    const found = await this.waitFor(job);
    if (!found) throw notFound(id);
    return found;
  }

  async find(id: string): Promise<SubmissionView> {
    const found = await this.read(id);
    if (!found) throw notFound(id);
    return found.view;
  }

  /** What a client sees of a submission and the request it came with, from one atomic read. */
  async read(id: string): Promise<ReadSubmission | null> {
    const stored = await this.queue.read(id);
    return stored && { view: toSubmissionView(stored.job, stored.state), request: stored.job.data.request };
  }

  /** A job's BullMQ state and failure reason, for a live session watching it. */
  async jobState(id: string): Promise<{ state: JobState | 'unknown'; failedReason: string }> {
    const stored = await this.queue.read(id);
    return { state: stored?.state ?? 'unknown', failedReason: stored?.job.failedReason ?? '' };
  }

  /** Removes a job no worker has taken yet; a running one is locked and left to end by itself. */
  async withdraw(id: string): Promise<void> {
    await this.queue.remove(id);
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
    const counts = await this.queue.count('waiting', 'prioritized', 'delayed');
    const queued = Object.values(counts).reduce((sum, n) => sum + n, 0);
    if (queued >= this.config.MAX_QUEUED)
      throw new RetryLaterException('queue is full, retry later', RETRY_AFTER_SECONDS);
    this.uncountedCredit = Math.floor((this.config.MAX_QUEUED - queued - 1) / MAX_API_PROCESSES);
  }

  /** Releases every `wait=true` request (they answer 202 with the id) before the HTTP server waits for them to end. */
  beforeApplicationShutdown(): void {
    this.stopping = true;
    this.queue.releaseWaiters('the API is shutting down');
  }

  private async waitFor(job: SubmissionJob): Promise<ReadSubmission | null> {
    try {
      if (!this.stopping) await job.waitUntilFinished(this.events.get(), this.config.WAIT_TIMEOUT_MS);
    } catch {
      // Timed out, failed after its retries, or released at shutdown: the job's state tells which.
    }
    return this.read(job.id ?? '');
  }
}
