import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '@judgebox/config';
import {
  contentKeys,
  discardStaged,
  readContent,
  stageUpload,
  type StagedUpload,
} from '@judgebox/content-store';
import type { ContentRef } from '@judgebox/domain';
import { redisOptionsFromUrl } from '@judgebox/queue';
import type { ProblemSummary, ProblemVersionRecord } from './problem-record';
import { COMMIT_VERSION, DELETE_PROBLEM, PRUNE_PROBLEM, READ_VERSION } from './problem-scripts';

/** Redis layout of problems under a queue prefix (the Lua scripts derive `:v:<n>` and `:versions`). */
export function problemKeys(prefix: string) {
  return {
    /** Sorted set of live problem ids by creation time. */
    index: `${prefix}:problems`,
    /** Sorted set of problem ids by when their pruning is next due (a pin expires). */
    pruneDue: `${prefix}:problems:prune`,
    /** Hash: latest, name, createdAt, updatedAt, deleted; `:versions` (version -> pinned until, ms), `:v:<n>` (JSON). */
    problem: (id: string) => `${prefix}:problem:${id}`,
  };
}

export type CommitOutcome =
  | { kind: 'ok'; version: number }
  | { kind: 'gone' | 'conflict' | 'expired' }
  | { kind: 'missing'; sha256: string }
  | { kind: 'quota'; usedBytes: number };

export type ReadOutcome = { kind: 'ok'; record: ProblemVersionRecord } | { kind: 'gone' | 'no-version' };

interface Scripts {
  commitVersion(...args: string[]): Promise<string[]>;
  readVersion(...args: string[]): Promise<(string | null)[]>;
  deleteProblem(...args: string[]): Promise<number>;
  pruneProblem(...args: string[]): Promise<number>;
}

/** The only holder of the problems' and the content store's Redis keys in the API. */
@Injectable()
export class ProblemsRepository implements OnApplicationShutdown {
  private readonly redis: Redis & Scripts;
  private readonly keys: ReturnType<typeof problemKeys>;
  private readonly content: ReturnType<typeof contentKeys>;

  constructor(private readonly config: AppConfig) {
    // A few retries, then the request fails (500) rather than hanging while Redis is away.
    const redis = new Redis({ ...redisOptionsFromUrl(config.REDIS_URL), maxRetriesPerRequest: 2 });
    redis.on('error', () => undefined); // surfaces as the failing command's error
    redis.defineCommand('commitVersion', { numberOfKeys: 0, lua: COMMIT_VERSION });
    redis.defineCommand('readVersion', { numberOfKeys: 0, lua: READ_VERSION });
    redis.defineCommand('deleteProblem', { numberOfKeys: 0, lua: DELETE_PROBLEM });
    redis.defineCommand('pruneProblem', { numberOfKeys: 0, lua: PRUNE_PROBLEM });
    this.redis = redis as Redis & Scripts;
    this.keys = problemKeys(config.QUEUE_PREFIX);
    this.content = contentKeys(config.QUEUE_PREFIX);
  }

  /**
   * Writes `record` as version `baseVersion + 1` if the current version is still `baseVersion`
   * (0: creates the problem), committing the `staged` uploads under their hashes with it.
   */
  async commit(
    record: ProblemVersionRecord,
    baseVersion: number,
    staged: StagedUpload[] = [],
  ): Promise<CommitOutcome> {
    const reply = await this.redis.commitVersion(
      this.keys.problem(record.id),
      this.content.base,
      this.keys.index,
      record.id,
      String(baseVersion),
      JSON.stringify(record),
      String(Date.now()),
      String(this.config.PROBLEMS_QUOTA_BYTES),
      record.name,
      String(staged.length),
      ...staged.flatMap((s) => [s.uploadId, s.sha256, String(s.bytes), String(s.chunks)]),
      ...record.refs,
    );
    switch (reply[0]) {
      case 'ok':
        return { kind: 'ok', version: Number(reply[1]) };
      case 'missing':
        return { kind: 'missing', sha256: reply[1] };
      case 'quota':
        return { kind: 'quota', usedBytes: Number(reply[1]) };
      default:
        return { kind: reply[0] as 'gone' | 'conflict' | 'expired' };
    }
  }

  /** A version (default: the current one); with `pinUntil` (ms) it is kept at least until then. */
  async read(id: string, version?: number, pinUntil = 0): Promise<ReadOutcome> {
    const reply = await this.redis.readVersion(
      this.keys.problem(id),
      version ? String(version) : '',
      String(pinUntil),
    );
    if (reply[0] !== 'ok' || !reply[2]) return { kind: reply[0] === 'gone' ? 'gone' : 'no-version' };
    return { kind: 'ok', record: JSON.parse(reply[2]) as ProblemVersionRecord };
  }

  /** Versions kept now, ascending. */
  async versions(id: string): Promise<number[]> {
    const members = await this.redis.zrange(`${this.keys.problem(id)}:versions`, '0', '-1');
    return members.map(Number).sort((a, b) => a - b);
  }

  /** Marks the problem deleted and drops what no submission pins; false when there was none. */
  async delete(id: string): Promise<boolean> {
    const deleted = await this.redis.deleteProblem(this.keys.problem(id), this.keys.index, id);
    if (deleted === 1) await this.prune(id);
    return deleted === 1;
  }

  /** Drops the versions no longer kept (see PRUNE_PROBLEM); returns how many. */
  prune(id: string, now = Date.now()): Promise<number> {
    return this.redis.pruneProblem(
      this.keys.problem(id),
      this.content.base,
      this.keys.pruneDue,
      id,
      String(now),
    );
  }

  /** Prunes the problems whose pins have expired since; at most `batch` of them per call. */
  async pruneDue(now = Date.now(), batch = 100): Promise<void> {
    const ids = await this.redis.zrangebyscore(this.keys.pruneDue, '-inf', String(now), 'LIMIT', 0, batch);
    for (const id of ids) await this.prune(id, now);
  }

  async list(offset: number, limit: number): Promise<ProblemSummary[]> {
    const ids = await this.redis.zrange(this.keys.index, String(offset), String(offset + limit - 1));
    if (ids.length === 0) return [];
    const tx = this.redis.multi();
    for (const id of ids) tx.hmget(this.keys.problem(id), 'name', 'latest', 'createdAt', 'updatedAt');
    const replies = (await tx.exec()) ?? [];
    return ids.flatMap((id, i) => {
      const [err, fields] = replies[i] ?? [null, null];
      const [name, latest, createdAt, updatedAt] = (fields as (string | null)[] | null) ?? [];
      if (err || !latest) return []; // deleted between the two reads
      const iso = (ms: string | null | undefined): string => new Date(Number(ms)).toISOString();
      return [
        {
          id,
          name: name ?? '',
          version: Number(latest),
          createdAt: iso(createdAt),
          updatedAt: iso(updatedAt),
        },
      ];
    });
  }

  /** Bytes of all stored files, as counted against PROBLEMS_QUOTA_BYTES. */
  async usedBytes(): Promise<number> {
    return Number((await this.redis.get(this.content.usedBytes)) ?? 0);
  }

  stage(source: AsyncIterable<Buffer>, maxBytes: number): Promise<StagedUpload> {
    return stageUpload(this.redis, this.config.QUEUE_PREFIX, source, maxBytes);
  }

  discard(staged: StagedUpload): Promise<void> {
    return discardStaged(this.redis, this.config.QUEUE_PREFIX, staged);
  }

  readFile(ref: ContentRef): AsyncGenerator<Buffer> {
    return readContent(this.redis, this.config.QUEUE_PREFIX, ref);
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
