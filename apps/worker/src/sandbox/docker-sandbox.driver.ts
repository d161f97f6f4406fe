import { Inject, Injectable, Logger } from '@nestjs/common';
import Docker from 'dockerode';
import { buffer } from 'node:stream/consumers';
import { pack } from 'tar-stream';
import { AppConfig } from '@judgebox/config';
import { SANDBOX_SIZES, type Limits } from '@judgebox/domain';
import { cgroupOfPid, type CgroupHandle } from './cgroup';
import { buildContainerSpec, cgroupLimits, WORK_DIR } from './container-spec';
import { runPhase, type PhaseContext, type PhaseOutcome } from './exec-phase';
import { phaseSucceeded, type SandboxDriver, type SandboxFile, type SandboxOutcome, type SandboxSpec } from './sandbox-driver';
import { SECCOMP_PROFILE } from './seccomp';
import { DOCKER } from './docker.provider';

/** Limits of the step that unpacks the files: generous time, the work dir's size. */
const UNPACK_LIMITS: Limits = {
  cpuTimeMs: 5_000,
  wallTimeMs: 10_000,
  memoryMb: SANDBOX_SIZES.workDirMb,
  processes: 8,
  outputBytes: 16_384,
};

/**
 * Sandbox driver on the Docker Engine API. A container is created and started with every
 * confinement already applied, idling under jbinit; its work arrives later through exec (files as a
 * tar on stdin, then compile, then run), so containers can be prepared ahead of time.
 */
@Injectable()
export class DockerSandboxDriver implements SandboxDriver {
  private readonly log = new Logger(DockerSandboxDriver.name);

  constructor(
    @Inject(DOCKER) private readonly docker: Docker,
    @Inject(SECCOMP_PROFILE) private readonly seccompProfile: string,
    private readonly config: AppConfig,
  ) {}

  async run(spec: SandboxSpec, signal: AbortSignal): Promise<SandboxOutcome> {
    const first = spec.compile?.limits ?? spec.run.limits;
    const container = await this.docker.createContainer(
      buildContainerSpec({
        image: spec.image,
        limits: first,
        workerId: this.config.WORKER_ID,
        seccompProfile: this.seccompProfile,
        runtime: this.config.SANDBOX_RUNTIME,
      }),
    );
    let cgroup: CgroupHandle | null = null;
    try {
      await container.start();
      const info = await container.inspect();
      cgroup = await cgroupOfPid(info.State.Pid);
      const ctx: PhaseContext = {
        docker: this.docker,
        container,
        cgroup,
        killAll: () => container.kill({ signal: 'SIGKILL' }).then(() => undefined),
        signal,
      };
      await this.unpack(ctx, spec.files);
      let compile: PhaseOutcome | null = null;
      if (spec.compile) {
        compile = await runPhase(ctx, spec.compile);
        if (!phaseSucceeded(compile)) return { compile, run: null };
        await container.update(cgroupLimits(spec.run.limits));
      }
      const run = await runPhase(ctx, spec.run);
      return { compile, run };
    } finally {
      await cgroup?.close();
      await container.remove({ force: true, v: true }).catch((err: Error) => {
        if (!/No such container|already in progress/.test(err.message)) this.log.warn(`remove ${container.id}: ${err.message}`);
      });
    }
  }

  /** Files reach the sandbox as a tar stream on stdin of `tar` running as the sandbox user. */
  private async unpack(ctx: PhaseContext, files: SandboxFile[]): Promise<void> {
    const archive = await tarOf(files);
    const out = await runPhase(ctx, {
      cmd: ['tar', '-x', '--no-same-owner', '--no-same-permissions', '--no-overwrite-dir', '-C', WORK_DIR, '-f', '-'],
      stdin: archive,
      limits: UNPACK_LIMITS,
    });
    if (!phaseSucceeded(out)) {
      throw new Error(`unpacking files failed (exit ${out.exitCode}): ${out.stderr.toString('utf8').slice(0, 500)}`);
    }
  }
}

async function tarOf(files: SandboxFile[]): Promise<Buffer> {
  const p = pack();
  const mtime = new Date();
  for (const f of files) p.entry({ name: f.name, mode: 0o644, mtime, uid: 1000, gid: 1000 }, f.content);
  p.finalize();
  return buffer(p as AsyncIterable<Buffer>);
}
