import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { fieldErrorsException, type FieldError } from '../common/validation-errors';
import { problemNotFound } from './problem-errors';
import {
  toProblemView,
  type ProblemSummary,
  type ProblemVersionRecord,
  type ProblemView,
  type StoredJudge,
} from './problem-record';
import type { ProblemDto } from './problem.dto';
import { ProblemVersions, type VersionContent } from './problem-versions';
import { ProblemsRepository } from './problems.repository';

/** How often pins that expired are looked for, so old versions and deleted problems free their files. */
const PRUNE_INTERVAL_MS = 60_000;

/** Problems and their judging; files are ProblemFilesService's. */
@Injectable()
export class ProblemsService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(ProblemsService.name);
  private janitor: NodeJS.Timeout | undefined;

  constructor(
    private readonly repo: ProblemsRepository,
    private readonly versions: ProblemVersions,
  ) {}

  async create(dto: ProblemDto): Promise<ProblemView> {
    const id = randomUUID();
    const content = fromDto(dto, {});
    checkFileNames(id, content.judge, {});
    return this.view(await this.versions.create(id, content));
  }

  /** A new version with this judging; the files stay as they are. */
  async replace(id: string, dto: ProblemDto): Promise<ProblemView> {
    const record = await this.versions.change(id, (current) => {
      const content = fromDto(dto, current.files);
      checkFileNames(id, content.judge, current.files);
      return content;
    });
    return this.view(record);
  }

  async find(id: string, version?: number): Promise<ProblemView> {
    return this.view(await this.versions.read(id, version));
  }

  async list(offset: number, limit: number): Promise<ProblemSummary[]> {
    return this.repo.list(offset, limit);
  }

  /** Gone at once for clients; versions that queued submissions pin keep their files until judged. */
  async remove(id: string): Promise<void> {
    if (!(await this.repo.delete(id))) throw problemNotFound(id);
  }

  onModuleInit(): void {
    this.janitor = setInterval(() => {
      this.repo.pruneDue().catch((err: unknown) => this.log.warn(`pruning problems: ${String(err)}`));
    }, PRUNE_INTERVAL_MS);
    this.janitor.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.janitor);
  }

  private async view(record: ProblemVersionRecord): Promise<ProblemView> {
    return toProblemView(record, await this.repo.versions(record.id));
  }
}

/** The stored form of a validated body: plain JSON, with only the fields the client gave. */
function fromDto(dto: ProblemDto, files: ProblemVersionRecord['files']): VersionContent {
  const { name, limits, ...judge } = JSON.parse(JSON.stringify(dto)) as Record<string, unknown>;
  return {
    name: typeof name === 'string' ? name : '',
    limits: limits ?? {},
    judge,
    files,
  };
}

/** Every file a test case names must be a file of the version. */
function checkFileNames(id: string, judge: StoredJudge, files: ProblemVersionRecord['files']): void {
  const errors: FieldError[] = [];
  (judge.testCases ?? []).forEach((tc, i) => {
    for (const field of ['stdinFile', 'expectedOutputFile'] as const) {
      const name = tc[field];
      if (name !== undefined && !(name in files))
        errors.push({
          field: `testCases[${i}].${field}`,
          message: `names no file of the problem (upload it first: PUT /v1/problems/${id}/files/${encodeURIComponent(name)})`,
        });
    }
  });
  if (errors.length > 0) throw fieldErrorsException(errors);
}

/** Test cases of `judge` that name the file, by position. */
export function casesUsing(judge: StoredJudge, name: string): number[] {
  return (judge.testCases ?? []).flatMap((tc, i) =>
    tc.stdinFile === name || tc.expectedOutputFile === name ? [i] : [],
  );
}
