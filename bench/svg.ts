import type { BenchResults, LatencyRow, System } from './report';
import type { LatencySummary } from './stats';

/** A hand-written SVG of the results: latency boxes on a log axis, then throughput bars. */

const W = 1060;
const LABEL_W = 330; // fits "judgebox namespace Python, pool warm, back to back" at 12px
const NOTE_W = 210;
const PLOT_X = LABEL_W;
const PLOT_W = W - LABEL_W - NOTE_W - 20;
const ROW_H = 26;
const TICKS = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000];
const COLOR = {
  namespace: '#2b6cb0',
  container: '#2f855a',
  containerOff: '#9ae6b4',
  gvisor: '#805ad5',
  docker: '#dd6b20',
};

interface Row {
  label: string;
  color: string;
  latency: LatencySummary;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const text = (x: number, y: number, s: string, extra = ''): string =>
  `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${extra}>${esc(s)}</text>`;

function colorOf(system: System, pool: LatencyRow['pool'] = 'warm'): string {
  if (system === 'docker run') return COLOR.docker;
  if (system === 'judgebox namespace') return COLOR.namespace;
  if (system === 'judgebox gvisor') return COLOR.gvisor;
  return pool === 'off' ? COLOR.containerOff : COLOR.container;
}

/** A latency panel: one row per scenario, log-scaled x axis shared by its rows. */
function latencyPanel(title: string, rows: Row[], top: number): { svg: string; height: number } {
  const lo = Math.max(1, Math.min(...rows.map((r) => r.latency.min)));
  const hi = Math.max(...rows.map((r) => r.latency.max));
  // The axis spans from the tick at or below the fastest run to the tick at or above the slowest.
  const first = [...TICKS].reverse().find((t) => t <= lo) ?? TICKS[0];
  const last = TICKS.find((t) => t >= hi) ?? TICKS[TICKS.length - 1];
  const ticks = TICKS.filter((t) => t >= first && t <= last);
  const [a, b] = [Math.log10(ticks[0] ?? lo), Math.log10(ticks[ticks.length - 1] ?? hi)];
  const x = (ms: number): number => PLOT_X + ((Math.log10(Math.max(ms, 0.1)) - a) / (b - a || 1)) * PLOT_W;
  const out = [text(10, top + 16, title, 'class="title"')];
  const y0 = top + 30;
  const bottom = y0 + rows.length * ROW_H;
  for (const t of ticks) {
    out.push(`<line x1="${x(t)}" y1="${y0 - 4}" x2="${x(t)}" y2="${bottom}" class="grid"/>`);
    out.push(text(x(t), bottom + 14, t >= 1000 ? `${t / 1000} s` : `${t} ms`, 'class="tick"'));
  }
  rows.forEach((r, i) => {
    const y = y0 + i * ROW_H + ROW_H / 2;
    const l = r.latency;
    out.push(text(PLOT_X - 8, y + 4, r.label, 'class="label"'));
    out.push(
      `<line x1="${x(l.min)}" y1="${y}" x2="${x(l.max)}" y2="${y}" stroke="${r.color}" stroke-width="1.5"/>`,
    );
    out.push(
      `<line x1="${x(l.p75)}" y1="${y}" x2="${x(l.p95)}" y2="${y}" stroke="${r.color}" stroke-width="6" opacity="0.45"/>`,
    );
    out.push(
      `<rect x="${x(l.p25)}" y="${y - 8}" width="${Math.max(2, x(l.p75) - x(l.p25))}" height="16" fill="${r.color}" opacity="0.85"/>`,
    );
    out.push(
      `<line x1="${x(l.p50)}" y1="${y - 11}" x2="${x(l.p50)}" y2="${y + 11}" stroke="#111" stroke-width="2.5"/>`,
    );
    out.push(`<circle cx="${x(l.p99)}" cy="${y}" r="4" fill="#fff" stroke="#111" stroke-width="1.5"/>`);
    out.push(
      text(
        PLOT_X + PLOT_W + 12,
        y + 4,
        `p50 ${fmt(l.p50)} · p95 ${fmt(l.p95)} · p99 ${fmt(l.p99)}`,
        'class="note"',
      ),
    );
  });
  return { svg: out.join('\n'), height: bottom + 24 - top };
}

function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/** Throughput bars per concurrency, judgebox next to docker run, linear axis. */
function throughputPanel(res: BenchResults, top: number): { svg: string; height: number } {
  const byLevel = [...res.throughput].sort((a, b) => a.result.concurrency - b.result.concurrency);
  const rows = byLevel.map((r) => ({
    label: `${r.system}, concurrency ${r.result.concurrency}`,
    color: colorOf(r.system),
    value: r.result.throughput,
  }));
  const max = Math.max(...rows.map((r) => r.value), 1);
  const out = [
    text(10, top + 16, 'Throughput, Python hello world (submissions/s, pool warm)', 'class="title"'),
  ];
  const y0 = top + 30;
  rows.forEach((r, i) => {
    const y = y0 + i * (ROW_H - 6);
    const w = (r.value / max) * PLOT_W;
    out.push(text(PLOT_X - 8, y + 13, r.label, 'class="label"'));
    out.push(
      `<rect x="${PLOT_X}" y="${y + 2}" width="${Math.max(1, w)}" height="14" fill="${r.color}" opacity="0.85"/>`,
    );
    out.push(text(PLOT_X + w + 6, y + 13, `${r.value}/s`, 'class="note"'));
  });
  return { svg: out.join('\n'), height: 30 + rows.length * (ROW_H - 6) + 16 };
}

function legend(top: number, gvisor: boolean): string {
  const items = [
    [COLOR.namespace, 'judgebox namespace'],
    [COLOR.container, 'judgebox container'],
    [COLOR.containerOff, 'judgebox container, pool off'],
    [COLOR.docker, 'docker run --rm, same flags'],
    ...(gvisor ? [[COLOR.gvisor, 'judgebox gvisor (runsc)']] : []),
  ];
  const step = gvisor ? 205 : 230; // five items fit the width at 205 px each
  const parts = items.map(
    ([c, s], i) =>
      `<rect x="${10 + i * step}" y="${top}" width="14" height="14" fill="${c}"/>${text(30 + i * step, top + 12, s, 'class="note"')}`,
  );
  parts.push(
    text(
      10,
      top + 32,
      'thin line min–max · box p25–p75 · black bar p50 · shaded p75–p95 · circle p99',
      'class="note"',
    ),
  );
  return parts.join('\n');
}

export function renderSvg(res: BenchResults): string {
  const c1: Row[] = res.latency.map((r) => ({
    label: r.name,
    color: colorOf(r.system, r.pool),
    latency: r.result.latency,
  }));
  const load: Row[] = [...res.throughput]
    .sort((a, b) => a.result.concurrency - b.result.concurrency)
    .map((r) => ({
      label: `${r.system}, concurrency ${r.result.concurrency}`,
      color: colorOf(r.system),
      latency: r.result.latency,
    }));
  const judged: Row[] = res.judged.map((r) => ({
    label: r.system,
    color: colorOf(r.system),
    latency: r.result.latency,
  }));
  const head = [
    text(10, 22, `judgebox bench, ${res.at.slice(0, 16).replace('T', ' ')} UTC`, 'class="head"'),
    text(10, 40, String(res.machine.summary), 'class="note"'),
  ].join('\n');
  let top = 54;
  const parts = [
    head,
    legend(
      top,
      res.latency.some((r) => r.system === 'judgebox gvisor'),
    ),
  ];
  top += 44;
  const panels = [
    latencyPanel('End-to-end latency, concurrency 1 (log scale)', c1, 0),
    latencyPanel('Latency under load, Python hello world, pool warm (log scale)', load, 0),
    throughputPanel(res, 0),
    ...(judged.length
      ? [latencyPanel('C judged on 20 test cases, concurrency 1, pool warm (log scale)', judged, 0)]
      : []),
  ];
  for (const panel of panels) {
    parts.push(`<g transform="translate(0 ${top})">${panel.svg}</g>`);
    top += panel.height + 10;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${top}" viewBox="0 0 ${W} ${top}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">`,
    '<style>.head{font-size:15px;font-weight:bold}.title{font-size:13px;font-weight:bold}.label{font-size:12px;text-anchor:end}.note{font-size:11px;fill:#333}.tick{font-size:10px;fill:#555;text-anchor:middle}.grid{stroke:#ddd;stroke-width:1}</style>',
    `<rect width="${W}" height="${top}" fill="#fff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
