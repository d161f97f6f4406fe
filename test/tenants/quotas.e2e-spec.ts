import { randomUUID } from 'node:crypto';
import { createApi, type TestApi } from '../support/api';
import { burnCpu, createKey } from '../support/keys';
import { spawnWorker, type WorkerProcess } from '../support/worker-process';

/**
 * Quotas against a real worker in a process of its own, with one job slot (WORKER_CONCURRENCY=1),
 * so that the order submissions start in is the queue's order; its log and its /metrics (on its
 * health port) are read as an operator would.
 */
describe('quotas with a real worker', () => {
  let api: TestApi;
  let worker: WorkerProcess;
  let workerLog = '';
  const healthPort = 20_000 + Math.floor(Math.random() * 30_000);

  const post = (token: string, body: object, wait = false) =>
    api.request
      .post(`/v1/submissions${wait ? '?wait=true' : ''}`)
      .set('X-API-Key', token)
      .send(body);

  async function finished(
    token: string,
    id: string,
  ): Promise<{ verdict: string; startedAt: string; run: { cpuTimeMs: number } }> {
    for (;;) {
      const res = await api.request.get(`/v1/submissions/${id}`).set('X-API-Key', token).expect(200);
      if (res.body.state === 'finished') return res.body.result;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function running(token: string, id: string): Promise<void> {
    for (;;) {
      const res = await api.request.get(`/v1/submissions/${id}`).set('X-API-Key', token).expect(200);
      if (res.body.state !== 'queued') return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  beforeAll(async () => {
    api = await createApi({ WAIT_TIMEOUT_MS: 60_000 });
    worker = spawnWorker(api.prefix, `test-quotas-${randomUUID().slice(0, 8)}`, {
      WORKER_CONCURRENCY: '1',
      SANDBOX_POOL: 'python=1,*=0',
      WORKER_HEALTH_PORT: String(healthPort),
    });
    worker.child.stdout?.on('data', (chunk: Buffer) => (workerLog += chunk.toString('utf8')));
    await worker.ready;
  });

  afterAll(async () => {
    if (worker) {
      const exited = new Promise((r) => worker.child.once('exit', r));
      worker.child.kill('SIGTERM');
      await exited;
      await worker.removeContainers();
    }
    await api?.close();
  });

  it('concurrency: the next submission is refused while one runs, accepted once it finished', async () => {
    const token = await createKey(api, 'one-at-once', { concurrency: 1 });
    const first = await post(token, { language: 'python', source: 'import time\ntime.sleep(1)' }).expect(202);
    await post(token, { language: 'python', source: 'print(2)' }).expect(429);
    expect((await finished(token, first.body.id as string)).verdict).toBe('ok');
    const next = await post(token, { language: 'python', source: 'print(3)' }).expect(202);
    expect((await finished(token, next.body.id as string)).verdict).toBe('ok');
  });

  it('CPU-seconds per day: metered from the measured CPU time, then 429 until the next UTC day', async () => {
    const token = await createKey(api, 'tiny-cpu', { cpuSecondsPerDay: 1 });
    const res = await post(
      token,
      { language: 'python', source: burnCpu(1.2), limits: { cpuTimeMs: 3000 } },
      true,
    );
    expect(res.status).toBe(200);
    expect(res.body.result.verdict).toBe('ok');
    const measured = res.body.result.run.cpuTimeMs as number;
    // The program's own process_time() counts from its process's fork, which in namespace isolation
    // includes the setup of its sandbox, built before the phase and not charged to it: what the
    // cgroup measured may fall a few ms short of the 1.2 s the program counted. Over the key's
    // 1 CPU-second is what the quota needs.
    expect(measured).toBeGreaterThan(1_100);
    const usage = await api.request.get('/v1/usage').set('X-API-Key', token).expect(200);
    expect(usage.body.usage.cpuSecondsToday).toBe(measured / 1000);
    const refused = await post(token, { language: 'python', source: 'print(1)' }).expect(429);
    expect(refused.body.message).toMatch(/CPU-seconds/);
    expect(Math.abs(Number(refused.headers['retry-after']) - usage.body.usage.cpuResetSeconds)).toBeLessThan(
      60,
    );
  });

  it('priority: with one slot, a high-priority key goes ahead of low-priority work queued before it', async () => {
    const low = await createKey(api, 'practice', { priority: 'low', concurrency: 10 });
    const high = await createKey(api, 'contest', { priority: 'high' });
    const blocker = await post(low, { language: 'python', source: 'import time\ntime.sleep(1.5)' }).expect(
      202,
    );
    await running(low, blocker.body.id as string);
    const a = await post(low, { language: 'python', source: 'print("a")' }).expect(202);
    const b = await post(low, { language: 'python', source: 'print("b")' }).expect(202);
    const c = await post(high, { language: 'python', source: 'print("c")' }).expect(202);
    const start = async (token: string, id: string) => Date.parse((await finished(token, id)).startedAt);
    const [ta, tb, tc] = [
      await start(low, a.body.id as string),
      await start(low, b.body.id as string),
      await start(high, c.body.id as string),
    ];
    expect(tc).toBeLessThan(ta);
    expect(ta).toBeLessThan(tb);
  });

  it('request id: returned in a header, carried by the job, on the worker log lines of the submission', async () => {
    const token = await createKey(api, 'traced');
    const requestId = `e2e-${randomUUID()}`;
    const res = await post(token, { language: 'python', source: 'print(1)' }, true)
      .set('X-Request-Id', requestId)
      .expect(200);
    expect(res.headers['x-request-id']).toBe(requestId);
    const lines = workerLog
      .split('\n')
      .filter((l) => l.includes(requestId))
      .map((l) => JSON.parse(l) as { requestId: string; jobId: string; msg: string });
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          requestId,
          jobId: res.body.id,
          msg: expect.stringMatching(/finished: ok/),
        }),
      ]),
    );
  });

  it('/metrics of the API and of the worker after these submissions', async () => {
    const token = await createKey(api, 'metered', { limits: {} });
    const tle = await post(
      token,
      { language: 'python', source: 'while True: pass', limits: { cpuTimeMs: 200 } },
      true,
    );
    expect(tle.body.result.verdict).toBe('time_limit_exceeded');
    const apiText = (await api.request.get('/metrics').expect(200)).text;
    for (const line of [
      'judgebox_http_requests_total{method="POST",route="/v1/submissions",status="202"}',
      'judgebox_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/v1/submissions/:id",status="200"}',
      'judgebox_key_requests_total{key="metered",outcome="accepted"}',
      'judgebox_key_submissions_total{key="one-at-once",outcome="throttled_concurrency"} 1',
      'judgebox_key_submissions_total{key="tiny-cpu",outcome="throttled_cpu"} 1',
      'judgebox_queue_jobs{state="waiting"}',
    ])
      expect(apiText).toContain(line);
    const workerText = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
    for (const line of [
      'judgebox_verdicts_total{language="python",verdict="ok"}',
      'judgebox_verdicts_total{language="python",verdict="time_limit_exceeded"} 1',
      'judgebox_sandbox_kills_total{reason="time",phase="run"} 1',
      'judgebox_submission_stage_seconds_count{stage="queue_wait"}',
      'judgebox_submission_stage_seconds_count{stage="sandbox_acquire"}',
      'judgebox_submission_stage_seconds_count{stage="run"}',
      'judgebox_submission_stage_seconds_count{stage="total"}',
      'judgebox_sandbox_pool_takes_total{image="python",result="hit"}',
      'judgebox_sandbox_lifecycle_seconds_count{action="start",isolation=',
      'judgebox_sandbox_pool_idle{image="python"}',
    ])
      expect(workerText).toContain(line);
    // No label holds an id: the only values are names, routes, states and numbers.
    expect(apiText + workerText).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});
