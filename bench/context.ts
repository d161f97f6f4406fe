import { randomBytes } from 'node:crypto';
import { Child } from './stack';
import type { Isolation } from './report';

const int = (name: string, def: number): number => Number(process.env[name] ?? def);
const list = (name: string, def: string): string[] =>
  (process.env[name] ?? def)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function modes(): Isolation[] {
  const wanted = list('BENCH_MODES', 'namespace,container');
  const known = ['namespace', 'container', 'gvisor'];
  const bad = wanted.filter((m) => !known.includes(m));
  if (bad.length > 0) throw new Error(`BENCH_MODES: unknown mode ${bad.join(', ')} (${known.join(', ')})`);
  return wanted as Isolation[];
}

/** The bench's settings, from BENCH_* variables (docs/performance.md). */
export const CFG = {
  /**
   * Modes of the worker, each measured with its own worker: SANDBOX_ISOLATION, or `gvisor` (container
   * isolation under SANDBOX_RUNTIME=runsc; scripts/ensure-runsc.sh registers it).
   */
  modes: modes(),
  /** Results go to bench/results/<out>.{json,svg,md}. */
  out: process.env.BENCH_OUT ?? 'latest',
  n: int('BENCH_N', 40),
  warmup: int('BENCH_WARMUP', 3),
  perLevel: int('BENCH_TP_N', 64),
  levels: list('BENCH_LEVELS', '2,4,8,16').map(Number),
  /** Latency runs of the judged C submission (20 test cases) per mode. */
  judgeN: int('BENCH_JUDGE_N', 10),
  /** The judged C submission under load: this many in a closed loop at this concurrency, per mode. */
  judgeLoadN: int('BENCH_JUDGE_LOAD_N', 16),
  judgeLoadC: int('BENCH_JUDGE_LOAD_C', 4),
  enqueueN: int('BENCH_ENQUEUE_N', 3000),
  enqueueC: int('BENCH_ENQUEUE_C', 64),
  /** POSTs before the measured ones: a fresh Node process runs its hot path interpreted until V8 has compiled it. */
  enqueueWarmup: int('BENCH_ENQUEUE_WARMUP', 2000),
  breakdownN: int('BENCH_BREAKDOWN_N', 10),
  /**
   * Pause between the concurrency-1 requests, for judgebox and docker run alike, so each one meets
   * the state its row names (a warm pool refilled, the previous container removed) rather than the
   * previous request's clean-up. One back-to-back row shows the other case.
   */
  gapMs: int('BENCH_GAP_MS', 1000),
  // Python gets 2 per worker slot plus 2 (the pool refills one container at a time, so a burst of
  // 16 drains it either way); gcc 2 for the sequential C runs; the other images are not measured.
  pool: process.env.BENCH_POOL ?? 'python=6,gcc=2,*=0',
  workerConcurrency: process.env.BENCH_WORKER_CONCURRENCY ?? '',
};

export const runId = randomBytes(4).toString('hex');
/** Queue prefix of this run; workers are `<prefix>-<name>`, the enqueue API uses `<prefix>-enqueue`. */
export const prefix = `bench-${runId}`;
/** Every API and worker this run started and has not stopped yet, stopped again on exit. */
export const children = new Set<Child>();
/** Names of the workers this run started, whose containers the clean-up removes. */
export const workerNames = new Set<string>();

export const log = (s: string): void => console.error(`[bench] ${s}`);

export function start(name: string, app: 'api' | 'worker', env: Record<string, string>): Child {
  const child = Child.start(`${runId}-${name}`, app, env);
  children.add(child);
  return child;
}

export async function stopChild(child: Child): Promise<void> {
  await child.stop();
  children.delete(child);
}
