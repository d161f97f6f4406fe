import type Docker from 'dockerode';
import type { Duplex } from 'node:stream';
import type { KillReason, Limits } from '@judgebox/domain';
import type { CgroupHandle, CgroupSample } from './cgroup';
import { OutputCollector } from './output-collector';
import { SANDBOX_ENV, SANDBOX_USER, WORK_DIR } from './container-spec';

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
  docker: Docker;
  container: Docker.Container;
  cgroup: CgroupHandle;
  /** Stops every process of the sandbox; called on a limit, on abort, or when the main process is gone. */
  killAll: () => Promise<void>;
  signal: AbortSignal;
  /**
   * CPU the engine itself spends in the sandbox's cgroup to start an exec (`runc init` joins the
   * cgroup before it becomes the command), measured at worker start. It is taken off the reported
   * CPU time and added to the CPU kill threshold, so the program gets its whole CPU limit.
   */
  execOverheadNs: number;
}

interface Readings {
  sample: CgroupSample;
  peak: number;
}

/** How often the engine is asked whether the main process has exited while its stdout is still held open. */
const EXIT_POLL_MS = 200;
/** Time left to a closing stream after the main process exited, before leftovers are killed. */
const DRAIN_GRACE_MS = 100;

/**
 * Runs one command in the sandbox through the engine's exec API and measures it from outside:
 * wall time by the worker's clock, CPU time and OOM kills from the cgroup, output by counting bytes.
 */
export async function runPhase(ctx: PhaseContext, spec: PhaseSpec): Promise<PhaseOutcome> {
  const before = await ctx.cgroup.sample();
  await ctx.cgroup.resetPeak();
  const exec = await ctx.container.exec({
    Cmd: spec.cmd,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    User: SANDBOX_USER,
    WorkingDir: WORK_DIR,
    Env: SANDBOX_ENV,
    Tty: false,
  });

  const readings = (): Promise<Readings> =>
    Promise.all([ctx.cgroup.sample(), ctx.cgroup.peakMemoryBytes()]).then(([sample, peak]) => ({ sample, peak }));
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
  };
  const stdout = new OutputCollector(spec.limits.outputBytes, () => kill('output'));
  const stderr = new OutputCollector(spec.limits.outputBytes, () => kill('output'));

  const started = performance.now();
  const stream: Duplex = await exec.start({ hijack: true, stdin: true });
  const timers = new Timers();
  const onAbort = (): void => kill(null);
  let endedAt = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const finish = (): void => {
        endedAt ||= performance.now();
        resolve();
      };
      stream.once('end', finish);
      stream.once('close', finish);
      stream.once('error', reject);
      ctx.docker.modem.demuxStream(stream, stdout, stderr);
      if (spec.stdin && spec.stdin.length > 0) stream.write(spec.stdin);
      stream.end();

      ctx.signal.addEventListener('abort', onAbort, { once: true });
      timers.after(spec.limits.wallTimeMs, () => kill('wall_time'));
      watchCpu(ctx.cgroup, before.cpuNs + ctx.execOverheadNs, spec.limits.cpuTimeMs, () => kill('cpu_time'), timers);
      watchExit(exec, () => {
        endedAt ||= performance.now();
        timers.after(DRAIN_GRACE_MS, () => kill(null));
      }, timers);
    });
  } finally {
    timers.stop();
    ctx.signal.removeEventListener('abort', onAbort);
    stream.destroy();
  }
  await killing;
  if (ctx.signal.aborted) throw new Error('sandbox run aborted: worker shutting down');

  const info = await exec.inspect();
  const final = (await readings().catch(() => null)) ?? snapshot;
  const after = final?.sample ?? before;
  const peak = final?.peak ?? 0;
  return {
    stdout: stdout.bytes(),
    stderr: stderr.bytes(),
    stdoutTruncated: stdout.truncated,
    stderrTruncated: stderr.truncated,
    exitCode: info.Running ? null : info.ExitCode,
    cpuTimeMs: programCpuMs(after.cpuNs - before.cpuNs, ctx.execOverheadNs),
    wallTimeMs: Math.round(endedAt - started),
    peakMemoryBytes: peak,
    oomKilled: after.oomKills > before.oomKills,
    pidsLimitHit: after.pidsMaxHits > before.pidsMaxHits,
    killedBy,
  };
}

/** CPU of the phase without the engine's exec start-up; never negative. */
export function programCpuMs(cgroupDeltaNs: number, execOverheadNs: number): number {
  return Math.round(Math.max(0, cgroupDeltaNs - execOverheadNs) / 1e6);
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

/** Notices the main process exiting even while a background process keeps stdout open. */
function watchExit(exec: Docker.Exec, onExit: () => void, timers: Timers): void {
  const poll = (): void =>
    timers.after(EXIT_POLL_MS, () => {
      exec.inspect().then(
        (info) => (info.Running ? poll() : onExit()),
        () => poll(),
      );
    });
  poll();
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
