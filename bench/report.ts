import type { BreakdownStep } from './breakdown';
import type { LoadResult } from './stats';

export type System = 'judgebox' | 'docker run';

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
  /** CPU ms the machine spent per run, by process (see cpu.ts). */
  cpuMsPerRun: Record<string, number>;
}

export interface Target {
  name: string;
  value: number;
  goal: string;
  pass: boolean;
}

export interface BenchResults {
  at: string;
  machine: Record<string, string | number>;
  config: Record<string, string | number>;
  latency: LatencyRow[];
  throughput: ThroughputRow[];
  enqueue: LoadResult & { total: number; warmup: number };
  rssMb: { api: number; worker: number; apiPeak: number; workerPeak: number; apiAfterEnqueue: number };
  breakdown: { warm: BreakdownStep[]; off: BreakdownStep[] };
  targets: Target[];
}

const r2 = (x: number): number => Math.round(x * 100) / 100;

function baselineOf(rows: LatencyRow[], language: string): LatencyRow | undefined {
  return rows.find((r) => r.system === 'docker run' && r.language === language);
}

function tpAt(rows: ThroughputRow[], system: System, c: number): LoadResult | undefined {
  return rows.find((r) => r.system === system && r.result.concurrency === c)?.result;
}

/** The issue's targets, each judged from the measurements. */
export function judgeTargets(res: Omit<BenchResults, 'targets'>): Target[] {
  const warmPy = res.latency.find((r) => r.system === 'judgebox' && r.language === 'python' && r.pool === 'warm');
  const basePy = baselineOf(res.latency, 'python');
  const p50Ratio = warmPy && basePy ? warmPy.result.latency.p50 / basePy.result.latency.p50 : NaN;
  const jb8 = tpAt(res.throughput, 'judgebox', 8)?.throughput ?? NaN;
  const dr8 = tpAt(res.throughput, 'docker run', 8)?.throughput ?? NaN;
  return [
    { name: 'Python c=1 warm p50 / docker run p50', value: r2(p50Ratio), goal: '≤ 0.25', pass: p50Ratio <= 0.25 },
    { name: 'throughput c=8 / docker run c=8', value: r2(jb8 / dr8), goal: '≥ 1.5', pass: jb8 / dr8 >= 1.5 },
    { name: 'enqueue rate (accepted/s)', value: res.enqueue.throughput, goal: '≥ 1500', pass: res.enqueue.throughput >= 1500 },
    { name: 'API RSS at rest (MiB)', value: res.rssMb.api, goal: '< 200', pass: res.rssMb.api < 200 },
    { name: 'worker RSS at rest (MiB)', value: res.rssMb.worker, goal: '< 200', pass: res.rssMb.worker < 200 },
  ];
}

function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows].map((r) => r.map(String));
  const width = head.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join(' | ')} |`;
  const rule = `|${width.map((w, i) => (i === 0 ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

/** The whole report as Markdown tables (readable in a terminal, pasted as is into README). */
export function renderReport(res: BenchResults): string {
  const lat = table(
    ['end to end, concurrency 1', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'p50 vs docker run'],
    res.latency.map((r) => {
      const base = baselineOf(res.latency, r.language);
      const ratio = r.system === 'judgebox' && base ? `${r2(r.result.latency.p50 / base.result.latency.p50)}×` : '—';
      const l = r.result.latency;
      return [r.name + (l.errors ? ` (${l.errors} errors)` : ''), l.n, l.p50, l.p95, l.p99, ratio];
    }),
  );
  const levels = [...new Set(res.throughput.map((r) => r.result.concurrency))];
  const tp = table(
    ['Python hello world, pool warm', 'judgebox /s', 'judgebox p99 ms', 'docker run /s', 'docker run p99 ms', 'throughput ratio'],
    levels.map((c) => {
      const jb = tpAt(res.throughput, 'judgebox', c);
      const dr = tpAt(res.throughput, 'docker run', c);
      const ratio = jb && dr ? `${r2(jb.throughput / dr.throughput)}×` : '—';
      return [`concurrency ${c} (${jb?.latency.n ?? 0} runs)`, jb?.throughput ?? '—', jb?.latency.p99 ?? '—', dr?.throughput ?? '—', dr?.latency.p99 ?? '—', ratio];
    }),
  );
  const e = res.enqueue;
  const other = table(
    ['other', 'value'],
    [
      [`enqueue only (${e.total} POSTs after ${e.warmup} unmeasured, concurrency ${e.concurrency})`, `${e.throughput}/s, p50 ${e.latency.p50} ms, p99 ${e.latency.p99} ms, ${e.latency.errors} refused`],
      ['API RSS at rest (peak)', `${res.rssMb.api} MiB (${res.rssMb.apiPeak} MiB); ${res.rssMb.apiAfterEnqueue} MiB after the enqueue run`],
      ['worker RSS at rest (peak)', `${res.rssMb.worker} MiB (${res.rssMb.workerPeak} MiB)`],
    ],
  );
  const cpuAt = (system: System): Record<string, number> =>
    res.throughput.find((r) => r.system === system && r.result.concurrency === 8)?.cpuMsPerRun ?? {};
  const [jbCpu, drCpu] = [cpuAt('judgebox'), cpuAt('docker run')];
  const names = [...new Set([...Object.keys(jbCpu), ...Object.keys(drCpu)])];
  const cpu = table(
    ['CPU ms per Python run at concurrency 8', 'judgebox', 'docker run'],
    names.map((n) => [n, jbCpu[n] ?? '—', drCpu[n] ?? '—']),
  );
  const targets = table(
    ['target', 'measured', 'goal', ''],
    res.targets.map((t) => [t.name, t.value, t.goal, t.pass ? 'PASS' : 'MISS']),
  );
  const bd = (steps: BreakdownStep[]): string => table(['step (Python, c=1, from the job\'s BullMQ times)', 'p50 ms'], steps.map((s) => [s.step, s.p50]));
  return [lat, tp, cpu, other, targets, `Where the time goes, pool warm:\n\n${bd(res.breakdown.warm)}`, `Pool off:\n\n${bd(res.breakdown.off)}`].join('\n\n');
}
