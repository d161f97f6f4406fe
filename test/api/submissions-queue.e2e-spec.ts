import { Worker, type Job } from 'bullmq';
import { DEFAULT_LIMITS, Verdict, type SubmissionResult } from '@judgebox/domain';
import { redisOptionsFromUrl, SUBMISSIONS_QUEUE, type SubmissionJobData } from '@judgebox/queue';
import { createApi, type TestApi } from '../support/api';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A stand-in for the real worker: answers from the job without running anything. */
function fakeWorker(
  api: TestApi,
  process: (job: Job<SubmissionJobData>) => Promise<SubmissionResult>,
): Worker {
  return new Worker<SubmissionJobData>(SUBMISSIONS_QUEUE, process, {
    connection: redisOptionsFromUrl(api.config.REDIS_URL),
    prefix: api.prefix,
  });
}

function okResult(job: Job<SubmissionJobData>): SubmissionResult {
  const now = new Date().toISOString();
  return {
    verdict: Verdict.Ok,
    message: null,
    compile: null,
    run: null,
    testCases: null,
    limits: job.data.request.limits,
    language: job.data.request.language,
    version: '3.12',
    startedAt: now,
    finishedAt: now,
  };
}

/** Backpressure, a job's states as a (stand-in) worker takes it, and the API's shutdown. */
describe('API: backpressure', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await createApi({ MAX_QUEUED: 2 });
  });
  afterAll(() => api?.close());

  it('refuses with 503 and Retry-After once MAX_QUEUED wait, keeping those already accepted', async () => {
    const body = { language: 'python', source: 'print(1)' };
    const first = await api.request.post('/v1/submissions').send(body).expect(202);
    const second = await api.request.post('/v1/submissions').send(body).expect(202);
    const third = await api.request.post('/v1/submissions').send(body).expect(503);
    expect(third.headers['retry-after']).toBe('5');
    expect(third.body).toMatchObject({ statusCode: 503, message: 'queue is full, retry later' });
    for (const accepted of [first, second]) {
      expect((await api.request.get(`/v1/submissions/${accepted.body.id}`).expect(200)).body.state).toBe(
        'queued',
      );
    }
    expect(await api.queue.getJobCountByTypes('waiting')).toBe(2);
  });
});

describe('API: submissions with a stand-in worker', () => {
  let api: TestApi;
  let worker: Worker | undefined;

  beforeAll(async () => {
    api = await createApi({ WAIT_TIMEOUT_MS: 10_000 });
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
  });
  afterAll(() => api?.close());

  it('answers wait=true with 200 and the result', async () => {
    worker = fakeWorker(api, (job) => Promise.resolve(okResult(job)));
    const res = await api.request
      .post('/v1/submissions?wait=1')
      .send({ language: 'py', source: 'print(1)' })
      .expect(200);
    expect(res.body).toMatchObject({
      state: 'finished',
      language: 'python',
      result: { verdict: 'ok', version: '3.12', limits: DEFAULT_LIMITS },
    });
    expect(res.headers.location).toBe(`/v1/submissions/${res.body.id}`);
    expect((await api.request.get(res.headers.location).expect(200)).body).toEqual(res.body);
  });

  it('shows a job being processed as running', async () => {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started = (): void => undefined;
    const running = new Promise<void>((resolve) => (started = resolve));
    worker = fakeWorker(api, async (job) => {
      started();
      await held;
      return okResult(job);
    });
    const res = await api.request
      .post('/v1/submissions')
      .send({ language: 'python', source: 'x' })
      .expect(202);
    await running;
    expect((await api.request.get(`/v1/submissions/${res.body.id}`).expect(200)).body).toMatchObject({
      state: 'running',
      result: null,
    });
    release();
  });

  it('reports an infrastructure failure, after the retry, as internal_error with the reason', async () => {
    let attempts = 0;
    worker = fakeWorker(api, () => {
      attempts += 1;
      return Promise.reject(new Error('docker engine unreachable'));
    });
    const res = await api.request
      .post('/v1/submissions?wait=true')
      .send({ language: 'python', source: 'x' })
      .expect(200);
    expect(attempts).toBe(2);
    expect(res.body).toMatchObject({
      state: 'finished',
      result: {
        verdict: 'internal_error',
        message: 'docker engine unreachable',
        compile: null,
        run: null,
        limits: DEFAULT_LIMITS,
        language: 'python',
      },
    });
    expect((await api.request.get(`/v1/submissions/${res.body.id}`).expect(200)).body).toEqual(res.body);
  });
});

describe('API: shutdown', () => {
  it('answers a waiting request with 202 at shutdown instead of holding the process', async () => {
    const api = await createApi({ WAIT_TIMEOUT_MS: 60_000 });
    const started = Date.now();
    const pending = api.request
      .post('/v1/submissions?wait=true')
      .send({ language: 'python', source: 'x' })
      .then((r) => r);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await api.close();
    const res = await pending;
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ id: expect.stringMatching(UUID), state: 'queued' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
