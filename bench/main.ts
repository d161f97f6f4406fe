/**
 * `npm run bench`: judgebox on the real stack (built API and worker as child processes, the real
 * Redis and Docker engine) against `docker run --rm` with the same confinement. Prints Markdown
 * tables and writes bench/results/latest.{json,svg,md}. A report, not a test: exits 0 whether or
 * not the targets hold, 1 only when the stack failed. See docs/performance.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { LABEL_WORKER } from '../apps/worker/src/sandbox/container-spec';
import { dockerRunOnce, removeBaselineContainers } from './baseline';
import { CFG, children, log, prefix, runId, start, stopChild, workerNames } from './context';
import { keepAliveAgent } from './http';
import { latencyC1, measureMode, withCpu, type Stack } from './judgebox-phases';
import { C_HELLO, enqueue, PYTHON_HELLO, type Program } from './programs';
import {
  judgeTargets,
  type BenchResults,
  type Isolation,
  type LatencyRow,
  type RssMb,
  type ThroughputRow,
} from './report';
import { renderReport } from './render';
import { closedLoop, type LoadResult } from './stats';
import { build, freePort, httpOk, redisUrl, removePrefix, ROOT, sleep, waitFor } from './stack';
import { renderSvg } from './svg';

async function baselinePhase(s: Stack): Promise<{ latency: LatencyRow[]; throughput: ThroughputRow[] }> {
  const latency: LatencyRow[] = [];
  const throughput: ThroughputRow[] = [];
  for (const p of [PYTHON_HELLO, C_HELLO] as Program[]) {
    const name = `docker run ${p.language === 'c' ? 'C' : 'Python'}`;
    latency.push({
      name,
      system: 'docker run',
      language: p.language,
      pool: null,
      result: await latencyC1(name, () => dockerRunOnce(p, runId)),
    });
  }
  for (const c of CFG.levels) {
    log(`docker run throughput: ${CFG.perLevel} Python runs at concurrency ${c}`);
    const named = { api: s.apiChild.pid, bench: process.pid };
    throughput.push(
      await withCpu('docker run', named, () =>
        closedLoop(CFG.perLevel, c, () => dockerRunOnce(PYTHON_HELLO, runId)),
      ),
    );
  }
  return { latency, throughput };
}

/** POSTs without wait to an API on a prefix no worker consumes; the queue is removed afterwards. */
async function enqueuePhase(
  url: string,
): Promise<{ result: LoadResult & { total: number; warmup: number }; rssMb: number }> {
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const enqPrefix = `${prefix}-enqueue`;
  const child = start('api-enqueue', 'api', {
    REDIS_URL: url,
    QUEUE_PREFIX: enqPrefix,
    PORT: String(port),
    MAX_QUEUED: String((CFG.enqueueN + CFG.enqueueWarmup) * 10),
  });
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
    await stopChild(child);
    await removePrefix(url, enqPrefix);
  }
}

function machine(): Record<string, string | number> {
  const sh = (cmd: string, args: string[]): string =>
    spawnSync(cmd, args, { encoding: 'utf8' }).stdout?.trim() ?? '';
  const os = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'unknown';
  const docker = sh('docker', ['version', '--format', '{{.Server.Version}}']);
  const cgroup = sh('docker', ['info', '--format', '{{.CgroupVersion}}']);
  const m = {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? '',
    os,
    kernel: release(),
    docker,
    cgroup: `v${cgroup}`,
    node: process.version,
  };
  return {
    ...m,
    summary: `${m.cores} cores, ${os}, kernel ${m.kernel}, Docker ${docker}, cgroup v${cgroup}`,
  };
}

async function run(s: Stack): Promise<BenchResults> {
  const agent = keepAliveAgent(64);
  const latency: LatencyRow[] = [];
  const throughput: ThroughputRow[] = [];
  const judged: BenchResults['judged'] = [];
  const breakdown: BenchResults['breakdown'] = {};
  const byMode: Partial<Record<Isolation, RssMb>> = {};
  for (const mode of CFG.modes) {
    const m = await measureMode(s, agent, mode);
    latency.push(...m.latency);
    throughput.push(...m.throughput);
    judged.push(m.judged);
    Object.assign(breakdown, m.breakdown);
    byMode[mode] = m.rss;
  }
  const base = await baselinePhase(s);
  const enq = await enqueuePhase(s.url);
  agent.destroy();
  const partial = {
    at: new Date().toISOString(),
    machine: machine(),
    config: {
      ...CFG,
      modes: CFG.modes.join(','),
      levels: CFG.levels.join(','),
      workerConcurrency: CFG.workerConcurrency || `default (${cpus().length})`,
    },
    latency: [...latency, ...base.latency],
    throughput: [...throughput, ...base.throughput],
    judged,
    enqueue: enq.result,
    rssMb: { byMode, apiAfterEnqueue: enq.rssMb },
    breakdown,
  };
  return { ...partial, targets: judgeTargets(partial) };
}

let cleaning: Promise<void> | null = null;
function cleanup(url: string | null): Promise<void> {
  cleaning ??= (async () => {
    await Promise.all([...children].map((c) => c.stop()));
    removeBaselineContainers(runId);
    for (const name of workerNames) {
      const ids = spawnSync('docker', ['ps', '-aq', '--filter', `label=${LABEL_WORKER}=${prefix}-${name}`], {
        encoding: 'utf8',
      }).stdout?.trim();
      if (ids) spawnSync('docker', ['rm', '-f', ...ids.split('\n')], { stdio: 'ignore' });
    }
    if (url)
      await Promise.all([removePrefix(url, prefix), removePrefix(url, `${prefix}-enqueue`)]).catch(
        (e: Error) => log(`cleanup: ${e.message}`),
      );
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
    const apiChild = start('api', 'api', {
      REDIS_URL: url,
      QUEUE_PREFIX: prefix,
      PORT: String(port),
      HOST: '127.0.0.1',
    });
    const res = await run({ url, api: `http://127.0.0.1:${port}`, redis, apiChild });
    const dir = join(ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const report = renderReport(res);
    writeFileSync(join(dir, `${CFG.out}.json`), `${JSON.stringify(res, null, 2)}\n`);
    writeFileSync(join(dir, `${CFG.out}.svg`), renderSvg(res));
    writeFileSync(join(dir, `${CFG.out}.md`), `${res.machine.summary}\n\n${report}\n`);
    console.log(`${res.machine.summary}\n\n${report}\n\nwritten: bench/results/${CFG.out}.{json,svg,md}`);
  } catch (err) {
    for (const c of children)
      if (!c.alive || process.env.BENCH_VERBOSE) log(`${c.name} log:\n${c.logTail()}`);
    log(`failed: ${(err as Error).stack ?? String(err)}`);
    process.exitCode = 1;
  } finally {
    await cleanup(url);
    redis?.disconnect();
  }
}

void main();
