import type { JobState } from 'bullmq';
import { SubmissionState, Verdict, type SubmissionResult, type SubmissionView } from '@judgebox/domain';
import type { SubmissionJobFields } from '../queue/submission-job';

/** What a client sees of a job in the given state. */
export function toSubmissionView(job: SubmissionJobFields, state: JobState): SubmissionView {
  const { request, createdAt } = job.data;
  const base = { id: job.id ?? '', language: request.language, createdAt };
  switch (state) {
    case 'waiting':
    case 'delayed':
    case 'prioritized':
    case 'waiting-children':
      return { ...base, state: SubmissionState.Queued, result: null };
    case 'active':
      return { ...base, state: SubmissionState.Running, result: null };
    case 'completed':
      return { ...base, state: SubmissionState.Finished, result: job.returnvalue };
    case 'failed':
      return { ...base, state: SubmissionState.Finished, result: failedResult(job) };
  }
}

/** A job fails only on an infrastructure fault, after its retries; the client sees it as a verdict. */
function failedResult(job: SubmissionJobFields): SubmissionResult {
  const { request, createdAt } = job.data;
  const at = (ms: number | undefined, fallback: string): string =>
    ms ? new Date(ms).toISOString() : fallback;
  const finishedAt = at(job.finishedOn, new Date().toISOString());
  return {
    verdict: Verdict.InternalError,
    message: job.failedReason || 'the sandbox failed',
    compile: null,
    run: null,
    testCases: null,
    limits: request.limits,
    language: request.language,
    version: null,
    ...(request.problem && { problem: request.problem }),
    startedAt: at(job.processedOn, createdAt),
    finishedAt,
  };
}
