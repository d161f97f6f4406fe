import { baselineOf, r2, type BenchResults, type JudgedRow, type ThroughputRow } from './report';

/** Order of the CPU columns; a process a row did not measure (the worker for docker run) shows —. */
const CPU_COLUMNS = ['total', 'api', 'worker', 'bench', 'dockerd', 'containerd', 'other'];

function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows].map((r) => r.map(String));
  // At least 2 wide: a Markdown alignment cell needs a dash besides its colon.
  const width = head.map((_, i) => Math.max(2, ...cells.map((r) => r[i].length)));
  const line = (r: string[]): string =>
    `| ${r.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join(' | ')} |`;
  const rule = `|${width.map((w, i) => (i === 0 ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

const withErrors = (name: string, errors: number): string => name + (errors ? ` (${errors} errors)` : '');

function latencyTable(res: BenchResults): string {
  return table(
    ['end to end, concurrency 1', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'p50 vs docker run'],
    res.latency.map((r) => {
      const base = baselineOf(res.latency, r.language);
      const ratio =
        r.system !== 'docker run' && base ? `${r2(r.result.latency.p50 / base.result.latency.p50)}×` : '—';
      const l = r.result.latency;
      return [withErrors(r.name, l.errors), l.n, l.p50, l.p95, l.p99, ratio];
    }),
  );
}

function throughputTable(rows: ThroughputRow[]): string {
  const sorted = [...rows].sort((a, b) => a.result.concurrency - b.result.concurrency);
  return table(
    [
      'Python hello world, pool warm',
      'c',
      'runs',
      '/s',
      'p50 ms',
      'p99 ms',
      ...CPU_COLUMNS.map((c) => (c === 'total' ? 'CPU ms/run: machine' : c)),
    ],
    sorted.map((r) => {
      const l = r.result.latency;
      return [
        withErrors(r.system, l.errors),
        r.result.concurrency,
        l.n,
        r.result.throughput,
        l.p50,
        l.p99,
        ...CPU_COLUMNS.map((c) => r.cpuMsPerRun[c] ?? '—'),
      ];
    }),
  );
}

function judgedTable(rows: JudgedRow[]): string {
  const ns = rows.find((r) => r.system === 'judgebox namespace');
  const c = rows[0]?.underLoad.concurrency ?? '?';
  return table(
    [
      'C judged on 20 test cases, pool warm',
      'c=1 n',
      'p50 ms',
      'p95 ms',
      'p50 / namespace',
      `c=${c} n`,
      '/s',
      'p50 ms',
      'CPU ms/submission',
      '/s vs namespace',
    ],
    rows.map((r) => {
      const l = r.result.latency;
      const u = r.underLoad;
      return [
        withErrors(r.system, l.errors + u.latency.errors),
        l.n,
        l.p50,
        l.p95,
        ns ? `${r2(l.p50 / ns.result.latency.p50)}×` : '—',
        u.latency.n,
        r2(u.throughput),
        u.latency.p50,
        r.cpuMsPerRun.total ?? '—',
        ns ? `${r2(u.throughput / ns.underLoad.throughput)}×` : '—',
      ];
    }),
  );
}

function otherTable(res: BenchResults): string {
  const e = res.enqueue;
  const rss = Object.entries(res.rssMb.byMode).map(([mode, m]) => [
    `RSS at rest after the ${mode} phases (peak)`,
    `API ${m.api} MiB (${m.apiPeak}), worker ${m.worker} MiB (${m.workerPeak})`,
  ]);
  return table(
    ['other', 'value'],
    [
      [
        `enqueue only (${e.total} POSTs after ${e.warmup} unmeasured, concurrency ${e.concurrency})`,
        `${e.throughput}/s, p50 ${e.latency.p50} ms, p99 ${e.latency.p99} ms, ${e.latency.errors} refused`,
      ],
      ...rss,
      ['API RSS after the enqueue run', `${res.rssMb.apiAfterEnqueue} MiB`],
    ],
  );
}

/** One table, a column per scenario: where a Python hello world's time goes. */
function breakdownTable(breakdown: BenchResults['breakdown']): string {
  const scenarios = Object.keys(breakdown);
  const steps = [...new Set(Object.values(breakdown).flatMap((s) => s.map((x) => x.step)))];
  return table(
    ["step (Python, c=1, from the job's BullMQ times), p50 ms", ...scenarios],
    steps.map((step) => [
      step,
      ...scenarios.map((s) => breakdown[s].find((x) => x.step === step)?.p50 ?? '—'),
    ]),
  );
}

/** The whole report as Markdown tables (readable in a terminal, pasted as is into docs/performance.md). */
export function renderReport(res: BenchResults): string {
  const targets = table(
    ['target', 'measured', 'goal', ''],
    res.targets.map((t) => [t.name, t.value, t.goal, t.pass ? 'PASS' : 'MISS']),
  );
  return [
    latencyTable(res),
    throughputTable(res.throughput),
    judgedTable(res.judged),
    targets,
    otherTable(res),
    breakdownTable(res.breakdown),
  ].join('\n\n');
}
