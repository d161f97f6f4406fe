import { Logger } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { languageVersionsKey } from '@judgebox/queue';
import { createApi, type TestApi } from '../support/api';
import { pythonInit } from '../compat/piston-socket';
import { createKey, upgradeStatus } from '../support/keys';

const submission = { language: 'python', source: 'print(1)' };
const ADMIN = 'admin-token-of-this-test-0123456789';

describe('API keys (no worker: submissions stay queued)', () => {
  let api: TestApi;
  /** A second API process on the same Redis and prefix. */
  let other: TestApi;

  /** What the APIs said at start (the spies call through). */
  const warned = jest.spyOn(Logger.prototype, 'warn');
  const said = jest.spyOn(Logger.prototype, 'log');

  beforeAll(async () => {
    api = await createApi({ ADMIN_TOKEN: ADMIN, JUDGE0_PREFIX: '/judge0', WAIT_TIMEOUT_MS: 30_000 });
    other = await createApi({ QUEUE_PREFIX: api.prefix, JUDGE0_PREFIX: '/judge0', WAIT_TIMEOUT_MS: 0 });
    await api.app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await other?.close();
    await api?.close();
  });

  it('with no key configured everything is open, and every answer has a request id', async () => {
    const res = await api.request.post('/v1/submissions').send(submission).expect(202);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    await api.request.get('/judge0/languages').expect(200);
    await api.request.get('/api/v2/runtimes').expect(200);
    expect(await upgradeStatus(api)).toBe(101);
    // A body refused before any route ran is answered with an id too.
    const refused = await api.request.post('/v1/submissions').set('Content-Type', 'text/plain').send('x');
    expect(refused.status).toBe(415);
    expect(refused.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    // An answer without a key carries no quota headers.
    expect(res.headers['ratelimit-limit']).toBeUndefined();
    expect(warned).toHaveBeenCalledWith(expect.stringMatching(/^no API key is configured: the API is open/));
  });

  describe('once a key exists', () => {
    let token: string;

    beforeAll(async () => {
      token = await createKey(api, 'team-a', { rate: '1000/s', concurrency: 50 });
    });

    it('an API starting now says in its log that keys are required', async () => {
      said.mockClear();
      const third = await createApi({ QUEUE_PREFIX: api.prefix });
      await third.close();
      expect(said).toHaveBeenCalledWith(expect.stringMatching(/^API keys are configured/));
    });

    it('every route but health, docs and metrics answers 401 without one, on every API process', async () => {
      for (const target of [api, other]) {
        await target.request.post('/v1/submissions').send(submission).expect(401);
        await target.request.get('/v1/languages').expect(401);
        await target.request.get('/v1/limits').expect(401);
        await target.request.get('/judge0/languages').expect(401);
        await target.request.post('/api/v2/execute').send({}).expect(401);
        await target.request.get('/health/live').expect(200);
        await target.request.get('/metrics').expect(200);
        await target.request.get('/docs-json').expect(200);
      }
      expect(await upgradeStatus(api)).toBe(401);
    });

    it('takes the key as a bearer token, in X-API-Key, and in X-Auth-Token on the Judge0 routes only', async () => {
      await api.request.get('/v1/languages').set('Authorization', `Bearer ${token}`).expect(200);
      await api.request.get('/v1/languages').set('X-API-Key', token).expect(200);
      await api.request.get('/judge0/languages').set('X-Auth-Token', token).expect(200);
      await api.request.get(`/judge0/languages?X-Auth-Token=${token}`).expect(200);
      await api.request.get('/v1/languages').set('X-Auth-Token', token).expect(401);
      await api.request.get('/api/v2/runtimes').set('X-API-Key', token).expect(200);
      expect(await upgradeStatus(api, { 'X-API-Key': token })).toBe(101);
      const wrong = await api.request.get('/v1/languages').set('X-API-Key', `${token}x`).expect(401);
      expect(wrong.body.message).toMatch(/unknown or revoked/);
      // Judge0's own answer to a bad token: 401 with an empty body.
      const judge0 = await api.request.get('/judge0/languages').set('X-Auth-Token', 'nope').expect(401);
      expect(judge0.text).toBe('');
    });

    it('answers RateLimit headers and keeps a request id the client sent', async () => {
      const res = await api.request
        .post('/v1/submissions')
        .set('X-API-Key', token)
        .set('X-Request-Id', 'client-req-42')
        .send(submission)
        .expect(202);
      expect(res.headers['x-request-id']).toBe('client-req-42');
      expect(res.headers['ratelimit-limit']).toBe('1000');
      expect(Number(res.headers['ratelimit-remaining'])).toBeLessThan(1000);
      const job = await api.queue.getJob(res.body.id as string);
      expect(job?.data).toMatchObject({ requestId: 'client-req-42', tenant: expect.any(String) });
      expect(job?.opts.priority).toBe(10); // normal
      // An id that is not a plain token is replaced.
      const odd = await api.request.get('/v1/languages').set('X-API-Key', token).set('X-Request-Id', 'a b');
      expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it("a Piston socket's submission is the key's: counted in its in-flight set, with its priority", async () => {
      const wsKey = await createKey(api, 'socket-user', { priority: 'high' });
      await api.redis.hset(languageVersionsKey(api.prefix), 'python', '3.11.2');
      const { port } = api.app.getHttpServer().address() as AddressInfo;
      const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v2/connect`, { headers: { 'X-API-Key': wsKey } });
      const runtime = new Promise<void>((resolve) =>
        ws.on('message', (raw: Buffer) => {
          if ((JSON.parse(raw.toString('utf8')) as { type: string }).type === 'runtime') resolve();
        }),
      );
      await new Promise((resolve) => ws.once('open', resolve));
      ws.send(JSON.stringify(pythonInit('print(1)')));
      await runtime;
      let live;
      while (!live) live = (await api.queue.getJobs(['prioritized'])).find((j) => j.data.interactive);
      expect(live.opts.priority).toBe(1);
      const usage = await api.request.get('/v1/usage').set('X-API-Key', wsKey).expect(200);
      expect(usage.body).toMatchObject({ name: 'socket-user', usage: { inFlight: 1 } });
      expect(live.data.tenant).toBe(usage.body.id);
      ws.terminate();
    });

    it('GET /v1/usage tells the key its quota and counters', async () => {
      const res = await api.request.get('/v1/usage').set('X-API-Key', token).expect(200);
      expect(res.body).toMatchObject({
        name: 'team-a',
        revoked: false,
        quota: { rate: '1000/s', concurrency: 50, cpuSecondsPerDay: 3600, priority: 'normal' },
        usage: { inFlight: 1, cpuSecondsToday: 0, day: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) },
      });
    });
  });

  describe('admin API and revocation', () => {
    it('is off without ADMIN_TOKEN and wants it as a bearer token', async () => {
      await other.request.get('/v1/admin/keys').set('Authorization', `Bearer ${ADMIN}`).expect(403);
      await api.request.get('/v1/admin/keys').expect(401);
      await api.request
        .get('/v1/admin/keys')
        .set('Authorization', 'Bearer wrong-wrong-wrong-wrong')
        .expect(401);
    });

    it('creates, lists and revokes; a revoked key is refused at once by every API process', async () => {
      const admin = (req: ReturnType<TestApi['request']['get']>) =>
        req.set('Authorization', `Bearer ${ADMIN}`);
      const created = await admin(api.request.post('/v1/admin/keys'))
        .send({ name: 'contest', rate: '50/s', concurrency: 4, cpuSecondsPerDay: 100, priority: 'high' })
        .expect(201);
      const token = created.body.token as string;
      expect(token).toMatch(/^jbk_/);
      await admin(api.request.post('/v1/admin/keys')).send({ name: 'contest' }).expect(400);
      await admin(api.request.post('/v1/admin/keys')).send({ name: 'bad', rate: 'fast' }).expect(400);
      const listed = await admin(api.request.get('/v1/admin/keys')).expect(200);
      expect(JSON.stringify(listed.body)).not.toContain(token);
      expect(listed.body).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'contest', revokedAt: null })]),
      );
      const queued = await other.request
        .post('/v1/submissions')
        .set('X-API-Key', token)
        .send(submission)
        .expect(202);
      expect((await api.queue.getJob(queued.body.id as string))?.opts.priority).toBe(1); // high
      await admin(api.request.get('/v1/admin/keys/contest/usage')).expect(200);

      await admin(api.request.delete('/v1/admin/keys/contest')).expect(200);
      await other.request.get('/v1/languages').set('X-API-Key', token).expect(401);
      await api.request.get('/v1/languages').set('X-API-Key', token).expect(401);
      // Its accepted submission is not touched.
      expect(await api.queue.getJobState(queued.body.id as string)).toBe('prioritized');
      // Revoking every key does not reopen the service.
      await admin(api.request.delete('/v1/admin/keys/nope')).expect(404);
    });
  });
});
