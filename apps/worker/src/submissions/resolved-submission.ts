import {
  compileLimitsOf,
  findLanguage,
  type LanguageSpec,
  type Limits,
  type SubmissionRequest,
} from '@judgebox/domain';

/** A job payload that can never succeed, whoever runs it (not retried). */
export class InvalidSubmissionError extends Error {}

/**
 * A job's request with what it resolves to, once per job, for every later step (sandbox spec,
 * teaching plan, judged run, verdict): its language, and the compile limits the API carried.
 */
export interface ResolvedSubmission {
  request: SubmissionRequest;
  lang: LanguageSpec;
  compileLimits: Limits;
}

export function resolveSubmission(request: SubmissionRequest): ResolvedSubmission {
  const lang = findLanguage(request.language);
  if (!lang) throw new InvalidSubmissionError(`unknown language ${request.language}`);
  // compileLimitsOf derives them only for a job queued before the API carried them.
  return { request, lang, compileLimits: compileLimitsOf(request, lang) };
}
