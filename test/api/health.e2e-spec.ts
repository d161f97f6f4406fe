import {
  publishHeartbeat,
  withdrawHeartbeat,
  workerHeartbeatKey,
  workerIdsKey,
  type WorkerHeartbeat,
} from '@judgebox/queue';
import { createApi, type TestApi } from '../support/api';
import { testPrefix } from '../support/prefix';

function heartbeat(workerId: string, dockerOk: boolean): WorkerHeartbeat {
  return {
    workerId,
    engine: 'docker 27',
    dockerOk,
    concurrency: 2,
    active: 0,
    at: new Date().toISOString(),
  };
}

describe('API: health', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await createApi();
  });
  afterAll(() => api?.close());

  it('is live while the process is up', async () => {
    const res = await api.request.get('/health/live').expect(200);
    expect(res.body.status).toBe('ok');
  });

  it('is not ready without a worker heartbeat', async () => {
    const res = await api.request.get('/health/ready').expect(503);
    expect(res.body).toMatchObject({
      status: 'error',
      details: { redis: { status: 'up' }, workers: { status: 'down', live: 0, message: expect.any(String) } },
    });
  });

  it('is not ready while the only worker reports a broken engine', async () => {
    await publishHeartbeat(api.redis, api.prefix, heartbeat('w-broken', false));
    const res = await api.request.get('/health/ready').expect(503);
    expect(res.body.details.workers).toMatchObject({ status: 'down', live: 1, dockerOk: 0 });
  });

  it('is not ready while the only worker with a working engine drains (SIGTERM)', async () => {
    await publishHeartbeat(api.redis, api.prefix, { ...heartbeat('w-drain', true), draining: true });
    const res = await api.request.get('/health/ready').expect(503);
    expect(res.body.details.workers).toMatchObject({ status: 'down', live: 2, dockerOk: 0 });
    await withdrawHeartbeat(api.redis, api.prefix, 'w-drain');
  });

  it('is ready once a worker with a working engine beats', async () => {
    await publishHeartbeat(api.redis, api.prefix, heartbeat('w-ok', true));
    const res = await api.request.get('/health/ready').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      details: { redis: { status: 'up' }, workers: { status: 'up', live: 2, dockerOk: 1 } },
    });
  });

  it('is not ready again when the heartbeat expires, and forgets the expired worker', async () => {
    await api.redis.del(workerHeartbeatKey(api.prefix, 'w-ok')); // as its TTL would
    const res = await api.request.get('/health/ready').expect(503);
    expect(res.body.details.workers).toMatchObject({ live: 1 });
    expect(await api.redis.smembers(workerIdsKey(api.prefix))).toEqual(['w-broken']);
  });
});

describe('API: health without Redis', () => {
  let api: TestApi;

  beforeAll(async () => {
    // A prefix of our own choosing: nothing reached Redis, so there is nothing to clean up.
    api = await createApi({ REDIS_URL: 'redis://127.0.0.1:1', QUEUE_PREFIX: testPrefix() });
  });
  afterAll(async () => {
    await api?.close();
    // ioredis keeps a 2 s timer after disconnecting a connection that never connected.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
  });

  it('stays live but not ready', async () => {
    await api.request.get('/health/live').expect(200);
    const res = await api.request.get('/health/ready').expect(503);
    expect(res.body.details).toMatchObject({ redis: { status: 'down' }, workers: { status: 'down' } });
  });
});
