import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@judgebox/config';
import { checkRedisDurability, RedisEvictionError } from '@judgebox/queue';
import { MetaRepository } from './meta.repository';

/**
 * At start, refuses a Redis that may evict BullMQ's keys (unless REDIS_ALLOW_EVICTION). A Redis
 * that does not answer yet is not a reason to refuse: the API starts and reports it unready.
 */
@Injectable()
export class RedisCheck implements OnApplicationBootstrap {
  private readonly log = new Logger('Redis');

  constructor(
    private readonly meta: MetaRepository,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await checkRedisDurability(this.meta, this.config.REDIS_ALLOW_EVICTION, this.log);
    } catch (err) {
      if (err instanceof RedisEvictionError) throw err;
      this.log.warn(`could not check Redis's eviction policy at start: ${(err as Error).message}`);
    }
  }
}
