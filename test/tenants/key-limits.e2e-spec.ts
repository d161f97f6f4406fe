import { createApi, type TestApi } from '../support/api';
import { createKey, upgradeStatus } from '../support/keys';
import { ApiKeyStore } from '../../apps/api/src/tenants/api-key.store';
import { runKeysCommand } from '../../apps/api/src/tenants/keys.cli';

const submission = { language: 'python', source: 'print(1)' };

describe('limits of API keys (no worker: submissions stay queued)', () => {
  let api: TestApi;
  /** A second API process on the same Redis and prefix. */
  let other: TestApi;

  beforeAll(async () => {
    api = await createApi({ JUDGE0_PREFIX: '/judge0', WAIT_TIMEOUT_MS: 0 });
    other = await createApi({ QUEUE_PREFIX: api.prefix, JUDGE0_PREFIX: '/judge0', WAIT_TIMEOUT_MS: 0 });
    await api.app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await other?.close();
    await api?.close();
  });

  describe('limits of a key', () => {
    it('over its rate: 429 with Retry-After and RateLimit headers; what was accepted stays', async () => {
      const token = await createKey(api, 'slow', { rate: '3/m', concurrency: 50 });
      const accepted = [];
      for (let i = 0; i < 3; i++)
        accepted.push(
          (await api.request.post('/v1/submissions').set('X-API-Key', token).send(submission).expect(202))
            .body.id,
        );
      // The bucket is shared: the other API process sees it empty too.
      const refused = await other.request
        .post('/v1/submissions')
        .set('X-API-Key', token)
        .send(submission)
        .expect(429);
      expect(refused.body).toMatchObject({ statusCode: 429, message: expect.stringMatching(/rate limit/) });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(20);
      expect(refused.headers).toMatchObject({ 'ratelimit-limit': '3', 'ratelimit-remaining': '0' });
      expect(Number(refused.headers['ratelimit-reset'])).toBeGreaterThan(0);
      // The Judge0 and Piston routes answer 429 in their own shapes.
      const judge0 = await api.request.get('/judge0/languages').set('X-Auth-Token', token).expect(429);
      expect(judge0.body).toEqual({ error: expect.stringMatching(/rate limit/) });
      const piston = await api.request.get('/api/v2/runtimes').set('X-API-Key', token).expect(429);
      expect(piston.body).toEqual({ message: expect.stringMatching(/rate limit/) });
      expect(await upgradeStatus(api, { 'X-API-Key': token })).toBe(429);
      for (const id of accepted) expect(await api.queue.getJobState(id as string)).toBe('prioritized');
    });

    it('over its concurrency: 429, and the earlier submissions stay queued', async () => {
      const token = await createKey(api, 'two-at-once', { concurrency: 2 });
      const ids = [];
      for (let i = 0; i < 2; i++)
        ids.push(
          (await api.request.post('/v1/submissions').set('X-API-Key', token).send(submission).expect(202))
            .body.id,
        );
      const refused = await other.request
        .post('/v1/submissions')
        .set('X-API-Key', token)
        .send(submission)
        .expect(429);
      expect(refused.body.message).toMatch(/2 unfinished submissions/);
      expect(refused.headers['retry-after']).toBe('1');
      // A request that queues nothing is not refused for it.
      await api.request
        .get(`/v1/submissions/${ids[0] as string}`)
        .set('X-API-Key', token)
        .expect(200);
      for (const id of ids) expect(await api.queue.getJobState(id as string)).toBe('prioritized');
      // Freed places: test/tenants/quotas.e2e-spec.ts (they need submissions to finish).
    });

    it('caps client limits: the default is lowered to the cap, more than it is a 400', async () => {
      const token = await createKey(api, 'classroom', { limits: { cpuTimeMs: 1000 } });
      const res = await api.request
        .post('/v1/submissions')
        .set('X-API-Key', token)
        .send(submission)
        .expect(202);
      const job = await api.queue.getJob(res.body.id as string);
      expect(job?.data.request.limits).toMatchObject({ cpuTimeMs: 1000, wallTimeMs: 5000 });
      const over = await api.request
        .post('/v1/submissions')
        .set('X-API-Key', token)
        .send({ ...submission, limits: { cpuTimeMs: 1500 } })
        .expect(400);
      expect(JSON.stringify(over.body)).toMatch(
        /limits.cpuTimeMs must not be greater than 1000 for this API key/,
      );
      await api.request
        .post('/v1/submissions')
        .set('X-API-Key', token)
        .send({ ...submission, limits: { cpuTimeMs: 500 } })
        .expect(202);
    });

    it('a key over the service maxima cannot be made', async () => {
      await expect(createKey(api, 'greedy', { limits: { cpuTimeMs: 60_000 } })).rejects.toThrow(
        /limits.cpuTimeMs/,
      );
    });
  });

  it('npm run keys: create, list, usage, revoke, and a clear refusal of a bad flag', async () => {
    const keys = (...argv: string[]) =>
      runKeysCommand(new ApiKeyStore(api.redis, api.prefix), api.redis, api.prefix, argv);
    const created = (await keys(
      'create',
      '--name',
      'cli-made',
      '--rate',
      '20/s',
      '--concurrency',
      '8',
      '--cpu-seconds-per-day',
      '3600',
      '--priority',
      'high',
      '--cpu-time-ms',
      '1000',
    )) as { token: string };
    await api.request.get('/v1/languages').set('X-API-Key', created.token).expect(200);
    expect(await keys('list')).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'cli-made' })]),
    );
    expect(await keys('usage', 'cli-made')).toMatchObject({
      quota: {
        rate: '20/s',
        concurrency: 8,
        cpuSecondsPerDay: 3600,
        priority: 'high',
        limits: { cpuTimeMs: 1000 },
      },
    });
    await expect(keys('create', '--name', 'x', '--concurrency', 'many')).rejects.toThrow(
      /concurrency must be an integer/,
    );
    await expect(keys('create', '--name', 'x', '--colour', 'red')).rejects.toThrow(
      /Unknown option '--colour'/,
    );
    await keys('revoke', 'cli-made');
    await api.request.get('/v1/languages').set('X-API-Key', created.token).expect(401);
  });
});
