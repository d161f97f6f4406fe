import { Injectable } from '@nestjs/common';
import type { RedisClient } from 'bullmq';
import { AppConfig } from '@judgebox/config';
import { SubmissionQueue } from '../../queue/submission-queue.repository';
import type { Judge0Meta } from './judge0-request';

/**
 * The Judge0 facts of a submission that the native job does not carry (limits as the client gave
 * them, callback URL, redirect_stderr_to_stdout), under `<prefix>:judge0:<token>` for as long as results are kept.
 * They go through the submissions queue's own Redis client, so the adapter opens no connection of
 * its own; that client fails fast while Redis is away, as the queue does (QueueModule).
 */
@Injectable()
export class Judge0MetaRepository {
  constructor(
    private readonly queue: SubmissionQueue,
    private readonly config: AppConfig,
  ) {}

  async save(token: string, meta: Judge0Meta): Promise<void> {
    const redis = await this.redis();
    await redis.set(this.key(token), JSON.stringify(meta), { EX: this.config.RESULT_TTL_SECONDS + 60 });
  }

  async find(token: string): Promise<Judge0Meta | null> {
    const value = await (await this.redis()).get(this.key(token));
    return value === null ? null : (JSON.parse(value) as Judge0Meta);
  }

  async findMany(tokens: readonly string[]): Promise<(Judge0Meta | null)[]> {
    const redis = await this.redis();
    // The queue's client has no MGET; the GETs go out together on its one connection.
    const values = await Promise.all(tokens.map((t) => redis.get(this.key(t))));
    return values.map((v) => (v === null ? null : (JSON.parse(v) as Judge0Meta)));
  }

  async remove(token: string): Promise<void> {
    await (await this.redis()).del(this.key(token));
  }

  private redis(): Promise<RedisClient> {
    return this.queue.redis();
  }

  private key(token: string): string {
    return `${this.config.QUEUE_PREFIX}:judge0:${token}`;
  }
}
