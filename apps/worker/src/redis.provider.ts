import type { Provider } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '@judgebox/config';
import { redisOptionsFromUrl } from '@judgebox/queue';

export const META_REDIS = Symbol('MetaRedis');

/** A plain Redis connection for worker metadata (versions, heartbeats), apart from BullMQ's. */
export const metaRedisProvider: Provider = {
  provide: META_REDIS,
  inject: [AppConfig],
  useFactory: (config: AppConfig) =>
    new Redis({ ...redisOptionsFromUrl(config.REDIS_URL), lazyConnect: false }),
};
