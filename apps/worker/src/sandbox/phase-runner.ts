import { SANDBOX_SIZES, type KillReason, type Limits } from '@judgebox/domain';
import type { CgroupHandle, CgroupSample } from './cgroup';
import type { InitChannel, InitExit } from './init-channel';
import { OutputCollector } from './output-collector';
import type { PhaseOutcome, PhaseSpec } from './sandbox-driver';

export interface PhaseContext {
  channel: InitChannel;
  cgroup: CgroupHandle;
  /** Stops every process of the sandbox but its init; called on a limit or on abort. */
  killAll: () => Promise<void>;
  /** Last resort when the init does not report an end after a kill: the sandbox dies. */
  destroy: () => Promise<void>;
  signal: AbortSignal;
  /** How a command is started in this sandbox (gVisor: under the phase's process limit). */
  command?: (cmd: string[], limits: PhaseSpec['limits']) => string[];
  /**
   * Whether the engine recorded an OOM kill of the whole sandbox: under gVisor the kernel's OOM
   * killer picks a process of gVisor's in the cgroup, so the sandbox dies with its cgroup.
   */
  sandboxOomKilled?: () => Promise<boolean>;
}

interface Readings {
  sample: CgroupSample;
  peak: number;
}

/** Limits of the worker's own short steps in a sandbox: unpacking files, cleaning, probing. */
export const SUPERVISOR_LIMITS: Limits = {
  cpuTimeMs: 5_000,
  wallTimeMs: 10_000,
  memoryMb: SANDBOX_SIZES.workDirMb,
  processes: 8,
  outputBytes: 16_384,
};

/** Time the init has to report the end of a killed command before the sandbox is destroyed. */
const KILL_GRACE_MS = 2_000;

/**
 * How the init starts a phase's command: `fd3`, a file it opens read-only as the command's fd 3;
 * `held`, as the command it holds (InitChannel.hold), which then execs the phase's command; `hold`,
 * holds this command first (with `fd3`; it ends with JBWAIT), then the same.
 *
 * A held command reports when it reached the phase's exec: the phase's CPU and wall time count
 * from then, so building its sandbox is not charged to it. One that never got there (its sandbox
 * could not be built, or died) throws SandboxSetupError, unless `release` (the outcome is unused:
 * a held sandbox let go).
 */
export interface PhaseStart {
  fd3?: string;
  held?: boolean;
  hold?: string[];
  release?: boolean;
}

/**
 * A phase's command never reached its exec: what should have run it (an inner sandbox) failed or
 * was killed first. An infrastructure fault, never the program's verdict.
 */
export class SandboxSetupError extends Error {}

/**
 * Runs one command in the sandbox through its init (jbinit) and measures it from outside: CPU time
 * and OOM kills from the cgroup, wall time by the init's clock (the worker's when the sandbox went
 * away), output by counting bytes. Limits are enforced here: on any of them every process but the
 * init is killed.
 */
export async function runPhase(
  ctx: PhaseContext,
  spec: PhaseSpec,
  how: PhaseStart = {},
): Promise<PhaseOutcome> {
  const outcome = await execPhase(ctx, spec, how);
  spec.onEnd?.(outcome);
  return outcome;
}

async function execPhase(ctx: PhaseContext, spec: PhaseSpec, how: PhaseStart): Promise<PhaseOutcome> {
  const before = await ctx.cgroup.sample();
  await ctx.cgroup.resetPeak();
  // Where the phase's CPU time counts from: moved to the cgroup's reading at the exec when a held
  // command reports one that fits (the same counter, read from inside: never below the host's).
  const start = { cpuNs: before.cpuNs };
  const held = how.held === true || how.hold !== undefined;
  const onStarted = (cpuNs: number | null): void => {
    if (cpuNs !== null && cpuNs >= before.cpuNs) start.cpuNs = cpuNs;
  };
  const readings = (): Promise<Readings> =>
    Promise.all([ctx.cgroup.sample(), ctx.cgroup.peakMemoryBytes()]).then(([sample, peak]) => ({
      sample,
      peak,
    }));

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
  const live = (name: 'stdout' | 'stderr') =>
    spec.onOutput && ((chunk: Buffer) => spec.onOutput?.(name, chunk));
  const stdout = new OutputCollector(spec.limits.outputBytes, () => kill('output'), live('stdout'));
  const stderr = new OutputCollector(spec.limits.outputBytes, () => kill('output'), live('stderr'));

  const started = performance.now();
  const onAbort = (): void => kill(null);
  let stopStdin = (): void => undefined;
  let exit: InitExit | null;
  try {
    const cmd = ctx.command?.(spec.cmd, spec.limits) ?? spec.cmd;
    const onOutput = (stream: 'stdout' | 'stderr', data: Buffer): void =>
      (stream === 'stdout' ? stdout : stderr).add(data);
    if (how.hold) ctx.channel.hold(how.hold, how.fd3);
    const exited = held
      ? ctx.channel.go(cmd, spec.limits.outputBytes, onOutput, onStarted)
      : ctx.channel.run(cmd, spec.limits.outputBytes, onOutput, how.fd3);
    spec.onStart?.();
    stopStdin = feedStdin(ctx.channel, spec.stdin);
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    // A kill that misses a process still starting is caught by kill's own destroy after its grace.
    if (spec.kill?.aborted) onAbort();
    else spec.kill?.addEventListener('abort', onAbort, { once: true });
    timers.after(spec.limits.wallTimeMs, () => kill('wall_time'));
    watchCpu(ctx.cgroup, start, spec.limits.cpuTimeMs, () => kill('cpu_time'), timers);
    exit = await exited;
  } finally {
    timers.stop();
    ctx.signal.removeEventListener('abort', onAbort);
    spec.kill?.removeEventListener('abort', onAbort);
    stopStdin();
  }
  const endedAt = performance.now();
  await killing;
  if (ctx.signal.aborted) throw new Error('sandbox run aborted: worker shutting down');

  const final = (await readings().catch(() => null)) ?? snapshot;
  const after = final?.sample ?? before;
  const sandboxOom = exit === null && ((await ctx.sandboxOomKilled?.().catch(() => false)) ?? false);
  const oomKilled = after.oomKills > before.oomKills || sandboxOom;
  // Not started: an abort (the worker's, or a live client's) may come first, and an OOM kill is
  // the submission's (what its earlier processes left on the slot's tmpfs is charged to it).
  const aborted = killed && killedBy === null;
  if (held && !how.release && exit !== null && !exit.started && !aborted && !oomKilled) {
    const why = stderr.bytes().toString('utf8').trim().slice(0, 500);
    throw new SandboxSetupError(`the phase's sandbox was not built (exit ${exit.exitCode}): ${why}`);
  }
  const from = after.cpuNs >= start.cpuNs ? start.cpuNs : before.cpuNs;
  return {
    stdout: stdout.bytes(),
    stderr: stderr.bytes(),
    stdoutTruncated: stdout.truncated,
    stderrTruncated: stderr.truncated,
    exitCode: exit?.exitCode ?? null,
    cpuTimeMs: Math.round(Math.max(0, after.cpuNs - from) / 1e6),
    wallTimeMs: exit?.wallTimeMs ?? Math.round(endedAt - started),
    peakMemoryBytes: final?.peak ?? 0,
    oomKilled,
    pidsLimitHit: after.pidsMaxHits > before.pidsMaxHits,
    killedBy,
  };
}

/**
 * Writes stdin, all at once or as a live source yields it, then closes it; returns how to stop
 * early. Once stopped nothing more is written: the next command in the sandbox has its own stdin.
 */
function feedStdin(channel: InitChannel, stdin: PhaseSpec['stdin']): () => void {
  if (stdin === null || Buffer.isBuffer(stdin)) {
    if (stdin && stdin.length > 0) channel.writeStdin(stdin);
    channel.closeStdin();
    return () => undefined;
  }
  const source = stdin[Symbol.asyncIterator]();
  let stopped = false;
  void (async () => {
    for (let next = await source.next(); !next.done && !stopped; next = await source.next()) {
      channel.writeStdin(next.value);
      await channel.drained();
    }
    if (!stopped) channel.closeStdin();
  })().catch(() => undefined); // a failing source ends the input; the phase goes on to its limits
  return () => {
    stopped = true;
    void source.return?.()?.catch(() => undefined);
  };
}

/**
 * The sandbox has one CPU (cgroup quota), so CPU time cannot outrun wall time: the first check is
 * due when the CPU limit could first be reached, the next when the remainder could be.
 */
function watchCpu(
  cgroup: CgroupHandle,
  start: { cpuNs: number },
  limitMs: number,
  onExceeded: () => void,
  timers: Timers,
): void {
  const check = (delayMs: number): void =>
    timers.after(delayMs, () => {
      cgroup.sample().then(
        (s) => {
          const usedMs = (s.cpuNs - start.cpuNs) / 1e6;
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
