import type { SubmissionRequest } from '@judgebox/domain';
import type { CreateSubmissionDto } from './create-submission.dto';

/** The request's output files and unit tests, present only when the body asked for them. */
export function teachingFields(
  dto: CreateSubmissionDto,
): Pick<SubmissionRequest, 'outputFiles' | 'unitTests'> {
  const out: Pick<SubmissionRequest, 'outputFiles' | 'unitTests'> = {};
  if (dto.outputFiles) out.outputFiles = [...dto.outputFiles];
  const t = dto.unitTests;
  if (t) {
    out.unitTests = {
      framework: t.framework,
      files: t.files.map((f) => ({ name: f.name, content: f.content, encoding: f.encoding ?? 'utf8' })),
      weights: { ...(t.weights ?? {}) },
      perTestTimeoutMs: t.perTestTimeoutMs ?? null,
    };
  }
  return out;
}
