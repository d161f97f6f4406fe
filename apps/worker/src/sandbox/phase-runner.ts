import type { KillReason, Limits } from '@judgebox/domain';
import type { CgroupHandle, CgroupSample } from './cgroup';
import type { InitChannel, InitExit } from './init-channel';
import { OutputCollector } from './output-collector';

export interface PhaseSpec {
  cmd: string[];
  stdin: Buffer | null;
  limits: Limits;
}

/** Raw facts of one phase; the verdict is decided elsewhere from these. */
export interface PhaseOutcome {
  stdout: Buffer;
  stderr: Buffer;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  exitCode: number | null;
  cpuTimeMs: number;
  wallTimeMs: number;
  peakMemoryBytes: number;
  oomKilled: boolean;
  pidsLimitHit: boolean;
  killedBy: KillReason;
}

export interface PhaseContext {
  channel: InitChannel;
  cgroup: CgroupHandle;
  /** Stops every process of the sandbox but its init; called on a limit or on abort. */
  killAll: () => Promise<void>;
  /** Last resort when the init does not report an end after a kill: the sandbox dies. */
  destroy: () => Promise<void>;
  signal: AbortSignal;
}

interface Readings {
  sample: CgroupSample;
  peak: number;
}

/** Time the init has to report the end of a killed command before the sandbox is destroyed. */
const KILL_GRACE_MS = 2_000;

/**
 * Runs one command in the sandbox through its init (jbinit) and measures it from outside: CPU time
 * and OOM kills from the cgroup, wall time by the init's clock (the worker's when the sandbox went
 * away), output by counting bytes. Limits are enforced here: on any of them every process but the
 * init is killed.
 */
export async function runPhase(ctx: PhaseContext, spec: PhaseSpec): Promise<PhaseOutcome> {
  const before = await ctx.cgroup.sample();
  await ctx.cgroup.resetPeak();
  const readings = (): Promise<Readings> =>
    Promise.all([ctx.cgroup.sample(), ctx.cgroup.peakMemoryBytes()]).then(([sample, peak]) => ({ sample, peak }));

  const timers = new Timers();
  let killedBy: KillReason = null;
  let killed = false;
  let killing: Promise<void> = Promise.resolve();
  // Stopping the sandbox can remove its cgroup, so the cgroup is read just before the kill.
  let snapshot: Readings | null = null;
  const kill = (reason: KillReason): void => {
    if (killed) return;
    killed = true;
    killedBy ??= reason;
    killing = (async () => {
      snapshot = await readings().catch(() => null);
      await ctx.killAll();
    })().catch(() => undefined);
    timers.after(KILL_GRACE_MS, () => void ctx.destroy().catch(() => undefined));
  };
  const stdout = new OutputCollector(spec.limits.outputBytes, () => kill('output'));
  const stderr = new OutputCollector(spec.limits.outputBytes, () => kill('output'));

  const started = performance.now();
  const onAbort = (): void => kill(null);
  let exit: InitExit | null;
  try {
    const exited = ctx.channel.run(spec.cmd, spec.limits.outputBytes, (stream, data) => (stream === 'stdout' ? stdout : stderr).add(data));
    if (spec.stdin && spec.stdin.length > 0) ctx.channel.writeStdin(spec.stdin);
    ctx.channel.closeStdin();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    timers.after(spec.limits.wallTimeMs, () => kill('wall_time'));
    watchCpu(ctx.cgroup, before.cpuNs, spec.limits.cpuTimeMs, () => kill('cpu_time'), timers);
    exit = await exited;
  } finally {
    timers.stop();
    ctx.signal.removeEventListener('abort', onAbort);
  }
  const endedAt = performance.now();
  await killing;
  if (ctx.signal.aborted) throw new Error('sandbox run aborted: worker shutting down');

  const final = (await readings().catch(() => null)) ?? snapshot;
  const after = final?.sample ?? before;
  return {
    stdout: stdout.bytes(),
    stderr: stderr.bytes(),
    stdoutTruncated: stdout.truncated,
    stderrTruncated: stderr.truncated,
    exitCode: exit?.exitCode ?? null,
    cpuTimeMs: Math.round(Math.max(0, after.cpuNs - before.cpuNs) / 1e6),
    wallTimeMs: exit?.wallTimeMs ?? Math.round(endedAt - started),
    peakMemoryBytes: final?.peak ?? 0,
    oomKilled: after.oomKills > before.oomKills,
    pidsLimitHit: after.pidsMaxHits > before.pidsMaxHits,
    killedBy,
  };
}

/**
 * The sandbox has one CPU (cgroup quota), so CPU time cannot outrun wall time: the first check is
 * due when the CPU limit could first be reached, the next when the remainder could be.
 */
function watchCpu(cgroup: CgroupHandle, startNs: number, limitMs: number, onExceeded: () => void, timers: Timers): void {
  const check = (delayMs: number): void =>
    timers.after(delayMs, () => {
      cgroup.sample().then(
        (s) => {
          const usedMs = (s.cpuNs - startNs) / 1e6;
          if (usedMs >= limitMs) onExceeded();
          else check(Math.max(5, limitMs - usedMs));
        },
        () => onExceeded(),
      );
    });
  check(limitMs);
}

/** Timeouts of one phase; once stopped, late callbacks schedule nothing more. */
class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();
  private stopped = false;

  after(ms: number, fn: () => void): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.pending.delete(t);
      if (!this.stopped) fn();
    }, ms);
    this.pending.add(t);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.pending) clearTimeout(t);
  }
}
