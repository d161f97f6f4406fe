import { Inject, Injectable, Logger } from '@nestjs/common';
import type Docker from 'dockerode';
import { buffer } from 'node:stream/consumers';
import { pack } from 'tar-stream';
import { imageName, LANGUAGES, resolveLimits, SANDBOX_SIZES, type Limits } from '@judgebox/domain';
import { WORK_DIR } from './container-spec';
import { DOCKER } from './docker.provider';
import { runPhase, type PhaseContext, type PhaseOutcome } from './exec-phase';
import { SandboxFactory, type ReadySandbox } from './sandbox-factory';
import { phaseSucceeded, type SandboxDriver, type SandboxFile, type SandboxOutcome, type SandboxSpec } from './sandbox-driver';
import { SandboxPool } from './sandbox-pool';

/** Limits of the step that unpacks the files: generous time, the work dir's size. */
const UNPACK_LIMITS: Limits = {
  cpuTimeMs: 5_000,
  wallTimeMs: 10_000,
  memoryMb: SANDBOX_SIZES.workDirMb,
  processes: 8,
  outputBytes: 16_384,
};

/** Execs of `true` whose cheapest CPU cost is taken as the engine's own cost of an exec. */
const CALIBRATION_EXECS = 5;

/**
 * Sandbox driver on the Docker Engine API. A sandbox is a container started with every
 * confinement applied, idling under jbinit (taken from the warm pool, or created now); its work
 * arrives through exec: the files as a tar on stdin of `tar`, then compile, then run. The
 * container is removed on every path (after the answer, off the request path): never reused.
 */
@Injectable()
export class DockerSandboxDriver implements SandboxDriver {
  private readonly log = new Logger(DockerSandboxDriver.name);
  private execOverheadNs = 0;

  constructor(
    @Inject(DOCKER) private readonly docker: Docker,
    private readonly factory: SandboxFactory,
    private readonly pool: SandboxPool,
  ) {}

  /**
   * `runc init` runs in the sandbox's cgroup before it becomes the command, so the cgroup charges
   * every exec with the engine's start-up (tens of ms on some VMs). The cheapest of a few execs of
   * `true` in a real sandbox is that cost: it is taken off reported CPU times and added to the CPU
   * kill threshold. The minimum, so a program is never credited with more than the engine took.
   */
  async prepare(): Promise<void> {
    const lang = LANGUAGES[0];
    const limits = resolveLimits(undefined, lang.limitOverrides);
    const sandbox = await this.factory.create(imageName(lang), limits);
    try {
      const ctx = { ...this.contextOf(sandbox, new AbortController().signal), execOverheadNs: 0 };
      // With no overhead set, a phase's CPU time is the cgroup's raw figure for the exec.
      const costs: number[] = [];
      for (let i = 0; i < CALIBRATION_EXECS; i++) {
        const out = await runPhase(ctx, { cmd: ['true'], stdin: null, limits });
        if (!phaseSucceeded(out)) throw new Error(`calibration exec failed (exit ${out.exitCode})`);
        costs.push(out.cpuTimeMs * 1e6);
      }
      this.execOverheadNs = Math.min(...costs);
      this.log.log(`engine CPU per exec: ${(this.execOverheadNs / 1e6).toFixed(1)} ms (min of ${CALIBRATION_EXECS}), taken off CPU times`);
    } finally {
      await this.factory.destroy(sandbox);
    }
  }

  async run(spec: SandboxSpec, signal: AbortSignal): Promise<SandboxOutcome> {
    const first = spec.compile?.limits ?? spec.runs[0].limits;
    const sandbox = this.pool.take(spec.image) ?? (await this.factory.create(spec.image, first));
    try {
      return await this.runIn(sandbox, spec, first, signal);
    } finally {
      this.factory.discard(sandbox);
      // The replacement is prepared once this submission is done, not while it competes for the CPU.
      this.pool.replenish(spec.image);
    }
  }

  private async runIn(sandbox: ReadySandbox, spec: SandboxSpec, first: Limits, signal: AbortSignal): Promise<SandboxOutcome> {
    await this.factory.applyLimits(sandbox, first);
    const ctx = this.contextOf(sandbox, signal);
    await unpack(ctx, spec.files);
    let compile: PhaseOutcome | null = null;
    if (spec.compile) {
      compile = await runPhase(ctx, spec.compile);
      if (!phaseSucceeded(compile)) return { compile, runs: [] };
    }
    const runs: PhaseOutcome[] = [];
    for (const [index, run] of spec.runs.entries()) {
      // Each run is a fresh process: nothing a previous run left behind is still alive.
      if (compile || index > 0) await ctx.killAll();
      await this.factory.applyLimits(sandbox, run.limits);
      runs.push(await runPhase(ctx, run));
      if (spec.continueAfter && !spec.continueAfter(runs[index], index)) break;
    }
    return { compile, runs };
  }

  private contextOf(sandbox: ReadySandbox, signal: AbortSignal): PhaseContext {
    return {
      docker: this.docker,
      container: sandbox.container,
      cgroup: sandbox.cgroup,
      // From the host through the cgroup, sparing init so the next test case can run; when that is
      // impossible (e.g. a rootless engine's processes are not ours to signal) the container dies.
      killAll: () =>
        sandbox.cgroup
          .killAllExcept(sandbox.pid)
          .catch(() => sandbox.container.kill({ signal: 'SIGKILL' }).then(() => undefined)),
      signal,
      execOverheadNs: this.execOverheadNs,
    };
  }
}

/** Files reach the sandbox as a tar stream on stdin of `tar` running as the sandbox user. */
async function unpack(ctx: PhaseContext, files: SandboxFile[]): Promise<void> {
  const out = await runPhase(ctx, {
    cmd: ['tar', '-x', '--no-same-owner', '--no-same-permissions', '--no-overwrite-dir', '-C', WORK_DIR, '-f', '-'],
    stdin: await tarOf(files),
    limits: UNPACK_LIMITS,
  });
  if (!phaseSucceeded(out)) {
    throw new Error(`unpacking files failed (exit ${out.exitCode}): ${out.stderr.toString('utf8').slice(0, 500)}`);
  }
}

async function tarOf(files: SandboxFile[]): Promise<Buffer> {
  const p = pack();
  const mtime = new Date();
  for (const f of files) p.entry({ name: f.name, mode: 0o644, mtime, uid: 1000, gid: 1000 }, f.content);
  p.finalize();
  return buffer(p as AsyncIterable<Buffer>);
}
