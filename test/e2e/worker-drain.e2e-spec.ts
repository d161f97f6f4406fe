import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Queue, QueueEvents } from 'bullmq';
import Docker from 'dockerode';
import { Redis } from 'ioredis';
import { resolveLimits, type SubmissionRequest } from '@judgebox/domain';
import {
  redisOptionsFromUrl,
  SUBMISSIONS_QUEUE,
  submissionJobOptions,
  workerHeartbeatKey,
  type SubmissionJobData,
} from '@judgebox/queue';
import { LABEL_WORKER } from '../../apps/worker/src/sandbox/container-spec';
import { TEST_REDIS_URL } from '../support/api';
import { spawnWorker } from '../support/worker-process';
import { testPrefix } from '../support/prefix';

/**
 * Graceful drain: SIGTERM to a real worker process (from the sources) with a job running. Its
 * readiness turns false at once while liveness holds; it takes no new job; the running one
 * finishes with its real verdict (not handed back); then it removes its sandboxes and exits.
 */
jest.setTimeout(120_000);

const docker = new Docker({ socketPath: process.env.DOCKER_SOCKET ?? '/var/run/docker.sock' });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const request = (source: string): SubmissionRequest => ({
  language: 'bash',
  files: [{ name: 'main.sh', content: source }],
  entry: 'main.sh',
  stdin: '',
  stdinEncoding: 'utf8',
  args: [],
  compilerOptions: [],
  limits: resolveLimits({ wallTimeMs: 15_000 }),
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function status(port: number, path: string): Promise<number> {
  try {
    return (await fetch(`http://127.0.0.1:${port}${path}`)).status;
  } catch {
    return 0; // closed
  }
}

describe('worker drain on SIGTERM', () => {
  const prefix = testPrefix();
  const connection = redisOptionsFromUrl(TEST_REDIS_URL);
  const queue = new Queue<SubmissionJobData>(SUBMISSIONS_QUEUE, { connection, prefix });
  const events = new QueueEvents(SUBMISSIONS_QUEUE, { connection, prefix });
  const redis = new Redis(TEST_REDIS_URL);

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await Promise.all([queue.close(), events.close()]);
    redis.disconnect();
  });

  it('turns unready, finishes the running job, takes no other, removes its sandboxes, exits', async () => {
    const port = await freePort();
    const workerId = `drain-${randomUUID().slice(0, 8)}`;
    const worker = spawnWorker(prefix, workerId, { WORKER_HEALTH_PORT: String(port) });
    try {
      await worker.ready;
      expect(await status(port, '/health/ready')).toBe(200);
      const running = await queue.add(
        's',
        { request: request('sleep 4; echo finished'), createdAt: new Date().toISOString() },
        submissionJobOptions(randomUUID(), 60),
      );
      while ((await running.getState()) !== 'active') await sleep(50);
      let output = '';
      worker.child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      // Nest closes the app, then raises the signal again: a clean stop ends by SIGTERM.
      const exited = new Promise<string>((r) =>
        worker.child.once('exit', (code, signal) => r(signal ?? `code ${code}`)),
      );
      worker.child.kill('SIGTERM');

      let ready = await status(port, '/health/ready');
      for (let i = 0; i < 100 && ready === 200; i++) ready = await status(port, '/health/ready');
      expect(ready).toBe(503);
      expect(await running.getState()).toBe('active');
      expect(await status(port, '/health/live')).toBe(200);
      const beat = JSON.parse((await redis.get(workerHeartbeatKey(prefix, workerId))) ?? '{}');
      expect(beat).toMatchObject({ draining: true });

      const late = await queue.add(
        's',
        { request: request('echo late'), createdAt: new Date().toISOString() },
        submissionJobOptions(randomUUID(), 60),
      );
      await expect(running.waitUntilFinished(events, 60_000)).resolves.toMatchObject({
        verdict: 'ok',
        run: { stdout: 'finished\n' },
      });
      expect(await exited).toBe('SIGTERM');
      expect(output).toContain(`worker ${workerId} stopped`);
      // Run once, by this worker: not handed back.
      expect((await queue.getJob(running.id ?? ''))?.attemptsStarted).toBe(1);
      expect(await late.getState()).toBe('waiting');
      const left = await docker.listContainers({
        all: true,
        filters: { label: [`${LABEL_WORKER}=${workerId}`] },
      });
      expect(left).toEqual([]);
    } finally {
      await worker.kill();
      await worker.removeContainers();
    }
  });
});
