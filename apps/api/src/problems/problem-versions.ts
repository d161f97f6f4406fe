import { ConflictException, Injectable, Logger, PayloadTooLargeException } from '@nestjs/common';
import type { StagedUpload } from '@judgebox/content-store';
import { AppConfig } from '@judgebox/config';
import {
  changedConcurrently,
  InsufficientStorageException,
  problemNotFound,
  versionNotKept,
} from './problem-errors';
import { filesBytes, type ProblemVersionRecord } from './problem-record';
import { ProblemsRepository } from './problems.repository';

/** What a change sets in the next version; id, version, time and refs are filled in here. */
export type VersionContent = Pick<ProblemVersionRecord, 'name' | 'limits' | 'judge' | 'files'>;

/**
 * Tries of a change that keeps finding the problem changed by another request. Each round of
 * concurrent changes lets at least one through, so this many writers at once on one problem all
 * succeed; a random pause between tries keeps them from colliding in step.
 */
const COMMIT_TRIES = 20;
const RETRY_PAUSE_MS = 10;

/** Reads versions and turns changes into new versions, retrying when another writer got first. */
@Injectable()
export class ProblemVersions {
  private readonly log = new Logger(ProblemVersions.name);

  constructor(
    private readonly repo: ProblemsRepository,
    private readonly config: AppConfig,
  ) {}

  async read(id: string, version?: number, pinUntil = 0): Promise<ProblemVersionRecord> {
    const outcome = await this.repo.read(id, version, pinUntil);
    if (outcome.kind === 'ok') return outcome.record;
    throw outcome.kind === 'gone' ? problemNotFound(id) : versionNotKept(id, version ?? 0);
  }

  /** Version 1 of a new problem, with the `staged` uploads its files name. */
  async create(
    id: string,
    content: VersionContent,
    staged: StagedUpload[] = [],
  ): Promise<ProblemVersionRecord> {
    return this.commit(id, () => ({ version: 0, content }), staged);
  }

  /**
   * Makes `change(current)` the next version, with the `staged` uploads it names (discarded when
   * the change fails); `change` may throw to refuse.
   */
  async change(
    id: string,
    change: (current: ProblemVersionRecord) => VersionContent,
    staged: StagedUpload[] = [],
  ): Promise<ProblemVersionRecord> {
    return this.commit(
      id,
      async () => {
        const current = await this.read(id);
        return { version: current.version, content: change(current) };
      },
      staged,
    );
  }

  private async commit(
    id: string,
    next: () =>
      Promise<{ version: number; content: VersionContent }> | { version: number; content: VersionContent },
    staged: StagedUpload[],
  ): Promise<ProblemVersionRecord> {
    let committed = false;
    try {
      for (let attempt = 0; attempt < COMMIT_TRIES; attempt++) {
        const { version, content } = await next();
        const record = this.record(id, version + 1, content);
        const outcome = await this.repo.commit(record, version, staged);
        switch (outcome.kind) {
          case 'ok':
            committed = true;
            await this.prune(id);
            return record;
          case 'conflict':
          case 'missing':
            await new Promise((resolve) =>
              setTimeout(resolve, Math.random() * RETRY_PAUSE_MS * (attempt + 1)),
            );
            continue;
          case 'gone':
            throw problemNotFound(id);
          case 'quota':
            throw new InsufficientStorageException(
              `problem files would exceed PROBLEMS_QUOTA_BYTES (${this.config.PROBLEMS_QUOTA_BYTES} bytes; ` +
                `${outcome.usedBytes} used, the upload has ${staged.reduce((n, s) => n + s.bytes, 0)})`,
            );
          case 'expired':
            throw new ConflictException('the upload took too long and expired; upload it again');
        }
      }
      throw changedConcurrently(id);
    } finally {
      if (!committed) await Promise.all(staged.map((s) => this.repo.discard(s)));
    }
  }

  /** Refuses a version whose files are over PROBLEM_MAX_BYTES. */
  checkSize(files: ProblemVersionRecord['files']): void {
    const bytes = filesBytes(files);
    if (bytes > this.config.PROBLEM_MAX_BYTES)
      throw new PayloadTooLargeException(
        `the problem's files would hold ${bytes} bytes, over PROBLEM_MAX_BYTES (${this.config.PROBLEM_MAX_BYTES})`,
      );
  }

  /** Pruning only frees space: a failure here must not fail the change that was committed. */
  async prune(id: string): Promise<void> {
    await this.repo.prune(id).catch((err: unknown) => this.log.warn(`pruning problem ${id}: ${String(err)}`));
  }

  private record(id: string, version: number, content: VersionContent): ProblemVersionRecord {
    const refs = [...new Set(Object.values(content.files).map((f) => f.sha256))];
    // Only the content's own fields: a change may hand back the whole current record.
    const { name, limits, judge, files } = content;
    return { id, version, createdAt: new Date().toISOString(), name, limits, judge, files, refs };
  }
}
