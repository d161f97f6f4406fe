import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { createApi, type TestApi } from './api';
import { startWorker } from './worker';

/** A real worker and API on a fresh queue prefix for a describe block, and `judge` through them. */
export function useJudgingStack(): {
  api: () => TestApi;
  worker: () => INestApplication;
  /** POSTs with wait=true, expects 200 and a finished submission, returns its result. */
  judge: (body: Record<string, unknown>) => Promise<any>;
} {
  let api: TestApi | undefined;
  let worker: INestApplication | undefined;

  beforeAll(async () => {
    const prefix = `test-${randomUUID()}`;
    worker = await startWorker(prefix);
    api = await createApi({ QUEUE_PREFIX: prefix });
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
  });

  return {
    api: () => api!,
    worker: () => worker!,
    judge: async (body) => {
      const res = await api!.request.post('/v1/submissions?wait=true').send(body).expect(200);
      expect(res.body.state).toBe('finished');
      return res.body.result;
    },
  };
}
