import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SUBMISSION_LOCK } from '@judgebox/queue';
import { nonceSubmission, pollUntilFinished, post, tally } from '../../chaos/client';
import { createApi, removeQueueKeys, type TestApi } from '../support/api';
import { startWorker } from '../support/worker';
import { spawnWorker, type WorkerProcess } from '../support/worker-process';
import { testPrefix } from '../support/prefix';

const SLEEP_MS = 6_000;
const WALL_MS = 12_000;
/** The bound of docs/durability.md: the lock expires, the next stalled check hands the job back, it runs again. */
const BOUND_MS = SUBMISSION_LOCK.lockDuration + SUBMISSION_LOCK.stalledInterval + WALL_MS;
const SLACK_MS = 8_000; // sandbox start and python's own start on a busy 2-core machine

/** `npm run chaos` (b), reduced: a worker killed mid-job; the other worker finishes its jobs in time. */
describe('chaos (b): SIGKILL a worker mid-job', () => {
  const prefix = testPrefix();
  let survivor: INestApplication;
  let victim: WorkerProcess;
  let api: TestApi;
  let url: string;

  beforeAll(async () => {
    survivor = await startWorker(prefix, {
      SANDBOX_POOL: [
        { image: 'python', size: 2 },
        { image: '*', size: 0 },
      ],
      WORKER_CONCURRENCY: 2,
    });
    victim = spawnWorker(prefix, `victim-${randomUUID().slice(0, 8)}`, {
      SANDBOX_POOL: 'python=2,*=0',
      WORKER_CONCURRENCY: '2',
    });
    await victim.ready;
    api = await createApi({ QUEUE_PREFIX: prefix });
    await api.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
  }, 120_000);

  afterAll(async () => {
    await victim.kill();
    await victim.removeContainers();
    await survivor.close();
    await removeQueueKeys(api.queue, api.redis, prefix);
    await api.close();
  });

  it('every job finishes on the other worker within lock + stalled check + wall limit', async () => {
    // Four jobs for two workers of concurrency 2: both hold two when the victim dies.
    const subs = Array.from({ length: 4 }, () => nonceSubmission(SLEEP_MS, WALL_MS));
    const ids = await Promise.all(subs.map((s) => post(url, s)));
    const running = async (): Promise<boolean> => {
      const states = await Promise.all(ids.map((id) => api.queue.getJobState(id)));
      return states.every((s) => s === 'active');
    };
    for (let i = 0; i < 100 && !(await running()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await running()).toBe(true);

    await victim.kill();
    const killedAt = Date.now();
    const seen = await Promise.all(
      ids.map((id, i) => pollUntilFinished(url, subs[i], id, killedAt + BOUND_MS + SLACK_MS + 10_000)),
    );
    expect(tally(seen)).toMatchObject({
      n: 4,
      ok: 4,
      lost: 0,
      wrong: 0,
      duplicated: 0,
      finishedWithoutResult: 0,
    });
    const recovery = Math.max(...seen.map((s) => s.finishedAt - killedAt));
    expect(recovery).toBeLessThanOrEqual(BOUND_MS + SLACK_MS);
    // The victim's two jobs were handed back by the stalled-job check, not finished by it.
    const jobs = await Promise.all(ids.map((id) => api.queue.getJob(id)));
    expect(jobs.filter((j) => (j?.stalledCounter ?? 0) > 0)).toHaveLength(2);
  }, 120_000);
});
