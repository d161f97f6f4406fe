import { Inject, Injectable, Logger } from '@nestjs/common';
import type Docker from 'dockerode';
import { AppConfig } from '@judgebox/config';
import type { Limits } from '@judgebox/domain';
import { cgroupOfPid, type CgroupHandle } from './cgroup';
import { buildContainerSpec, cgroupLimits } from './container-spec';
import { DOCKER } from './docker.provider';
import { InitChannel } from './init-channel';
import { SECCOMP_PROFILE } from './seccomp';

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
}

/** Creates and destroys sandboxes; the cold path and the warm pool both go through here. */
@Injectable()
export class SandboxFactory {
  private readonly log = new Logger(SandboxFactory.name);
  private readonly removing = new Set<Promise<void>>();

  constructor(
    @Inject(DOCKER) private readonly docker: Docker,
    @Inject(SECCOMP_PROFILE) private readonly seccompProfile: string,
    private readonly config: AppConfig,
  ) {}

  async create(image: string, limits: Limits, labels: Record<string, string> = {}): Promise<ReadySandbox> {
    const spec = buildContainerSpec({
      image,
      limits,
      workerId: this.config.WORKER_ID,
      seccompProfile: this.seccompProfile,
      runtime: this.config.SANDBOX_RUNTIME,
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
      return { image, container, channel, cgroup, pid, limits: cgroupLimits(limits), createdAt: Date.now() };
    } catch (err) {
      channel?.close();
      await this.removeContainer(container);
      throw err;
    }
  }

  /** Applies `limits` to the cgroup unless they are already in force (the engine updates running containers). */
  async applyLimits(sandbox: ReadySandbox, limits: Limits): Promise<void> {
    const want = cgroupLimits(limits);
    const same = (Object.keys(want) as (keyof CgroupLimits)[]).every((k) => want[k] === sandbox.limits[k]);
    if (same) return;
    await sandbox.container.update(want);
    sandbox.limits = want;
  }

  async destroy(sandbox: ReadySandbox): Promise<void> {
    sandbox.channel.close();
    await sandbox.cgroup.close().catch(() => undefined);
    await this.removeContainer(sandbox.container);
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
      if (!/No such container|already in progress/.test(err.message)) this.log.warn(`remove ${container.id}: ${err.message}`);
    });
  }
}
