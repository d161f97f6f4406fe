import { ConflictException, Injectable, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { ContentTooLargeError } from '@judgebox/content-store';
import { AppConfig } from '@judgebox/config';
import { fileNameProblem, PROBLEM_BOUNDS, type ContentRef } from '@judgebox/domain';
import { fieldErrorsException } from '../common/validation-errors';
import { filesBytes, toProblemView, type ProblemView } from './problem-record';
import { ProblemVersions } from './problem-versions';
import { ProblemsRepository } from './problems.repository';
import { casesUsing } from './problems.service';

/** Files of a problem: uploaded as raw bodies, stored by hash, each change a new version. */
@Injectable()
export class ProblemFilesService {
  constructor(
    private readonly repo: ProblemsRepository,
    private readonly versions: ProblemVersions,
    private readonly config: AppConfig,
  ) {}

  /**
   * Streams `body` into the content store and makes a version with it as `name` (added or
   * replaced). `declaredBytes` (Content-Length) lets an oversized upload be refused before it is read.
   */
  async put(
    id: string,
    name: string,
    body: AsyncIterable<Buffer>,
    declaredBytes?: number,
  ): Promise<ProblemView> {
    checkName(name);
    const current = await this.versions.read(id);
    const others = withoutFile(current.files, name);
    const room = this.config.PROBLEM_MAX_BYTES - filesBytes(others);
    if (declaredBytes !== undefined && declaredBytes > room) throw this.tooLarge(room);
    if (!(name in current.files) && Object.keys(current.files).length >= PROBLEM_BOUNDS.files)
      throw new ConflictException(
        `the problem already has ${PROBLEM_BOUNDS.files} files, the most it may have`,
      );
    const staged = await this.repo.stage(body, Math.max(0, room)).catch((err: unknown) => {
      throw err instanceof ContentTooLargeError ? this.tooLarge(err.maxBytes) : err;
    });
    const ref: ContentRef = { sha256: staged.sha256, bytes: staged.bytes };
    const record = await this.versions.change(
      id,
      (latest) => {
        const files = { ...latest.files, [name]: ref };
        if (Object.keys(files).length > PROBLEM_BOUNDS.files)
          throw new ConflictException(
            `the problem already has ${PROBLEM_BOUNDS.files} files, the most it may have`,
          );
        this.versions.checkSize(files);
        return { ...latest, files };
      },
      [staged],
    );
    return toProblemView(record, await this.repo.versions(id));
  }

  /** A new version without the file; refused while a test case names it. */
  async remove(id: string, name: string): Promise<ProblemView> {
    checkName(name);
    const record = await this.versions.change(id, (latest) => {
      if (!(name in latest.files)) throw fileNotFound(id, name, latest.version);
      const users = casesUsing(latest.judge, name);
      if (users.length > 0)
        throw new ConflictException(
          `file ${name} is used by testCases[${users.join('], testCases[')}]; change the test cases first`,
        );
      return { ...latest, files: withoutFile(latest.files, name) };
    });
    return toProblemView(record, await this.repo.versions(id));
  }

  /** The file's bytes, streamed from the store chunk by chunk. */
  async read(
    id: string,
    name: string,
    version?: number,
  ): Promise<{ ref: ContentRef; body: AsyncIterable<Buffer> }> {
    checkName(name);
    const record = await this.versions.read(id, version);
    const ref = record.files[name];
    if (!ref) throw fileNotFound(id, name, record.version);
    return { ref, body: this.repo.readFile(ref) };
  }

  private tooLarge(room: number): PayloadTooLargeException {
    return new PayloadTooLargeException(
      `the file may have at most ${Math.max(0, room)} bytes: the problem's files together are bounded by ` +
        `PROBLEM_MAX_BYTES (${this.config.PROBLEM_MAX_BYTES})`,
    );
  }
}

function withoutFile(files: Record<string, ContentRef>, name: string): Record<string, ContentRef> {
  return Object.fromEntries(Object.entries(files).filter(([n]) => n !== name));
}

function checkName(name: string): void {
  const problem = fileNameProblem(name);
  if (problem) throw fieldErrorsException([{ field: 'name', message: problem }]);
}

const fileNotFound = (id: string, name: string, version: number): NotFoundException =>
  new NotFoundException(`problem ${id} version ${version} has no file ${name}`);
