import { basename } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type Docker from 'dockerode';
import { AppConfig } from '@judgebox/config';
import type { Limits } from '@judgebox/domain';
import { WorkerMetrics } from '../metrics/worker-metrics';
import { cgroupOfPid, type CgroupHandle } from './cgroup';
import { buildContainerSpec, cgroupLimits, gvisorCommand, isGvisor } from './container-spec';
import { DOCKER } from './docker.provider';
import { imageRef } from './image-ref';
import { InitChannel } from './init-channel';
import {
  holdFirstProcess,
  INNER_FILTER_FILE,
  processDirs,
  PROBE_COMMAND,
  runInner,
  SUPERVISOR_DIR,
} from './namespace/inner-command';
import { SUPERVISOR_LIMITS, type PhaseContext } from './phase-runner';
import { phaseSucceeded } from './sandbox-driver';
import { INNER_FILTER, SECCOMP_PROFILE } from './seccomp';
import { unpack } from './unpack';

type CgroupLimits = ReturnType<typeof cgroupLimits>;

/** How long a started sandbox's init has to greet the worker. */
const INIT_HELLO_TIMEOUT_MS = 10_000;

/** A started, confined, idle container (jbinit only), ready to be handed one submission. */
export interface ReadySandbox {
  image: string;
  container: Docker.Container;
  /** The line to its init, which starts the submission's commands. */
  channel: InitChannel;
  cgroup: CgroupHandle;
  /** Host pid of the sandbox's init (jbinit), the one process a kill between runs spares. */
  pid: number;
  /** The cgroup limits in force now. */
  limits: CgroupLimits;
  createdAt: number;
  /** When it last became idle (created, or given back to the pool). */
  idleSince: number;
  /** Submissions it has served (namespace isolation's slots serve many; a container one). */
  served: number;
  /** Processes started in it so far, numbering their per-process dirs (namespace isolation). */
  processes: number;
  /** Anonymous and shared memory charged when the slot was ready: a clean slot is back near it. */
  baselineBytes: number;
  /** The process whose inner sandbox is built and held for the next submission (holdFirstProcess). */
  held: number | null;
}

/** Creates and destroys sandboxes; the cold path and the warm pool both go through here. */
@Injectable()
export class SandboxFactory {
  private readonly log = new Logger(SandboxFactory.name);
  private readonly removing = new Set<Promise<void>>();

  constructor(
    @Inject(DOCKER) private readonly docker: Docker,
    @Inject(SECCOMP_PROFILE) private readonly seccompProfile: string,
    @Inject(INNER_FILTER) private readonly innerFilter: Buffer | null,
    private readonly config: AppConfig,
    private readonly metrics: WorkerMetrics,
  ) {}

  /** Sandboxes run under gVisor (runsc): its own processes share the container's cgroup. */
  get gvisor(): boolean {
    return isGvisor(this.config.SANDBOX_RUNTIME);
  }

  /** Processes besides the program's that the pids limit must leave room for. */
  get supervisorProcesses(): number {
    // jbinit; in a slot also bubblewrap's monitor, which waits for the sandboxed process.
    return this.innerFilter ? 2 : 1;
  }

  /** A started, confined sandbox; its start time is measured (`judgebox_sandbox_lifecycle_seconds`). */
  async create(image: string, limits: Limits, labels: Record<string, string> = {}): Promise<ReadySandbox> {
    const started = performance.now();
    const sandbox = await this.start(image, limits, labels);
    this.metrics.sandboxLifecycle('start', (performance.now() - started) / 1000);
    return sandbox;
  }

  private async start(image: string, limits: Limits, labels: Record<string, string>): Promise<ReadySandbox> {
    const spec = buildContainerSpec({
      image: imageRef(image, this.config.SANDBOX_IMAGE_TAG),
      limits,
      workerId: this.config.WORKER_ID,
      queuePrefix: this.config.QUEUE_PREFIX,
      seccompProfile: this.seccompProfile,
      runtime: this.config.SANDBOX_RUNTIME,
      supervisorProcesses: this.supervisorProcesses,
    });
    spec.Labels = { ...spec.Labels, ...labels };
    const container = await this.docker.createContainer(spec);
    let channel: InitChannel | null = null;
    try {
      channel = await InitChannel.attach(this.docker, container);
      await container.start();
      await channel.ready(INIT_HELLO_TIMEOUT_MS);
      const pid = (await container.inspect()).State.Pid;
      const cgroup = await cgroupOfPid(pid);
      const sandbox: ReadySandbox = {
        image,
        container,
        channel,
        cgroup,
        pid,
        limits: cgroupLimits(limits, this.supervisorProcesses, this.config.SANDBOX_RUNTIME),
        createdAt: Date.now(),
        idleSince: Date.now(),
        served: 0,
        processes: 0,
        baselineBytes: 0,
        held: null,
      };
      if (this.innerFilter) await this.prepareSlot(sandbox, this.innerFilter);
      return sandbox;
    } catch (err) {
      channel?.close();
      await this.removeContainer(container);
      throw err;
    }
  }

  /** Applies `limits` to the cgroup unless they are already in force (the engine updates running containers). */
  async applyLimits(sandbox: ReadySandbox, limits: Limits): Promise<void> {
    const want = cgroupLimits(limits, this.supervisorProcesses, this.config.SANDBOX_RUNTIME);
    const same = (Object.keys(want) as (keyof CgroupLimits)[]).every((k) => want[k] === sandbox.limits[k]);
    if (same) return;
    // Written from the host, a few file writes; the engine's update (a round trip through dockerd
    // and runc) only where the cgroup is not ours to write, e.g. a rootless engine's.
    await sandbox.cgroup
      .applyLimits({
        memoryBytes: want.Memory,
        pids: want.PidsLimit,
        cpuQuotaUs: want.CpuQuota,
        cpuPeriodUs: want.CpuPeriod,
      })
      .catch(async (err: Error) => {
        const code = ((err.cause ?? err) as NodeJS.ErrnoException).code ?? '';
        if (!['EACCES', 'EPERM', 'EROFS'].includes(code)) throw err;
        await sandbox.container.update(want);
      });
    sandbox.limits = want;
  }

  /**
   * How a driver runs phases in this sandbox. Kills go from the host through the cgroup, sparing
   * init so the next phase can run; when that is impossible (e.g. a rootless engine's processes are
   * not ours to signal) the init kills from inside, and when even that is gone the container dies.
   */
  contextOf(sandbox: ReadySandbox, signal: AbortSignal): PhaseContext {
    const destroy = (): Promise<void> => sandbox.container.kill({ signal: 'SIGKILL' }).then(() => undefined);
    if (this.gvisor) return this.gvisorContext(sandbox, signal, destroy);
    return {
      channel: sandbox.channel,
      cgroup: sandbox.cgroup,
      killAll: () =>
        sandbox.cgroup
          .killAllExcept(sandbox.pid)
          .catch(() => (sandbox.channel.killAll() ? undefined : destroy())),
      destroy,
      signal,
    };
  }

  /**
   * Under gVisor the host cgroup holds gVisor's kernel, its gofer and ptrace stubs, never the
   * program's processes themselves: a kill from the host would kill gVisor. jbinit kills inside
   * (kill(-1)); an OOM kill shows in the engine's record, as the whole sandbox dies.
   */
  private gvisorContext(
    sandbox: ReadySandbox,
    signal: AbortSignal,
    destroy: () => Promise<void>,
  ): PhaseContext {
    return {
      channel: sandbox.channel,
      cgroup: sandbox.cgroup,
      killAll: () => (sandbox.channel.killAll() ? Promise.resolve() : destroy()),
      destroy,
      signal,
      command: (cmd, limits) => gvisorCommand(cmd, limits),
      sandboxOomKilled: async () => (await sandbox.container.inspect()).State.OOMKilled === true,
    };
  }

  /**
   * A slot's supervisor files, and proof that the inner sandbox is what we think: the inner filter
   * stacked, user namespaces refused. A slot that fails is never used.
   */
  private async prepareSlot(sandbox: ReadySandbox, innerFilter: Buffer): Promise<void> {
    const ctx = this.contextOf(sandbox, new AbortController().signal);
    const id = sandbox.container.id.slice(0, 12);
    // The first process, the probe, gets its dirs here; later ones are made with the files.
    const filter = { name: basename(INNER_FILTER_FILE), content: innerFilter, mode: 0o600 };
    await unpack(ctx, [filter], SUPERVISOR_DIR, [SUPERVISOR_DIR, ...processDirs(0, 1)]).catch((e: Error) => {
      throw new Error(`slot ${id}: writing ${SUPERVISOR_DIR} failed: ${e.message}`);
    });
    const out = await runInner(
      ctx,
      { cmd: PROBE_COMMAND, stdin: null, limits: SUPERVISOR_LIMITS },
      '/work',
      0,
    );
    if (!phaseSucceeded(out)) {
      const said = Buffer.concat([out.stdout, out.stderr]).toString('utf8').trim().slice(0, 300);
      throw new Error(`slot ${id}: the inner sandbox probe failed (exit ${out.exitCode}): ${said}`);
    }
    sandbox.processes = 1;
    const memory = await sandbox.cgroup.memoryUsage();
    sandbox.baselineBytes = memory.anonBytes + memory.shmemBytes;
    await this.holdNext(sandbox);
  }

  /** A clean, idle slot builds its next submission's first inner sandbox (holdFirstProcess). */
  async holdNext(slot: ReadySandbox): Promise<void> {
    await holdFirstProcess(slot, this.contextOf(slot, new AbortController().signal)).catch((e: Error) => {
      throw new Error(
        `slot ${slot.container.id.slice(0, 12)}: holding its next sandbox failed: ${e.message}`,
      );
    });
  }

  async destroy(sandbox: ReadySandbox): Promise<void> {
    const started = performance.now();
    sandbox.channel.close();
    await sandbox.cgroup.close().catch(() => undefined);
    await this.removeContainer(sandbox.container);
    this.metrics.sandboxLifecycle('stop', (performance.now() - started) / 1000);
  }

  /**
   * Removes a used sandbox off the request path: the result is answered first, removal (the
   * slowest engine call) follows at once (a forced remove SIGKILLs init, and with it the sandbox's
   * whole pid namespace). `drain` waits for removals still in flight (shutdown).
   */
  discard(sandbox: ReadySandbox): void {
    const done = this.destroy(sandbox).finally(() => this.removing.delete(done));
    this.removing.add(done);
  }

  async drain(): Promise<void> {
    while (this.removing.size > 0) await Promise.all([...this.removing]);
  }

  private async removeContainer(container: Docker.Container): Promise<void> {
    await container.remove({ force: true, v: true }).catch((err: Error) => {
      if (!/No such container|already in progress/.test(err.message))
        this.log.warn(`remove ${container.id}: ${err.message}`);
    });
  }
}
