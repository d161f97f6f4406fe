import {
  compileLimits,
  LIMIT_NAMES,
  resolveLimits,
  type LanguageSpec,
  type Limits,
  type SubmissionRequest,
} from '@judgebox/domain';
import type { CreateSubmissionDto } from './create-submission.dto';
import type { LimitsDto } from './limits.dto';
import { buildJudge } from './build-judge';
import { teachingFields } from './build-teaching';

/** Turns a validated body into what the worker receives: one canonical shape, every default filled in. */
export function buildRequest(dto: CreateSubmissionDto, language: LanguageSpec): SubmissionRequest {
  const files = dto.files?.map((f) => ({
    name: f.name,
    content: f.content,
    encoding: f.encoding ?? 'utf8',
  })) ?? [{ name: language.sourceFile, content: dto.source ?? '', encoding: 'utf8' as const }];
  return {
    language: language.id,
    files,
    entry: dto.entry ?? files[0].name,
    stdin: dto.stdin ?? '',
    stdinEncoding: dto.stdinEncoding ?? 'utf8',
    args: dto.args ?? [],
    compilerOptions: dto.compilerOptions ?? [],
    judge: buildJudge(dto),
    limits: resolveLimits(requestedLimits(dto.limits), language.limitOverrides),
    compileLimits: compileLimits(language.compileLimitOverrides),
    ...teachingFields(dto),
  };
}

/** Copies only the named limits, so nothing else on the DTO instance reaches the job. */
function requestedLimits(limits: LimitsDto | undefined): Partial<Limits> {
  const out: Partial<Limits> = {};
  for (const name of LIMIT_NAMES) {
    const value = limits?.[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
