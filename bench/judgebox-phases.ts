import type { Agent } from 'node:http';
import type { Redis } from 'ioredis';
import { measureBreakdown, type BreakdownStep } from './breakdown';
import { CFG, log, prefix, start, stopChild, workerNames } from './context';
import { cpuPerRun, cpuSnapshot } from './cpu';
import { C_HELLO, C_SUM_20, judgeAndWait, PYTHON_HELLO, submitAndWait, type Program } from './programs';
import type { Isolation, JudgedRow, LatencyRow, RssMb, System, ThroughputRow } from './report';
import { heartbeat, httpOk, sleep, waitFor, type Child } from './stack';
import { closedLoop, type LoadResult } from './stats';

export interface Stack {
  url: string;
  api: string;
  redis: Redis;
  apiChild: Child;
}

/** A worker of this run: its process, its WORKER_ID and the SANDBOX_POOL it fills. */
interface BenchWorker {
  child: Child;
  id: string;
  pool: string;
}

/** Everything measured on one isolation mode. */
export interface ModeResults {
  latency: LatencyRow[];
  throughput: ThroughputRow[];
  judged: JudgedRow;
  rss: RssMb;
  breakdown: Record<string, BreakdownStep[]>;
}

function poolTarget(pool: string, image: string): number {
  const m = new RegExp(`(?:^|,)\\s*${image}=(\\d+)`).exec(pool) ?? /(?:^|,)\s*\*=(\d+)/.exec(pool);
  return Number(m?.[1] ?? 0);
}

/** Starts a worker in `mode` and waits until it heartbeats with its pool full (python and gcc). */
async function startWorker(s: Stack, name: string, mode: Isolation, pool: string): Promise<BenchWorker> {
  const id = `${prefix}-${name}`;
  workerNames.add(name);
  const conc: Record<string, string> = CFG.workerConcurrency
    ? { WORKER_CONCURRENCY: CFG.workerConcurrency }
    : {};
  const env = {
    REDIS_URL: s.url,
    QUEUE_PREFIX: prefix,
    WORKER_HEALTH_PORT: '0',
    WORKER_ID: id,
    SANDBOX_POOL: pool,
    ...(mode === 'gvisor'
      ? { SANDBOX_ISOLATION: 'container', SANDBOX_RUNTIME: 'runsc' }
      : { SANDBOX_ISOLATION: mode }),
    ...conc,
  };
  const worker = { child: start(name, 'worker', env), id, pool };
  await waitForPool(s, worker, 0);
  await waitFor('API ready', () => httpOk(`${s.api}/health/ready`), [s.apiChild, worker.child]);
  return worker;
}

/** Waits for a heartbeat newer than `since` that shows the pool at its target. */
async function waitForPool(s: Stack, worker: BenchWorker, since: number): Promise<void> {
  const want = {
    'judgebox/python:latest': poolTarget(worker.pool, 'python'),
    'judgebox/gcc:latest': poolTarget(worker.pool, 'gcc'),
  };
  await waitFor(
    `worker ${worker.id} with a full pool`,
    async () => {
      const beat = await heartbeat(s.redis, prefix, worker.id);
      if (!beat?.dockerOk || Date.parse(beat.at) < since) return false;
      return Object.entries(want).every(([image, n]) => (beat.pool?.[image] ?? 0) >= n);
    },
    [s.apiChild, worker.child],
    120_000,
  );
}

/** `n` calls one at a time, `gapMs` apart, after CFG.warmup unmeasured ones. */
export async function latencyC1(
  name: string,
  call: () => Promise<void>,
  gapMs = CFG.gapMs,
  n = CFG.n,
): Promise<LoadResult> {
  for (let i = 0; i < CFG.warmup; i++) await call();
  await sleep(gapMs);
  log(`${name}: ${n} runs at concurrency 1, ${gapMs} ms apart`);
  return closedLoop(n, 1, call, gapMs);
}

/** Runs a throughput level and charges the CPU the machine spent on it to each run. */
export async function withCpu(
  system: System,
  named: Record<string, number>,
  level: () => Promise<LoadResult>,
): Promise<ThroughputRow> {
  const before = cpuSnapshot(named);
  const result = await level();
  return { system, result, cpuMsPerRun: cpuPerRun(before, cpuSnapshot(named), result.latency.n) };
}

const label = (p: Program): string => (p.language === 'c' ? 'C' : 'Python');

/** Python and C hello world at concurrency 1, paced. */
async function helloRows(
  s: Stack,
  agent: Agent,
  system: System,
  pool: 'warm' | 'off',
): Promise<LatencyRow[]> {
  const rows: LatencyRow[] = [];
  for (const p of [PYTHON_HELLO, C_HELLO]) {
    const name = `${system} ${label(p)}, pool ${pool}`;
    rows.push({
      name,
      system,
      language: p.language,
      pool,
      result: await latencyC1(name, async () => void (await submitAndWait(s.api, p, agent))),
    });
  }
  return rows;
}

/** Python back to back, then one throughput level per CFG.levels, each from a full pool. */
async function loadRows(
  s: Stack,
  agent: Agent,
  system: System,
  worker: BenchWorker,
): Promise<{ b2b: LatencyRow; throughput: ThroughputRow[] }> {
  const python = async (): Promise<void> => void (await submitAndWait(s.api, PYTHON_HELLO, agent));
  await waitForPool(s, worker, Date.now());
  const name = `${system} Python, pool warm, back to back`;
  const b2b: LatencyRow = {
    name,
    system,
    language: 'python',
    pool: 'back-to-back',
    result: await latencyC1(name, python, 0),
  };
  const throughput: ThroughputRow[] = [];
  for (const c of CFG.levels) {
    await waitForPool(s, worker, Date.now());
    log(`${system} throughput: ${CFG.perLevel} Python runs at concurrency ${c}`);
    const named = { api: s.apiChild.pid, worker: worker.child.pid, bench: process.pid };
    throughput.push(await withCpu(system, named, () => closedLoop(CFG.perLevel, c, python)));
  }
  return { b2b, throughput };
}

async function judgedRow(s: Stack, agent: Agent, system: System, worker: BenchWorker): Promise<JudgedRow> {
  const judge = (): Promise<void> => judgeAndWait(s.api, C_SUM_20, agent);
  await waitForPool(s, worker, Date.now());
  const name = `${system} C judged on ${C_SUM_20.testCases.length} test cases`;
  const result = await latencyC1(name, judge, CFG.gapMs, CFG.judgeN);
  await waitForPool(s, worker, Date.now());
  log(`${name}: ${CFG.judgeLoadN} at concurrency ${CFG.judgeLoadC}`);
  const named = { api: s.apiChild.pid, worker: worker.child.pid, bench: process.pid };
  const load = await withCpu(system, named, () => closedLoop(CFG.judgeLoadN, CFG.judgeLoadC, judge));
  return { system, result, underLoad: load.result, cpuMsPerRun: load.cpuMsPerRun };
}

async function breakdown(s: Stack, agent: Agent, name: string): Promise<BreakdownStep[]> {
  log(`breakdown, ${name}`);
  return measureBreakdown(s.api, s.redis, prefix, PYTHON_HELLO, agent, CFG.breakdownN, CFG.gapMs);
}

/**
 * Every judgebox phase on a worker with SANDBOX_ISOLATION=`mode`. Container mode also runs with the
 * pool off; namespace mode does not, since its slots go back to the pool after each submission, so
 * "pool off" there is a warm pool after the first request.
 */
export async function measureMode(s: Stack, agent: Agent, mode: Isolation): Promise<ModeResults> {
  const system: System = `judgebox ${mode}`;
  const worker = await startWorker(s, `${mode}-warm`, mode, CFG.pool);
  const latency = await helloRows(s, agent, system, 'warm');
  const { b2b, throughput } = await loadRows(s, agent, system, worker);
  const judged = await judgedRow(s, agent, system, worker);
  await waitForPool(s, worker, Date.now());
  const steps: Record<string, BreakdownStep[]> = {
    [`${mode}, pool warm`]: await breakdown(s, agent, `${mode}, pool warm`),
  };
  await sleep(5_000);
  const rss = {
    api: s.apiChild.memoryMb(),
    worker: worker.child.memoryMb(),
    apiPeak: s.apiChild.memoryMb('VmHWM'),
    workerPeak: worker.child.memoryMb('VmHWM'),
  };
  await stopChild(worker.child);
  latency.push(b2b);
  if (mode !== 'namespace') {
    const off = await startWorker(s, `${mode}-off`, mode, '*=0');
    latency.push(...(await helloRows(s, agent, system, 'off')));
    steps[`${mode}, pool off`] = await breakdown(s, agent, `${mode}, pool off`);
    await stopChild(off.child);
  }
  return { latency, throughput, judged, rss, breakdown: steps };
}
