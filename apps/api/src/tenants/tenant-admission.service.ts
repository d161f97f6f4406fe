import { BadRequestException, Injectable } from '@nestjs/common';
import { capLimits, PRIORITY_CLASSES, type Limits, type SubmissionRequest } from '@judgebox/domain';
import { secondsToUtcMidnight } from '@judgebox/queue';
import { ApiMetrics } from '../metrics/api-metrics';
import { currentRequest } from './request-context';
import { TenantsRepository } from './tenants.repository';
import { TooManyRequestsException } from './too-many-requests.exception';

/** What a submission admitted for its key carries into its job, and how to undo the admission. */
export interface Admission {
  data: { tenant?: string; requestId?: string };
  options: { priority?: number };
  /** Frees the submission's place when its job could not be queued after all. */
  release(): Promise<void>;
}

/**
 * A key's limits on submissions, applied by SubmissionsService to every submission whatever route
 * it came by (native, Judge0, Piston HTTP or socket): the key's caps on client limits, its CPU
 * seconds of the day, its unfinished submissions, its priority. Requests without a key (open
 * mode, JUDGE0_AUTH_TOKENS) pass unchanged. A refusal touches nothing accepted earlier.
 */
@Injectable()
export class TenantAdmission {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly metrics: ApiMetrics,
  ) {}

  /** The request's limits under its key's caps; 400 naming the field the client set above one. */
  limit(request: SubmissionRequest, explicit: Partial<Limits> | undefined): SubmissionRequest {
    const caps = currentRequest()?.tenant?.quota.limits;
    if (!caps || Object.keys(caps).length === 0) return request;
    const { limits, problems } = capLimits(request.limits, explicit ?? {}, caps);
    if (problems.length > 0) throw new BadRequestException(problems);
    return { ...request, limits };
  }

  /** Admits submission `id` for the current key, or answers 429 with Retry-After. */
  async admit(id: string): Promise<Admission> {
    const ctx = currentRequest();
    const key = ctx?.tenant;
    const requestId = ctx?.requestId;
    if (!ctx || !key) return { data: { requestId }, options: {}, release: () => Promise.resolve() };
    const usedMs = await this.tenants.cpuMsToday(key.id);
    if (usedMs >= key.quota.cpuSecondsPerDay * 1000) {
      this.metrics.keySubmission(key.name, 'throttled_cpu');
      ctx.setHeader('Retry-After', String(secondsToUtcMidnight()));
      throw new TooManyRequestsException(
        `key ${key.name} used its ${key.quota.cpuSecondsPerDay} CPU-seconds of today (UTC)`,
      );
    }
    const slot = await this.tenants.acquireInFlight(key.id, id, key.quota.concurrency);
    if (!slot.admitted) {
      this.metrics.keySubmission(key.name, 'throttled_concurrency');
      ctx.setHeader('Retry-After', '1');
      throw new TooManyRequestsException(
        `key ${key.name} has ${slot.inFlight} unfinished submissions, its limit; retry when one finished`,
      );
    }
    this.metrics.keySubmission(key.name, 'accepted');
    return {
      data: { tenant: key.id, requestId },
      options: { priority: PRIORITY_CLASSES[key.quota.priority] },
      release: () => this.tenants.releaseInFlight(key.id, id),
    };
  }
}
