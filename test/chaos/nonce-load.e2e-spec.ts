import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { closedLoad, tally } from '../../chaos/client';
import { createApi, removeQueueKeys, type TestApi } from '../support/api';
import { startWorker } from '../support/worker';
import { testPrefix } from '../support/prefix';

/** `npm run chaos` (a), reduced: every submission's own nonce comes back, once, and nothing else. */
describe('chaos (a): submissions under load, polled every 100 ms', () => {
  const prefix = testPrefix();
  let worker: INestApplication;
  let api: TestApi;
  let url: string;

  beforeAll(async () => {
    worker = await startWorker(prefix, {
      SANDBOX_POOL: [
        { image: 'python', size: 2 },
        { image: '*', size: 0 },
      ],
    });
    api = await createApi({ QUEUE_PREFIX: prefix });
    await api.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await worker.close();
    await removeQueueKeys(api.queue, api.redis, prefix);
    await api.close();
  });

  it('loses, duplicates or mixes up none, and never shows finished without a result', async () => {
    // Hundreds at concurrency 16, each polled every 100 ms: a finished one without its result would show.
    const seen = await closedLoad(url, 300, 16, 150_000);
    expect(tally(seen)).toEqual({
      n: 300,
      ok: 300,
      wrong: 0,
      lost: 0,
      finishedWithoutResult: 0,
      timedOut: 0,
      duplicated: 0,
    });
  }, 240_000);
});
