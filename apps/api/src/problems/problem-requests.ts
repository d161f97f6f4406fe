import { ConflictException, Injectable } from '@nestjs/common';
import { AppConfig } from '@judgebox/config';
import type { LanguageSpec, SubmissionRequest, TestCase } from '@judgebox/domain';
import { buildRequest } from '../submissions/build-request';
import { CreateSubmissionDto } from '../submissions/create-submission.dto';
import type { ProblemVersionRecord, StoredTestCase } from './problem-record';
import { ProblemVersions } from './problem-versions';

/**
 * Turns a submission naming `problemId` into the request a worker receives: the problem's
 * judging and limits, as if the submission had carried them (through the same buildRequest),
 * with each file-backed stdin and expected output as a reference into the content store.
 */
@Injectable()
export class ProblemRequests {
  constructor(
    private readonly versions: ProblemVersions,
    private readonly config: AppConfig,
  ) {}

  async build(dto: CreateSubmissionDto, language: LanguageSpec): Promise<SubmissionRequest> {
    const id = dto.problemId ?? '';
    // Pinned for as long as the submission's result is kept: a change or a delete meanwhile
    // leaves this version and its files readable for the worker judging it.
    const pinUntil = Date.now() + this.config.RESULT_TTL_SECONDS * 1_000;
    const record = await this.versions.read(id, dto.problemVersion, pinUntil);
    const cases = record.judge.testCases ?? [];
    if (cases.length === 0)
      throw new ConflictException(`problem ${id} version ${record.version} has no test cases to judge with`);
    const merged = Object.assign(new CreateSubmissionDto(), dto, record.judge, {
      testCases: cases.map(inlinePart),
      limits: record.limits,
    });
    const request = buildRequest(merged, language);
    const judge = request.judge && {
      ...request.judge,
      testCases: request.judge.testCases.map((tc, i) => withRefs(tc, cases[i], record)),
    };
    return { ...request, judge, problem: { id, version: record.version } };
  }
}

/** What buildRequest reads of a case: everything but the names of files. */
function inlinePart(stored: StoredTestCase): StoredTestCase {
  const inline = { ...stored };
  delete inline.stdinFile;
  delete inline.expectedOutputFile;
  return inline;
}

function withRefs(tc: TestCase, stored: StoredTestCase, record: ProblemVersionRecord): TestCase {
  const ref = (name: string) => {
    const found = record.files[name];
    // Commits refuse test cases naming absent files, and removing a named file is refused.
    if (!found) throw new Error(`problem ${record.id} v${record.version}: file ${name} is missing`);
    return found;
  };
  return {
    ...tc,
    ...(stored.stdinFile !== undefined && { stdinRef: ref(stored.stdinFile) }),
    ...(stored.expectedOutputFile !== undefined && { expectedOutputRef: ref(stored.expectedOutputFile) }),
  };
}
