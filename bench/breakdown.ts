import { spawn } from 'node:child_process';
import type { Agent } from 'node:http';
import { createInterface } from 'node:readline';
import { LABEL_SANDBOX } from '../apps/worker/src/sandbox/container-spec';
import { submitAndWait, type Program } from './programs';
import { percentile } from './stats';
import { sleep } from './stack';

/** One step of a submission's life as seen from the engine (docker events) and the client. */
export interface BreakdownStep {
  /** `from → to`, e.g. `exec_create tar → exec_die tar`. */
  step: string;
  p50: number;
  /** How many of the requests had this step. */
  seen: number;
}

interface EngineEvent {
  id: string;
  action: string;
  ms: number;
}

interface DockerEventLine {
  id?: string;
  Action?: string;
  timeNano?: number;
}

const now = (): number => performance.timeOrigin + performance.now();

/**
 * Sends `n` submissions one at a time while `docker events` records what the engine did for our
 * sandboxes, then reports the median time between consecutive events of the container each request
 * used: where the end-to-end latency goes.
 */
export async function measureBreakdown(api: string, program: Program, agent: Agent, n: number): Promise<BreakdownStep[]> {
  const proc = spawn('docker', ['events', '--format', '{{json .}}', '--filter', 'type=container', '--filter', `label=${LABEL_SANDBOX}`]);
  const events: EngineEvent[] = [];
  createInterface({ input: proc.stdout }).on('line', (line) => {
    const e = JSON.parse(line) as DockerEventLine;
    if (e.id && e.Action && e.timeNano) events.push({ id: e.id, action: label(e.Action), ms: e.timeNano / 1e6 });
  });
  const windows: [number, number][] = [];
  try {
    await sleep(500); // let `docker events` subscribe
    for (let i = 0; i < n; i++) {
      const t0 = now();
      await submitAndWait(api, program, agent);
      windows.push([t0, now()]);
    }
    await sleep(500);
  } finally {
    proc.kill('SIGTERM');
  }
  return aggregate(windows.map(([t0, t1]) => timeline(events, t0, t1)));
}

/** `exec_create: python3 -I main.py` → `exec_create python3`; the exec's first word says which phase. */
function label(action: string): string {
  const [verb, rest] = action.split(': ');
  return rest ? `${verb} ${rest.split(' ')[0]}` : verb;
}

/** The events of the container that ran this request (the one with exec events in the window). */
function timeline(events: EngineEvent[], t0: number, t1: number): { action: string; ms: number }[] {
  const inWindow = events.filter((e) => e.ms >= t0 && e.ms <= t1 + 50);
  const used = inWindow.find((e) => e.action.startsWith('exec_'))?.id;
  const mine = inWindow.filter((e) => e.id === used).sort((a, b) => a.ms - b.ms);
  let lastExec = '';
  const steps = mine.map((e) => {
    if (e.action.startsWith('exec_create')) lastExec = e.action.split(' ')[1] ?? '';
    return { action: e.action === 'exec_die' ? `exec_die ${lastExec}` : e.action, ms: e.ms };
  });
  return [{ action: 'request sent', ms: t0 }, ...steps, { action: 'answer received', ms: t1 }];
}

function aggregate(timelines: { action: string; ms: number }[][]): BreakdownStep[] {
  const byStep = new Map<string, number[]>();
  for (const tl of timelines) {
    for (let i = 1; i < tl.length; i++) {
      const key = `${tl[i - 1].action} → ${tl[i].action}`;
      byStep.set(key, [...(byStep.get(key) ?? []), tl[i].ms - tl[i - 1].ms]);
    }
  }
  return [...byStep].map(([step, ms]) => ({
    step,
    p50: Math.round(percentile([...ms].sort((a, b) => a - b), 50) * 10) / 10,
    seen: ms.length,
  }));
}
