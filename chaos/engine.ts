import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadConfig } from '@judgebox/config';
import { LANGUAGES } from '@judgebox/domain';
import { ROOT } from '../bench/stack';
import { nonceSubmission, pollUntilFinished, post, tally } from './client';
import { waitUntil, type ScenarioResult } from './scenarios';
import type { ChaosStack } from './stack';

const RECOVERY_TARGET_MS = 30_000;

/**
 * (d) Restarts the Docker engine, idle then mid-job, and times the worker's recovery from the
 * moment the engine answers again to its pool being full and readiness true. It stops an engine
 * it did not start, so it runs only when CHAOS_ENGINE=1 says so.
 */
export async function engineRestart(stack: ChaosStack, pool: string): Promise<ScenarioResult[]> {
  if (process.env.CHAOS_ENGINE !== '1') {
    const skipped = {
      tally: null,
      figure: 'skipped: set CHAOS_ENGINE=1 (restarts the engine)',
      target: `pool full ≤ ${RECOVERY_TARGET_MS / 1000} s`,
      pass: null,
    };
    return [
      { name: '(d) restart the Docker engine, idle', ...skipped },
      { name: '(d) restart the Docker engine, mid-job', ...skipped },
    ];
  }
  const target = expectedIdle(pool);
  await waitUntil(() => poolFull(stack, target), 120_000, 500);
  const idle = await restartAndTime(stack, target);
  const subs = Array.from({ length: 2 }, () => nonceSubmission(8_000, 15_000));
  const ids = await Promise.all(subs.map((s) => post(stack.apiUrl, s)));
  await waitUntil(
    async () =>
      (await Promise.all(ids.map((id) => stack.queue!.getJobState(id)))).every((s) => s === 'active'),
    20_000,
  );
  const mid = await restartAndTime(stack, target);
  const t = tally(
    await Promise.all(ids.map((id, i) => pollUntilFinished(stack.apiUrl, subs[i], id, Date.now() + 180_000))),
  );
  const row = (name: string, ms: number) => ({
    name,
    figure: `pool full and ready ${(ms / 1000).toFixed(1)} s after the engine answered`,
    target: `≤ ${RECOVERY_TARGET_MS / 1000} s`,
  });
  return [
    { ...row('(d) restart the Docker engine, idle', idle), tally: null, pass: idle <= RECOVERY_TARGET_MS },
    {
      ...row('(d) restart the Docker engine, mid-job (2 jobs of 8 s)', mid),
      tally: t,
      pass: mid <= RECOVERY_TARGET_MS && t.ok === t.n,
    },
  ];
}

/** Restarts the engine; returns ms from its answering again to the worker being ready with a full pool. */
async function restartAndTime(stack: ChaosStack, target: number): Promise<number> {
  const pid = stopEngine();
  const ping = (): Promise<boolean> =>
    stack.docker.ping().then(
      () => true,
      () => false,
    );
  await waitUntil(async () => !(await ping()), 60_000, 200);
  // A dockerd that no longer answers may still be shutting down (its containerd, its containers):
  // starting another meanwhile fails, so wait until the process is gone.
  if (pid !== null) await waitUntil(() => Promise.resolve(!alive(pid)), 90_000, 200);
  const r = spawnSync('bash', ['scripts/ensure-docker.sh'], { cwd: ROOT, stdio: 'ignore' });
  if (r.status !== 0) throw new Error('scripts/ensure-docker.sh could not start the engine again');
  await waitUntil(ping, 60_000, 100);
  const back = Date.now();
  await waitUntil(() => poolFull(stack, target), 120_000, 250);
  return Date.now() - back;
}

/** Stops the engine; returns the pid of the dockerd it signalled (null when systemd stopped it). */
function stopEngine(): number | null {
  if (readFileSync('/proc/1/comm', 'utf8').trim() === 'systemd') {
    spawnSync('systemctl', ['stop', 'docker', 'docker.socket'], { stdio: 'ignore' });
    return null;
  }
  const pidFile = '/var/run/docker.pid';
  if (!existsSync(pidFile)) throw new Error(`no ${pidFile}: cannot tell which dockerd to restart`);
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  process.kill(pid, 'SIGTERM');
  return pid;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function poolFull(stack: ChaosStack, target: number): Promise<boolean> {
  const h = await stack.workerHealth('main');
  const idle = Object.values(h.idle).reduce((a, b) => a + b, 0);
  return h.ready && idle >= target;
}

/** Idle containers a full pool holds, from SANDBOX_POOL as the worker reads it. */
function expectedIdle(pool: string): number {
  const sizes = new Map(loadConfig({ SANDBOX_POOL: pool }).SANDBOX_POOL.map((p) => [p.image, p.size]));
  const folders = new Set(LANGUAGES.map((l) => l.image));
  return [...folders].reduce((sum, f) => sum + (sizes.get(f) ?? sizes.get('*') ?? 0), 0);
}
