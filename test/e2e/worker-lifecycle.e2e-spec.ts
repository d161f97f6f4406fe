import { randomUUID } from 'node:crypto';
import Docker from 'dockerode';
import { Queue, QueueEvents } from 'bullmq';
import { longestRunMs, resolveLimits, type SubmissionRequest } from '@judgebox/domain';
import Redis from 'ioredis';
import {
  redisOptionsFromUrl,
  SUBMISSIONS_QUEUE,
  submissionJobOptions,
  workerHeartbeatKey,
  type SubmissionJobData,
} from '@judgebox/queue';
import { loadConfig } from '@judgebox/config';
import { Reaper } from '../../apps/worker/src/sandbox/reaper.service';
import { LABEL_PREFIX, LABEL_SANDBOX, LABEL_WORKER } from '../../apps/worker/src/sandbox/container-spec';
import { sandboxContainers, startWorker } from '../support/worker';
import { testPrefix } from '../support/prefix';

const docker = new Docker({ socketPath: '/var/run/docker.sock' });
const request = (source: string, wallTimeMs = 5_000): SubmissionRequest => ({
  language: 'bash',
  files: [{ name: 'main.sh', content: source }],
  entry: 'main.sh',
  stdin: '',
  stdinEncoding: 'utf8',
  args: [],
  compilerOptions: [],
  limits: resolveLimits({ wallTimeMs }),
});

describe('worker lifecycle', () => {
  const prefix = testPrefix();
  const connection = redisOptionsFromUrl(loadConfig().REDIS_URL);
  const queue = new Queue<SubmissionJobData>(SUBMISSIONS_QUEUE, { connection, prefix });
  const events = new QueueEvents(SUBMISSIONS_QUEUE, { connection, prefix });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await Promise.all([queue.close(), events.close()]);
  });

  it('fails closed: refuses to start when a probe sandbox cannot be created', async () => {
    await expect(startWorker(prefix, { SANDBOX_RUNTIME: 'no-such-runtime' })).rejects.toThrow(/runtime/);
    expect(await sandboxContainers()).toEqual([]);
  });

  it('removes abandoned containers of a crashed worker, and only those of its own queue prefix', async () => {
    const image = 'judgebox/bash:latest';
    const stale = await docker.createContainer({
      Image: image,
      Labels: { [LABEL_SANDBOX]: '1', [LABEL_WORKER]: 'crashed-worker', [LABEL_PREFIX]: prefix },
    });
    // Another deployment on the same engine: its heartbeats live under a prefix we never read.
    const foreign = await docker.createContainer({
      Image: image,
      Labels: { [LABEL_SANDBOX]: '1', [LABEL_WORKER]: 'other-worker', [LABEL_PREFIX]: `${prefix}-other` },
    });
    const config = Object.assign(loadConfig(), { WORKER_ID: 'me', QUEUE_PREFIX: prefix });
    const redis = new Redis(connection);
    const reaper = new Reaper(docker, config, redis);
    // Judged by what happens to these containers: the engine may hold others' (another run's).
    await reaper.reapAbandoned(Date.now());
    await expect(stale.inspect()).resolves.toBeDefined();
    expect(await reaper.reapAbandoned(Date.now() + longestRunMs() + 60_000)).toBeGreaterThanOrEqual(1);
    await expect(stale.inspect()).rejects.toThrow();
    await expect(foreign.inspect()).resolves.toBeDefined();
    await foreign.remove({ force: true });
    redis.disconnect();
  });

  it("leaves a live worker's old containers alone", async () => {
    const live = await docker.createContainer({
      Image: 'judgebox/bash:latest',
      Labels: { [LABEL_SANDBOX]: '1', [LABEL_WORKER]: 'live-worker', [LABEL_PREFIX]: prefix },
    });
    const redis = new Redis(connection);
    await redis.set(workerHeartbeatKey(prefix, 'live-worker'), '{}', 'EX', 30);
    const reaper = new Reaper(
      docker,
      Object.assign(loadConfig(), { WORKER_ID: 'me', QUEUE_PREFIX: prefix }),
      redis,
    );
    await reaper.reapAbandoned(Date.now() + longestRunMs() + 60_000);
    await expect(live.inspect()).resolves.toBeDefined();
    await live.remove({ force: true });
    await redis.del(workerHeartbeatKey(prefix, 'live-worker'));
    redis.disconnect();
  });

  it('a job runs after the worker starts; a job still running past WORKER_DRAIN_SECONDS is handed back, no container left', async () => {
    const worker = await startWorker(prefix, { WORKER_DRAIN_SECONDS: 1 });
    const done = await queue.add(
      's',
      { request: request('echo hi'), createdAt: new Date().toISOString() },
      submissionJobOptions(randomUUID(), 60),
    );
    await expect(done.waitUntilFinished(events, 30_000)).resolves.toMatchObject({
      verdict: 'ok',
      run: { stdout: 'hi\n' },
    });

    const id = randomUUID();
    const long = await queue.add(
      's',
      { request: request('sleep 20', 25_000), createdAt: new Date().toISOString() },
      submissionJobOptions(id, 60),
    );
    for (let i = 0; i < 50 && (await long.getState()) !== 'active'; i++)
      await new Promise((r) => setTimeout(r, 100));
    await worker.close();
    expect(await sandboxContainers()).toEqual([]);
    // The interrupted job is not lost: it waits for another worker (one attempt left).
    expect(['waiting', 'delayed', 'prioritized']).toContain(await queue.getJobState(id));
    const next = await startWorker(prefix);
    await expect(long.waitUntilFinished(events, 40_000)).resolves.toMatchObject({ verdict: 'ok' });
    await next.close();
  }, 90_000);
});
