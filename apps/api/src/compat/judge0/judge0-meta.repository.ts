import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '@judgebox/config';
import { redisOptionsFromUrl } from '@judgebox/queue';
import type { Judge0Meta } from './judge0-request';

/**
 * The Judge0 facts of a submission that the native job does not carry (limits as the client gave
 * them, callback URL, redirect_stderr_to_stdout), under `<prefix>:judge0:<token>` for as long as results are kept.
 */
@Injectable()
export class Judge0MetaRepository implements OnApplicationShutdown {
  private readonly redis: Redis;

  constructor(private readonly config: AppConfig) {
    // Connects on first use, so an API whose Judge0 routes are never called opens no connection for them.
    this.redis = new Redis({
      ...redisOptionsFromUrl(config.REDIS_URL),
      maxRetriesPerRequest: 2,
      lazyConnect: true,
    });
    this.redis.on('error', () => undefined); // the commands below fail and say so
  }

  async save(token: string, meta: Judge0Meta): Promise<void> {
    await this.redis.set(this.key(token), JSON.stringify(meta), 'EX', this.config.RESULT_TTL_SECONDS + 60);
  }

  async find(token: string): Promise<Judge0Meta | null> {
    const value = await this.redis.get(this.key(token));
    return value === null ? null : (JSON.parse(value) as Judge0Meta);
  }

  async findMany(tokens: readonly string[]): Promise<(Judge0Meta | null)[]> {
    if (tokens.length === 0) return [];
    const values = await this.redis.mget(tokens.map((t) => this.key(t)));
    return values.map((v) => (v === null ? null : (JSON.parse(v) as Judge0Meta)));
  }

  async remove(token: string): Promise<void> {
    await this.redis.del(this.key(token));
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  private key(token: string): string {
    return `${this.config.QUEUE_PREFIX}:judge0:${token}`;
  }
}
