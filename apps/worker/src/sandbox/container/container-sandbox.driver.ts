import { Injectable } from '@nestjs/common';
import type { Limits } from '@judgebox/domain';
import { runPhase } from '../phase-runner';
import { SandboxFactory, type ReadySandbox } from '../sandbox-factory';
import {
  phaseSucceeded,
  type PhaseOutcome,
  type SandboxDriver,
  type SandboxOutcome,
  type SandboxSpec,
} from '../sandbox-driver';
import { unpack } from '../unpack';
import { SandboxPool } from '../sandbox-pool';

/**
 * Container isolation (SANDBOX_ISOLATION=container), on the Docker Engine API. A sandbox is a container started with every
 * confinement applied, idling under jbinit (taken from the warm pool, or created now); its work
 * arrives through jbinit's attached stdin: the files as a tar on stdin of `tar`, then compile,
 * then run, each a fork and exec inside the sandbox (no engine call on the way). The container is
 * removed on every path (after the answer, off the request path): never reused.
 */
@Injectable()
export class ContainerSandboxDriver implements SandboxDriver {
  constructor(
    private readonly factory: SandboxFactory,
    private readonly pool: SandboxPool,
  ) {}

  async run(spec: SandboxSpec, signal: AbortSignal): Promise<SandboxOutcome> {
    const first = spec.compile?.limits ?? spec.runs[0].limits;
    const sandbox = await this.pool.acquire(spec.image, first);
    try {
      return await this.runIn(sandbox, spec, first, signal);
    } finally {
      this.factory.discard(sandbox);
      // The replacement is prepared once this submission is done, not while it competes for the CPU.
      this.pool.replenish(spec.image);
    }
  }

  private async runIn(
    sandbox: ReadySandbox,
    spec: SandboxSpec,
    first: Limits,
    signal: AbortSignal,
  ): Promise<SandboxOutcome> {
    await this.factory.applyLimits(sandbox, first);
    const ctx = this.factory.contextOf(sandbox, signal);
    await unpack(ctx, spec.files);
    let compile: PhaseOutcome | null = null;
    if (spec.compile) {
      compile = await runPhase(ctx, spec.compile);
      if (!phaseSucceeded(compile)) return { compile, runs: [] };
    }
    const runs: PhaseOutcome[] = [];
    for (const [index, run] of spec.runs.entries()) {
      if (spec.shouldRun && !spec.shouldRun(index)) continue;
      // Each run is a fresh process: nothing a previous run left behind is still alive.
      if (compile || runs.length > 0) await ctx.killAll();
      await this.factory.applyLimits(sandbox, run.limits);
      const outcome = await runPhase(ctx, run);
      runs.push(outcome);
      if (spec.continueAfter && !(await spec.continueAfter(outcome, index))) break;
    }
    if (spec.afterRuns && runs.length > 0) {
      await ctx.killAll();
      await spec.afterRuns((phase) => runPhase(ctx, phase));
    }
    return { compile, runs };
  }
}
