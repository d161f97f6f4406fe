import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { Queue } from 'bullmq';
import { redisOptionsFromUrl, SUBMISSIONS_QUEUE, type SubmissionJobData } from '@judgebox/queue';
import { LABEL_WORKER } from '../apps/worker/src/sandbox/container-spec';
import { Child, freePort, httpOk, removePrefix, ROOT, waitFor } from '../bench/stack';
import { getJson } from '../bench/http';

/**
 * The chaos run's own stack: a durable Redis (scripts/ensure-redis.sh, on a free port and a fresh
 * state dir, so it can be restarted without touching anyone's), the API and workers from dist/.
 */
export class ChaosStack {
  readonly runId = randomBytes(4).toString('hex');
  readonly prefix = `chaos-${this.runId}`;
  readonly stateDir = mkdtempSync(join(tmpdir(), 'judgebox-chaos-'));
  readonly docker = new Docker({ socketPath: process.env.DOCKER_SOCKET ?? '/var/run/docker.sock' });
  redisPort = 0;
  apiPort = 0;
  api: Child | null = null;
  readonly workers = new Map<string, { child: Child; healthPort: number }>();
  queue: Queue<SubmissionJobData> | null = null;

  constructor(private readonly pool: string) {}

  get redisUrl(): string {
    return `redis://127.0.0.1:${this.redisPort}`;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.apiPort}`;
  }

  get children(): Child[] {
    return [...(this.api ? [this.api] : []), ...[...this.workers.values()].map((w) => w.child)];
  }

  async startRedis(): Promise<void> {
    this.redisPort ||= await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      JUDGEBOX_REDIS_PORT: String(this.redisPort),
      JUDGEBOX_STATE_DIR: this.stateDir,
    };
    delete env.REDIS_URL;
    const r = spawnSync('bash', ['scripts/ensure-redis.sh'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (r.status !== 0) throw new Error(`ensure-redis.sh failed: ${r.stderr}`);
    this.queue ??= new Queue(SUBMISSIONS_QUEUE, {
      connection: redisOptionsFromUrl(this.redisUrl),
      prefix: this.prefix,
    });
    this.queue.on('error', () => undefined);
  }

  /** SHUTDOWN: the graceful stop a restart does (the append-only file is fsynced first). */
  stopRedis(): void {
    spawnSync('redis-cli', ['-p', String(this.redisPort), 'shutdown'], { stdio: 'ignore' });
  }

  async startApi(): Promise<void> {
    this.apiPort ||= await freePort();
    this.api = Child.start(`chaos-${this.runId}-api`, 'api', { ...this.env(), PORT: String(this.apiPort) });
    await waitFor('API live', () => httpOk(`${this.apiUrl}/health/live`), this.children);
  }

  async startWorker(name: string, env: Record<string, string> = {}): Promise<string> {
    const healthPort = await freePort();
    const workerId = `${this.prefix}-${name}`;
    const child = Child.start(`chaos-${this.runId}-${name}`, 'worker', {
      ...this.env(),
      WORKER_ID: workerId,
      WORKER_HEALTH_PORT: String(healthPort),
      SANDBOX_POOL: this.pool,
      ...env,
    });
    this.workers.set(name, { child, healthPort });
    await waitFor(`worker ${name} ready`, () => this.workerReady(name), this.children, 180_000);
    return workerId;
  }

  /** The worker's own readiness: Redis, an engine it trusts, and its pool as it is now. */
  async workerHealth(name: string): Promise<{ ready: boolean; idle: Record<string, number> }> {
    const port = this.workers.get(name)?.healthPort ?? 0;
    const res = await getJson(`http://127.0.0.1:${port}/health/ready`).catch(() => null);
    const body = res
      ? (JSON.parse(res.body) as { details?: { pool?: { idle?: Record<string, number> } } })
      : {};
    return { ready: res?.status === 200, idle: body.details?.pool?.idle ?? {} };
  }

  async workerReady(name: string): Promise<boolean> {
    return (await this.workerHealth(name)).ready;
  }

  /** SIGKILL, as a crash; its containers are removed afterwards (a live worker's reaper would, later). */
  async killWorker(name: string): Promise<void> {
    const w = this.workers.get(name);
    if (!w) return;
    process.kill(w.child.pid, 'SIGKILL');
    await waitFor(`worker ${name} gone`, () => Promise.resolve(!w.child.alive), [], 10_000);
    this.workers.delete(name);
    const left = await this.docker.listContainers({
      all: true,
      filters: { label: [`${LABEL_WORKER}=${this.prefix}-${name}`] },
    });
    await Promise.all(
      left.map((c) =>
        this.docker
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.children.map((c) => c.stop()));
    await removePrefix(this.redisUrl, this.prefix).catch(() => undefined);
    await this.queue?.close().catch(() => undefined);
    this.stopRedis();
    rmSync(this.stateDir, { recursive: true, force: true });
  }

  private env(): Record<string, string> {
    return { REDIS_URL: this.redisUrl, QUEUE_PREFIX: this.prefix };
  }
}
