import { Injectable } from '@nestjs/common';
import { buffer } from 'node:stream/consumers';
import { pack } from 'tar-stream';
import type { Limits } from '@judgebox/domain';
import { WORK_DIR } from '../container-spec';
import { runPhase, type PhaseContext } from '../phase-runner';
import { SandboxFactory, SUPERVISOR_LIMITS, type ReadySandbox } from '../sandbox-factory';
import { phaseSucceeded, type PhaseOutcome, type SandboxDriver, type SandboxFile, type SandboxOutcome, type SandboxSpec } from '../sandbox-driver';
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
    const ctx = this.factory.contextOf(sandbox, signal);
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
}

/** A directory the unpacking `tar` makes (mode 0700), named relative to the tar's root. */
export type SandboxDir = string;

/**
 * Files reach the sandbox as a tar stream on stdin of `tar` running as the sandbox user, extracted
 * under `root`; `dirs` are made first, in the same stream. The tar is ours: built here from checked
 * names, no links.
 */
export async function unpack(ctx: PhaseContext, files: SandboxFile[], root = WORK_DIR, dirs: SandboxDir[] = []): Promise<void> {
  const out = await runPhase(ctx, {
    cmd: ['tar', '-x', '--no-same-owner', '--no-same-permissions', '--no-overwrite-dir', '-C', root, '-f', '-'],
    stdin: await tarOf(files, dirs),
    limits: SUPERVISOR_LIMITS,
  });
  if (!phaseSucceeded(out)) {
    throw new Error(`unpacking files failed (exit ${out.exitCode}): ${out.stderr.toString('utf8').slice(0, 500)}`);
  }
}

async function tarOf(files: SandboxFile[], dirs: SandboxDir[]): Promise<Buffer> {
  const p = pack();
  const mtime = new Date();
  for (const name of dirs) p.entry({ name, type: 'directory', mode: 0o700, mtime, uid: 1000, gid: 1000 });
  for (const f of files) p.entry({ name: f.name, mode: 0o644, mtime, uid: 1000, gid: 1000 }, f.content);
  p.finalize();
  return buffer(p as AsyncIterable<Buffer>);
}
