import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@judgebox/config';
import { createApi, removeQueueKeys, type TestApi } from './api';
import { startWorker } from './worker';
import { testPrefix } from './prefix';

export interface JudgingStackOptions {
  /** Worker settings, on top of startWorker's test defaults (e.g. `SANDBOX_POOL: [{ image: '*', size: 0 }]`). */
  worker?: Partial<AppConfig>;
  /** API settings (the queue prefix is the stack's own). */
  api?: Partial<AppConfig>;
}

export interface JudgingStack {
  api: () => TestApi;
  /** The API's supertest agent: `http().post(...)`. */
  http: () => TestApi['request'];
  worker: () => INestApplication;
  /** The stack's fresh `test-<uuid>` queue prefix. */
  prefix: () => string;
  /** POSTs with wait=true, expects 200 and a finished submission, returns its result. */
  judge: (body: Record<string, unknown>) => Promise<any>;
  /** Closes the worker now (a test of what it leaves behind); afterAll then only closes the API. */
  stopWorker: () => Promise<void>;
}

/**
 * A real worker and API on a fresh queue prefix for a describe block (started in `beforeAll`, closed
 * in `afterAll` with the prefix's keys removed), and `judge` through them. Call it before any
 * `beforeAll` of the block that uses the stack: jest runs hooks in the order they were declared.
 */
export function useJudgingStack(options: JudgingStackOptions = {}): JudgingStack {
  const prefix = testPrefix();
  let api: TestApi | undefined;
  let worker: INestApplication | undefined;

  beforeAll(async () => {
    worker = await startWorker(prefix, options.worker);
    api = await createApi({ ...options.api, QUEUE_PREFIX: prefix });
  });

  afterAll(async () => {
    await worker?.close();
    if (api) await removeQueueKeys(api.queue, api.redis, prefix);
    await api?.close();
  });

  return {
    api: () => api!,
    http: () => api!.request,
    worker: () => worker!,
    prefix: () => prefix,
    stopWorker: async () => {
      const closing = worker;
      worker = undefined;
      await closing?.close();
    },
    judge: async (body) => {
      const res = await api!.request.post('/v1/submissions?wait=true').send(body).expect(200);
      expect(res.body.state).toBe('finished');
      return res.body.result;
    },
  };
}
