import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { mkdtemp, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '@judgebox/config';
import { ContentMissingError, readContent } from '@judgebox/content-store';
import type { ContentRef, SubmissionRequest } from '@judgebox/domain';
import { META_REDIS } from '../redis.provider';
import { InvalidSubmissionError } from '../submissions/submission-runner.service';
import { inlineCaseData, storedCaseData, type CaseData } from './case-data';
import { ContentCache } from './content-cache';

/**
 * The test data of each judged submission: a stored problem's files are read from Redis by hash
 * into this worker's disk cache (CONTENT_CACHE_DIR, bounded by CONTENT_CACHE_MAX_BYTES) and handed
 * to the runner as open files.
 */
@Injectable()
export class ProblemData implements OnModuleInit, OnApplicationShutdown {
  private cache: ContentCache | null = null;
  /** The folder made for this process when CONTENT_CACHE_DIR is empty; removed at shutdown. */
  private ownDir: string | null = null;

  constructor(
    @Inject(META_REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const configured = this.config.CONTENT_CACHE_DIR;
    const dir = configured || (this.ownDir = await mkdtemp(join(tmpdir(), 'judgebox-content-')));
    const prefix = this.config.QUEUE_PREFIX;
    this.cache = new ContentCache(dir, this.config.CONTENT_CACHE_MAX_BYTES, (ref) =>
      readContent(this.redis, prefix, ref),
    );
    await this.cache.init();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.ownDir) await rm(this.ownDir, { recursive: true, force: true });
  }

  /** The case data of `request`; the caller closes it once the run ended. */
  async prepare(request: SubmissionRequest): Promise<CaseData> {
    const refs = new Map<string, ContentRef>();
    for (const tc of request.judge?.testCases ?? [])
      for (const ref of [tc.stdinRef, tc.expectedOutputRef]) if (ref) refs.set(ref.sha256, ref);
    if (refs.size === 0 || !this.cache) return inlineCaseData(request.judge);
    const handles = new Map<string, FileHandle>();
    try {
      for (const [sha, ref] of refs) handles.set(sha, await this.cache.open(ref));
    } catch (err) {
      await Promise.all([...handles.values()].map((h) => h.close()));
      if (!(err instanceof ContentMissingError)) throw err;
      const problem = request.problem
        ? `problem ${request.problem.id} version ${request.problem.version}`
        : 'the problem';
      throw new InvalidSubmissionError(`the files of ${problem} are no longer stored (${err.message})`);
    }
    return storedCaseData(request.judge, handles);
  }
}
