import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '@judgebox/config';
import { createApi, removeQueueKeys, type TestApi } from './api';
import { startWorker } from './worker';
import { testPrefix } from './prefix';

export interface PistonStack {
  api: TestApi;
  worker: INestApplication | null;
  /** ws://…/api/v2/connect of the listening API. */
  wsUrl: string;
  close(): Promise<void>;
}

/** A real worker (unless `withWorker` is false) and a listening API on a fresh prefix. */
export async function startPistonStack(
  overrides: Partial<AppConfig> = {},
  withWorker = true,
): Promise<PistonStack> {
  const prefix = testPrefix();
  const worker = withWorker ? await startWorker(prefix) : null;
  const api = await createApi({ ...overrides, QUEUE_PREFIX: prefix });
  // The WebSocket needs a listening server; supertest reuses its address.
  await api.app.listen(0, '127.0.0.1');
  const { port } = api.app.getHttpServer().address() as AddressInfo;
  return {
    api,
    worker,
    wsUrl: `ws://127.0.0.1:${port}/api/v2/connect`,
    async close() {
      await worker?.close();
      await removeQueueKeys(api.queue, api.redis, prefix);
      await api.close();
    },
  };
}
