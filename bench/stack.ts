import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import {
  redisOptionsFromUrl,
  removePrefixKeys,
  SUBMISSIONS_QUEUE,
  workerHeartbeatKey,
  type WorkerHeartbeat,
} from '@judgebox/queue';
import { getJson } from './http';

export const ROOT = join(__dirname, '..');

/** An API or worker process started from dist/, its output kept in a log file for post-mortems. */
export class Child {
  private exited = false;
  readonly logPath: string;

  private constructor(
    readonly name: string,
    private readonly proc: ChildProcess,
    logPath: string,
  ) {
    this.logPath = logPath;
    proc.once('exit', () => (this.exited = true));
  }

  static start(name: string, app: 'api' | 'worker', env: Record<string, string>): Child {
    const logPath = join(tmpdir(), `judgebox-bench-${name}.log`);
    const log = createWriteStream(logPath);
    const proc = spawn('node', ['-r', './scripts/register-paths.js', `dist/apps/${app}/src/main.js`], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout?.pipe(log);
    proc.stderr?.pipe(log);
    return new Child(name, proc, logPath);
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Resident memory in MiB, from /proc/<pid>/status (VmRSS, or VmHWM for the peak). */
  memoryMb(field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return Math.round((kb / 1024) * 10) / 10;
  }

  /** SIGTERM (the apps shut down cleanly), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    await done;
    clearTimeout(timer);
  }

  logTail(lines = 20): string {
    try {
      return readFileSync(this.logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }
}

export function build(): void {
  const r = spawnSync('npm', ['run', '--silent', 'build'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`npm run build failed (status ${r.status})`);
}

/** REDIS_URL, or the private Redis that scripts/ensure-redis.sh starts or reuses. */
export function redisUrl(): string {
  if (process.env.REDIS_URL) return process.env.REDIS_URL;
  const r = spawnSync('bash', ['scripts/ensure-redis.sh'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error('scripts/ensure-redis.sh failed');
  return r.stdout.trim();
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns true; fails naming `what`, with the log of a child that died. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  children: Child[],
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = children.find((c) => !c.alive);
    if (dead) throw new Error(`${dead.name} exited while waiting for ${what}:\n${dead.logTail()}`);
    if (await check().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function httpOk(url: string): Promise<boolean> {
  return (await getJson(url)).status === 200;
}

/** The heartbeat a worker publishes (every 5 s), or null. */
export async function heartbeat(
  redis: Redis,
  prefix: string,
  workerId: string,
): Promise<WorkerHeartbeat | null> {
  const text = await redis.get(workerHeartbeatKey(prefix, workerId));
  return text ? (JSON.parse(text) as WorkerHeartbeat) : null;
}

/** Removes the queue and every other key under `prefix` (the `<prefix>:meta:*` ones workers write). */
export async function removePrefix(url: string, prefix: string): Promise<void> {
  const queue = new Queue(SUBMISSIONS_QUEUE, { connection: redisOptionsFromUrl(url), prefix });
  const redis = new Redis(url);
  try {
    await queue.obliterate({ force: true });
    await removePrefixKeys(redis, prefix);
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
