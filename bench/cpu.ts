import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** USER_HZ: /proc reports CPU time in ticks of 10 ms on every Linux we run on. */
const TICK_MS = 10;

/** CPU time used so far by the whole machine (busy, not idle) and by a few named processes, in ms. */
export interface CpuSnapshot {
  busyMs: number;
  byName: Record<string, number>;
}

function procMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after "pid (comm) ".
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

function busyMs(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const n = ticks.map(Number);
  const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
  return (total - n[3] - n[4]) * TICK_MS; // minus idle and iowait
}

/** Pids of the engine's long-lived processes, looked up once per snapshot. */
function enginePids(): Record<string, number[]> {
  const pidof = (name: string): number[] =>
    (spawnSync('pidof', [name], { encoding: 'utf8' }).stdout ?? '')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  return { dockerd: pidof('dockerd'), containerd: pidof('containerd') };
}

export function cpuSnapshot(named: Record<string, number>): CpuSnapshot {
  const byName: Record<string, number> = {};
  for (const [name, pid] of Object.entries(named)) byName[name] = procMs(pid);
  for (const [name, pids] of Object.entries(enginePids()))
    byName[name] = pids.reduce((s, p) => s + procMs(p), 0);
  return { busyMs: busyMs(), byName };
}

/**
 * CPU milliseconds per run between two snapshots, per named process; `other` is everything else
 * the machine did meanwhile: runc, containerd shims, the docker CLI, the programs, the kernel.
 */
export function cpuPerRun(a: CpuSnapshot, b: CpuSnapshot, runs: number): Record<string, number> {
  const per = (ms: number): number => Math.round((ms / Math.max(1, runs)) * 10) / 10;
  const out: Record<string, number> = {};
  let named = 0;
  for (const name of Object.keys(b.byName)) {
    const d = b.byName[name] - (a.byName[name] ?? 0);
    named += d;
    out[name] = per(d);
  }
  out.other = per(b.busyMs - a.busyMs - named);
  out.total = per(b.busyMs - a.busyMs);
  return out;
}
