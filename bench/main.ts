/**
 * `npm run bench`: judgebox on the real stack (built API and worker as child processes, the real
 * Redis and Docker engine) against `docker run --rm` with the same confinement. Prints Markdown
 * tables and writes bench/results/latest.{json,svg,md}. A report, not a test: exits 0 whether or
 * not the targets hold, 1 only when the stack failed. See README, "Performance".
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Agent } from 'node:http';
import { cpus, release } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { LABEL_WORKER } from '../apps/worker/src/sandbox/container-spec';
import { dockerRunOnce, removeBaselineContainers } from './baseline';
import { measureBreakdown } from './breakdown';
import { keepAliveAgent } from './http';
import { C_HELLO, enqueue, PYTHON_HELLO, submitAndWait, type Program } from './programs';
import { judgeTargets, renderReport, type BenchResults, type LatencyRow, type ThroughputRow } from './report';
import { cpuPerRun, cpuSnapshot } from './cpu';
import { closedLoop, type LoadResult } from './stats';
import { build, Child, freePort, heartbeat, httpOk, redisUrl, removePrefix, ROOT, sleep, waitFor } from './stack';
import { renderSvg } from './svg';

const int = (name: string, def: number): number => Number(process.env[name] ?? def);
const CFG = {
  n: int('BENCH_N', 40),
  warmup: int('BENCH_WARMUP', 3),
  perLevel: int('BENCH_TP_N', 64),
  levels: (process.env.BENCH_LEVELS ?? '2,4,8,16').split(',').map(Number),
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

const runId = randomBytes(4).toString('hex');
const prefix = `bench-${runId}`;
const children = new Set<Child>();
const log = (s: string): void => console.error(`[bench] ${s}`);

interface Stack {
  url: string;
  api: string;
  redis: Redis;
  apiChild: Child;
}

function poolTarget(pool: string, image: string): number {
  const m = new RegExp(`(?:^|,)\\s*${image}=(\\d+)`).exec(pool) ?? /(?:^|,)\s*\*=(\d+)/.exec(pool);
  return Number(m?.[1] ?? 0);
}

function start(name: string, app: 'api' | 'worker', env: Record<string, string>): Child {
  const child = Child.start(`${runId}-${name}`, app, env);
  children.add(child);
  return child;
}

/** Starts a worker and waits until it heartbeats with its pool full (python and gcc). */
async function startWorker(s: Stack, name: string, pool: string): Promise<Child> {
  const workerId = `${prefix}-${name}`;
  const conc: Record<string, string> = CFG.workerConcurrency ? { WORKER_CONCURRENCY: CFG.workerConcurrency } : {};
  const worker = start(name, 'worker', { REDIS_URL: s.url, QUEUE_PREFIX: prefix, WORKER_HEALTH_PORT: '0', WORKER_ID: workerId, SANDBOX_POOL: pool, ...conc });
  await waitForPool(s, worker, workerId, pool, 0);
  await waitFor('API ready', () => httpOk(`${s.api}/health/ready`), [s.apiChild, worker]);
  return worker;
}

/** Waits for a heartbeat newer than `since` that shows the pool at its target. */
async function waitForPool(s: Stack, worker: Child, workerId: string, pool: string, since: number): Promise<void> {
  const want = { 'judgebox/python:latest': poolTarget(pool, 'python'), 'judgebox/gcc:latest': poolTarget(pool, 'gcc') };
  await waitFor(`worker ${workerId} with a full pool`, async () => {
    const beat = await heartbeat(s.redis, prefix, workerId);
    if (!beat?.dockerOk || Date.parse(beat.at) < since) return false;
    return Object.entries(want).every(([image, n]) => (beat.pool?.[image] ?? 0) >= n);
  }, [s.apiChild, worker], 120_000);
}

async function latencyC1(name: string, call: () => Promise<void>, gapMs = CFG.gapMs): Promise<LoadResult> {
  for (let i = 0; i < CFG.warmup; i++) await call();
  await sleep(gapMs);
  log(`${name}: ${CFG.n} runs at concurrency 1, ${gapMs} ms apart`);
  return closedLoop(CFG.n, 1, call, gapMs);
}

async function judgeboxPhase(s: Stack, agent: Agent, pool: 'warm' | 'off', worker: Child, rows: LatencyRow[], tp: ThroughputRow[]): Promise<void> {
  for (const p of [PYTHON_HELLO, C_HELLO]) {
    const name = `judgebox ${p.language === 'c' ? 'C' : 'Python'}, pool ${pool}`;
    rows.push({ name, system: 'judgebox', language: p.language, pool, result: await latencyC1(name, async () => void (await submitAndWait(s.api, p, agent))) });
  }
  if (pool === 'off') return;
  await waitForPool(s, worker, `${prefix}-warm`, CFG.pool, Date.now());
  const b2b = 'judgebox Python, pool warm, back to back';
  rows.push({ name: b2b, system: 'judgebox', language: 'python', pool: 'back-to-back', result: await latencyC1(b2b, async () => void (await submitAndWait(s.api, PYTHON_HELLO, agent)), 0) });
  for (const c of CFG.levels) {
    await waitForPool(s, worker, `${prefix}-warm`, CFG.pool, Date.now());
    log(`judgebox throughput: ${CFG.perLevel} Python runs at concurrency ${c}`);
    const named = { api: s.apiChild.pid, worker: worker.pid, bench: process.pid };
    tp.push(await withCpu('judgebox', named, () => closedLoop(CFG.perLevel, c, async () => void (await submitAndWait(s.api, PYTHON_HELLO, agent)))));
  }
}

/** Runs a throughput level and charges the CPU the machine spent on it to each run. */
async function withCpu(system: ThroughputRow['system'], named: Record<string, number>, level: () => Promise<LoadResult>): Promise<ThroughputRow> {
  const before = cpuSnapshot(named);
  const result = await level();
  return { system, result, cpuMsPerRun: cpuPerRun(before, cpuSnapshot(named), result.latency.n) };
}

async function baselinePhase(s: Stack, rows: LatencyRow[], tp: ThroughputRow[]): Promise<void> {
  for (const p of [PYTHON_HELLO, C_HELLO] as Program[]) {
    const name = `docker run ${p.language === 'c' ? 'C' : 'Python'}`;
    rows.push({ name, system: 'docker run', language: p.language, pool: null, result: await latencyC1(name, () => dockerRunOnce(p, runId)) });
  }
  for (const c of CFG.levels) {
    log(`docker run throughput: ${CFG.perLevel} Python runs at concurrency ${c}`);
    const named = { api: s.apiChild.pid, bench: process.pid };
    tp.push(await withCpu('docker run', named, () => closedLoop(CFG.perLevel, c, () => dockerRunOnce(PYTHON_HELLO, runId))));
  }
}

/** POSTs without wait to an API on a prefix no worker consumes; the queue is removed afterwards. */
async function enqueuePhase(url: string): Promise<{ result: LoadResult & { total: number; warmup: number }; rssMb: number }> {
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const enqPrefix = `${prefix}-enqueue`;
  const child = start('api-enqueue', 'api', { REDIS_URL: url, QUEUE_PREFIX: enqPrefix, PORT: String(port), MAX_QUEUED: String((CFG.enqueueN + CFG.enqueueWarmup) * 10) });
  try {
    await waitFor('enqueue API live', () => httpOk(`${api}/health/live`), [child]);
    const agent = keepAliveAgent(CFG.enqueueC);
    await closedLoop(CFG.enqueueWarmup, CFG.enqueueC, () => enqueue(api, PYTHON_HELLO, agent));
    log(`enqueue only: ${CFG.enqueueN} POSTs at concurrency ${CFG.enqueueC}`);
    const result = await closedLoop(CFG.enqueueN, CFG.enqueueC, () => enqueue(api, PYTHON_HELLO, agent));
    agent.destroy();
    await sleep(2_000);
    return { result: { ...result, total: CFG.enqueueN, warmup: CFG.enqueueWarmup }, rssMb: child.memoryMb() };
  } finally {
    await child.stop();
    children.delete(child);
    await removePrefix(url, enqPrefix);
  }
}

function machine(): Record<string, string | number> {
  const sh = (cmd: string, args: string[]): string => spawnSync(cmd, args, { encoding: 'utf8' }).stdout?.trim() ?? '';
  const os = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'unknown';
  const docker = sh('docker', ['version', '--format', '{{.Server.Version}}']);
  const cgroup = sh('docker', ['info', '--format', '{{.CgroupVersion}}']);
  const m = { cores: cpus().length, cpu: cpus()[0]?.model ?? '', os, kernel: release(), docker, cgroup: `v${cgroup}`, node: process.version };
  return { ...m, summary: `${m.cores} cores, ${os}, kernel ${m.kernel}, Docker ${docker}, cgroup v${cgroup}` };
}

async function run(s: Stack): Promise<BenchResults> {
  const agent = keepAliveAgent(64);
  const latency: LatencyRow[] = [];
  const throughput: ThroughputRow[] = [];
  let worker = await startWorker(s, 'warm', CFG.pool);
  await judgeboxPhase(s, agent, 'warm', worker, latency, throughput);
  await waitForPool(s, worker, `${prefix}-warm`, CFG.pool, Date.now());
  log('breakdown, pool warm');
  const warmSteps = await measureBreakdown(s.api, s.redis, prefix, PYTHON_HELLO, agent, CFG.breakdownN, CFG.gapMs);
  await sleep(5_000);
  const rss = { api: s.apiChild.memoryMb(), worker: worker.memoryMb(), apiPeak: s.apiChild.memoryMb('VmHWM'), workerPeak: worker.memoryMb('VmHWM') };
  await worker.stop();
  worker = await startWorker(s, 'off', '*=0');
  await judgeboxPhase(s, agent, 'off', worker, latency, throughput);
  log('breakdown, pool off');
  const offSteps = await measureBreakdown(s.api, s.redis, prefix, PYTHON_HELLO, agent, CFG.breakdownN, CFG.gapMs);
  await worker.stop();
  await baselinePhase(s, latency, throughput);
  const enq = await enqueuePhase(s.url);
  agent.destroy();
  const partial = {
    at: new Date().toISOString(),
    machine: machine(),
    config: { ...CFG, levels: CFG.levels.join(','), workerConcurrency: CFG.workerConcurrency || `default (${cpus().length})` },
    latency,
    throughput,
    enqueue: enq.result,
    rssMb: { ...rss, apiAfterEnqueue: enq.rssMb },
    breakdown: { warm: warmSteps, off: offSteps },
  };
  return { ...partial, targets: judgeTargets(partial) };
}

let cleaning: Promise<void> | null = null;
function cleanup(url: string | null): Promise<void> {
  cleaning ??= (async () => {
    await Promise.all([...children].map((c) => c.stop()));
    removeBaselineContainers(runId);
    for (const name of ['warm', 'off']) {
      const ids = spawnSync('docker', ['ps', '-aq', '--filter', `label=${LABEL_WORKER}=${prefix}-${name}`], { encoding: 'utf8' }).stdout?.trim();
      if (ids) spawnSync('docker', ['rm', '-f', ...ids.split('\n')], { stdio: 'ignore' });
    }
    if (url) await Promise.all([removePrefix(url, prefix), removePrefix(url, `${prefix}-enqueue`)]).catch((e: Error) => log(`cleanup: ${e.message}`));
  })();
  return cleaning;
}

async function main(): Promise<void> {
  let url: string | null = null;
  const interrupt = (sig: string): void => {
    log(`${sig}: stopping`);
    void cleanup(url).finally(() => process.exit(130));
  };
  process.once('SIGINT', () => interrupt('SIGINT'));
  process.once('SIGTERM', () => interrupt('SIGTERM'));
  let redis: Redis | null = null;
  try {
    log('building (npm run build)');
    build();
    url = redisUrl();
    redis = new Redis(url);
    const port = await freePort();
    const apiChild = start('api', 'api', { REDIS_URL: url, QUEUE_PREFIX: prefix, PORT: String(port), HOST: '127.0.0.1' });
    const res = await run({ url, api: `http://127.0.0.1:${port}`, redis, apiChild });
    const dir = join(ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const report = renderReport(res);
    writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(res, null, 2)}\n`);
    writeFileSync(join(dir, 'latest.svg'), renderSvg(res));
    writeFileSync(join(dir, 'latest.md'), `${res.machine.summary}\n\n${report}\n`);
    console.log(`${res.machine.summary}\n\n${report}\n\nwritten: bench/results/latest.{json,svg,md}`);
  } catch (err) {
    for (const c of children) if (!c.alive || process.env.BENCH_VERBOSE) log(`${c.name} log:\n${c.logTail()}`);
    log(`failed: ${(err as Error).stack ?? String(err)}`);
    process.exitCode = 1;
  } finally {
    await cleanup(url);
    redis?.disconnect();
  }
}

void main();
