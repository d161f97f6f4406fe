import type { AddressInfo } from 'node:net';
import { Worker } from 'bullmq';
import { languageVersionsKey, redisOptionsFromUrl, SUBMISSIONS_QUEUE } from '@judgebox/queue';
import { createApi, type TestApi } from '../support/api';
import { connect } from './piston-socket';

/** Piston v2 contract where no real worker is needed: wait timeout, shutdown, origins, OpenAPI, internal errors. */
jest.setTimeout(60_000);

describe('Piston v2 compatibility: without a worker (wait timeout, shutdown, origins, OpenAPI)', () => {
  let api: TestApi;

  beforeAll(async () => {
    // No worker: the job stays queued.
    api = await createApi({ WAIT_TIMEOUT_MS: 300 });
    await api.redis.hset(languageVersionsKey(api.prefix), 'python', '3.11.2');
  });

  afterAll(async () => {
    await api?.close();
  });

  it('answers 503 with a message once WAIT_TIMEOUT_MS has passed', async () => {
    const res = await api.request
      .post('/api/v2/execute')
      .send({ language: 'python', version: '3', files: [{ content: 'print(1)' }] })
      .expect(503);
    expect(res.body).toEqual({
      message: expect.stringMatching(/^no result within 300 ms \(submission .* is queued\)/),
    });
  });

  it('at shutdown, open sockets are closed with 1001 and do not hold the server', async () => {
    const own = await createApi({ PISTON_WS_INIT_TIMEOUT_MS: 60_000 });
    await own.app.listen(0, '127.0.0.1');
    const { port } = own.app.getHttpServer().address() as AddressInfo;
    const socket = await connect(`ws://127.0.0.1:${port}/api/v2/connect`);
    const started = Date.now();
    await own.close();
    expect((await socket.closed).code).toBe(1001);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a socket from a browser origin outside CORS_ORIGINS is refused with 403', async () => {
    const own = await createApi({ CORS_ORIGINS: ['https://ok.example'] });
    await own.app.listen(0, '127.0.0.1');
    const { port } = own.app.getHttpServer().address() as AddressInfo;
    const url = `ws://127.0.0.1:${port}/api/v2/connect`;
    try {
      await expect(connect(url, 'https://evil.example')).rejects.toThrow(/403/);
      const ok = await connect(url, 'https://ok.example');
      ok.send({ type: 'init', language: 'python', version: '0.0.1', files: [{ content: 'x' }] });
      expect((await ok.closed).code).toBe(4002);
      // Not a browser (no Origin): allowed, as for the REST routes.
      const plain = await connect(url);
      plain.sendRaw('{');
      expect((await plain.closed).code).toBe(4002);
    } finally {
      await own.close();
    }
  });

  it('is in the OpenAPI document beside the native routes', async () => {
    const doc = await api.request.get('/docs-json').expect(200);
    expect(doc.body.paths).toHaveProperty(['/api/v2/execute', 'post']);
    expect(doc.body.paths).toHaveProperty(['/api/v2/runtimes', 'get']);
    expect(doc.body.paths).toHaveProperty(['/v1/submissions', 'post']);
  });
});

/**
 * XX: the sandbox failing is an infrastructure fault, which the real worker cannot be made to
 * produce on demand; a BullMQ worker that fails every job stands in for a broken Docker engine.
 */
describe('Piston v2 compatibility: internal errors', () => {
  let api: TestApi;
  let failing: Worker | undefined;

  beforeAll(async () => {
    api = await createApi();
    await api.redis.hset(languageVersionsKey(api.prefix), 'python', '3.11.2');
    failing = new Worker(SUBMISSIONS_QUEUE, () => Promise.reject(new Error('docker engine unreachable')), {
      connection: redisOptionsFromUrl(api.config.REDIS_URL),
      prefix: api.prefix,
    });
  });

  afterAll(async () => {
    await failing?.close();
    await api?.close();
  });

  it('XX: the run stage carries the reason, no code, no signal', async () => {
    const res = await api.request
      .post('/api/v2/execute')
      .send({ language: 'python', version: '3.11.2', files: [{ content: 'print(1)' }] })
      .expect(200);
    expect(res.body).toEqual({
      language: 'python',
      version: '3.11.2',
      run: {
        stdout: '',
        stderr: '',
        output: '',
        code: null,
        signal: null,
        message: 'docker engine unreachable',
        status: 'XX',
        cpu_time: null,
        wall_time: null,
        memory: null,
      },
    });
  });
});
