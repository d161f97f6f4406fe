import { randomUUID } from 'node:crypto';
import { workerHeartbeatKey, type WorkerHeartbeat } from '@judgebox/queue';
import { createApi, type TestApi } from '../support/api';

function heartbeat(workerId: string, dockerOk: boolean): string {
  const beat: WorkerHeartbeat = {
    workerId,
    engine: 'docker 27',
    dockerOk,
    concurrency: 2,
    active: 0,
    at: new Date().toISOString(),
  };
  return JSON.stringify(beat);
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
    await api.redis.set(workerHeartbeatKey(api.prefix, 'w-broken'), heartbeat('w-broken', false), 'EX', 15);
    const res = await api.request.get('/health/ready').expect(503);
    expect(res.body.details.workers).toMatchObject({ status: 'down', live: 1, dockerOk: 0 });
  });

  it('is not ready while the only worker with a working engine drains (SIGTERM)', async () => {
    const beat = JSON.stringify({ ...JSON.parse(heartbeat('w-drain', true)), draining: true });
    await api.redis.set(workerHeartbeatKey(api.prefix, 'w-drain'), beat, 'EX', 15);
    const res = await api.request.get('/health/ready').expect(503);
    expect(res.body.details.workers).toMatchObject({ status: 'down', live: 2, dockerOk: 0 });
    await api.redis.del(workerHeartbeatKey(api.prefix, 'w-drain'));
  });

  it('is ready once a worker with a working engine beats', async () => {
    await api.redis.set(workerHeartbeatKey(api.prefix, 'w-ok'), heartbeat('w-ok', true), 'EX', 15);
    const res = await api.request.get('/health/ready').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      details: { redis: { status: 'up' }, workers: { status: 'up', live: 2, dockerOk: 1 } },
    });
  });

  it('is not ready again when the heartbeat expires', async () => {
    await api.redis.del(workerHeartbeatKey(api.prefix, 'w-ok'));
    await api.request.get('/health/ready').expect(503);
  });
});

describe('API: health without Redis', () => {
  let api: TestApi;

  beforeAll(async () => {
    // A prefix of our own choosing: nothing reached Redis, so there is nothing to clean up.
    api = await createApi({ REDIS_URL: 'redis://127.0.0.1:1', QUEUE_PREFIX: `test-${randomUUID()}` });
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
