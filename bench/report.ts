import type { BreakdownStep } from './breakdown';
import type { LoadResult } from './stats';

/** The worker's SANDBOX_ISOLATION. */
/** A worker's sandbox mode: `gvisor` is container isolation under the runsc runtime. */
export type Isolation = 'namespace' | 'container' | 'gvisor';
export type System = `judgebox ${Isolation}` | 'docker run';

/** One latency scenario at concurrency 1. */
export interface LatencyRow {
  name: string;
  system: System;
  language: string;
  /** `back-to-back`: the warm pool, each request sent as the previous answer arrives (no pause). */
  pool: 'warm' | 'off' | 'back-to-back' | null;
  result: LoadResult;
}

export interface ThroughputRow {
  system: System;
  result: LoadResult;
  /** CPU ms the machine spent per run, by process, and `total`: the whole machine's busy time (see cpu.ts). */
  cpuMsPerRun: Record<string, number>;
}

/** The C submission judged on 20 test cases, pool warm: at concurrency 1, and under load. */
export interface JudgedRow {
  system: System;
  result: LoadResult;
  /** Closed loop at concurrency CFG.judgeLoadC, with the machine's CPU per submission. */
  underLoad: LoadResult;
  cpuMsPerRun: Record<string, number>;
}

export interface Target {
  name: string;
  value: number;
  goal: string;
  pass: boolean;
}

export interface RssMb {
  api: number;
  worker: number;
  apiPeak: number;
  workerPeak: number;
}

export interface BenchResults {
  at: string;
  machine: Record<string, string | number>;
  config: Record<string, string | number>;
  latency: LatencyRow[];
  throughput: ThroughputRow[];
  judged: JudgedRow[];
  enqueue: LoadResult & { total: number; warmup: number };
  /** At rest after each mode's warm phases, by mode; `apiAfterEnqueue` once the enqueue run is over. */
  rssMb: { byMode: Partial<Record<Isolation, RssMb>>; apiAfterEnqueue: number };
  /** By scenario, e.g. `namespace, pool warm`. */
  breakdown: Record<string, BreakdownStep[]>;
  targets: Target[];
}

export const r2 = (x: number): number => Math.round(x * 100) / 100;

export function baselineOf(rows: LatencyRow[], language: string): LatencyRow | undefined {
  return rows.find((r) => r.system === 'docker run' && r.language === language);
}

export function tpAt(rows: ThroughputRow[], system: System, c: number): ThroughputRow | undefined {
  return rows.find((r) => r.system === system && r.result.concurrency === c);
}

const p50 = (r: { result: LoadResult } | undefined): number => r?.result.latency.p50 ?? NaN;

function pythonC1(res: Omit<BenchResults, 'targets'>, system: System, pool: LatencyRow['pool']): number {
  return p50(res.latency.find((r) => r.system === system && r.language === 'python' && r.pool === pool));
}

const atMost = (name: string, value: number, goal: number): Target => ({
  name,
  value: r2(value),
  goal: `≤ ${goal}`,
  pass: value <= goal,
});
const atLeast = (name: string, value: number, goal: number): Target => ({
  name,
  value: r2(value),
  goal: `≥ ${goal}`,
  pass: value >= goal,
});

/** The targets of issue 11, each judged from the measurements (a mode not measured misses its targets). */
export function judgeTargets(res: Omit<BenchResults, 'targets'>): Target[] {
  const ns: System = 'judgebox namespace';
  const dockerPy = p50(baselineOf(res.latency, 'python'));
  const tp8 = (s: System): number => tpAt(res.throughput, s, 8)?.result.throughput ?? NaN;
  const judged = (s: System): number => p50(res.judged.find((r) => r.system === s));
  const judgedTp = (s: System): number => res.judged.find((r) => r.system === s)?.underLoad.throughput ?? NaN;
  const loadC = res.judged[0]?.underLoad.concurrency ?? NaN;
  const rss = res.rssMb.byMode.namespace ?? Object.values(res.rssMb.byMode)[0];
  return [
    atLeast('Python throughput c=8, namespace / docker run', tp8(ns) / tp8('docker run'), 8),
    atMost('Python c=1 paced p50, namespace / docker run', pythonC1(res, ns, 'warm') / dockerPy, 0.12),
    atMost(
      'Python c=1 back to back p50, namespace / docker run (paced)',
      pythonC1(res, ns, 'back-to-back') / dockerPy,
      0.2,
    ),
    atMost(
      'machine CPU ms per Python submission, namespace c=8',
      tpAt(res.throughput, ns, 8)?.cpuMsPerRun.total ?? NaN,
      50,
    ),
    atLeast('C judged on 20 cases p50, container / namespace', judged('judgebox container') / judged(ns), 3),
    atLeast(
      `C judged on 20 cases throughput c=${loadC}, namespace / container`,
      judgedTp(ns) / judgedTp('judgebox container'),
      3,
    ),
    atLeast('enqueue rate (accepted/s)', res.enqueue.throughput, 1500),
    { name: 'API RSS at rest (MiB)', value: rss?.api ?? NaN, goal: '< 200', pass: (rss?.api ?? NaN) < 200 },
    ...Object.entries(res.rssMb.byMode).map(([mode, m]) => ({
      name: `worker RSS at rest, ${mode} (MiB)`,
      value: m.worker,
      goal: '< 200',
      pass: m.worker < 200,
    })),
  ];
}
