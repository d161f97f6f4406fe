import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import request from 'supertest';
import { AppConfig } from '@judgebox/config';
import { redisOptionsFromUrl, removePrefixKeys, SUBMISSIONS_QUEUE } from '@judgebox/queue';
import { ApiModule } from '../../apps/api/src/api.module';
import { API_APP_OPTIONS, configureApp } from '../../apps/api/src/configure-app';
import { testPrefix } from './prefix';
import { TEST_REDIS_URL } from './redis-url';

export { TEST_REDIS_URL };

export interface TestApi {
  app: NestExpressApplication;
  request: ReturnType<typeof request>;
  config: AppConfig;
  prefix: string;
  /** A plain client on the same Redis, for arranging state (heartbeats, versions) and checking it. */
  redis: Redis;
  /** A second producer on the test's queue, for inspecting and arranging jobs. */
  queue: Queue;
  /** Closes everything; removes the prefix's keys when createApi chose the prefix itself. */
  close(): Promise<void>;
}

export interface CreateApiOptions {
  /** Replace providers, e.g. to make a service throw. */
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
}

/** The real API module set up exactly like main.ts, on a fresh test prefix (testPrefix) unless one is given. */
export async function createApi(
  overrides: Partial<AppConfig> = {},
  options: CreateApiOptions = {},
): Promise<TestApi> {
  const ownsPrefix = overrides.QUEUE_PREFIX === undefined;
  const prefix = overrides.QUEUE_PREFIX ?? testPrefix();
  const builder = Test.createTestingModule({
    imports: [
      ApiModule.forRoot({
        REDIS_URL: TEST_REDIS_URL,
        LOG_LEVEL: 'silent',
        ...overrides,
        QUEUE_PREFIX: prefix,
      }),
    ],
  });
  const moduleRef = await (options.override?.(builder) ?? builder).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>(API_APP_OPTIONS);
  const config = app.get(AppConfig);
  configureApp(app, config);
  await app.init();
  const redis = new Redis(config.REDIS_URL);
  const queue = new Queue(SUBMISSIONS_QUEUE, { connection: redisOptionsFromUrl(config.REDIS_URL), prefix });
  // Tests that point at an unreachable Redis would otherwise print every reconnect failure.
  redis.on('error', () => undefined);
  queue.on('error', () => undefined);
  return {
    app,
    request: request(app.getHttpServer()),
    config,
    prefix,
    redis,
    queue,
    async close() {
      await app.close();
      if (ownsPrefix) await removeQueueKeys(queue, redis, prefix);
      await queue.close();
      redis.disconnect();
    },
  };
}

/** Removes every key of a test prefix: the queue's and the `<prefix>:meta:*` ones workers write. */
export async function removeQueueKeys(queue: Queue, redis: Redis, prefix: string): Promise<void> {
  await queue.obliterate({ force: true });
  await removePrefixKeys(redis, prefix);
}
