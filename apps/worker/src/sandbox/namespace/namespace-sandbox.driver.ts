import { Injectable, Logger } from '@nestjs/common';
import type { PhaseContext } from '../phase-runner';
import {
  phaseSucceeded,
  type PhaseOutcome,
  type PhaseSpec,
  type SandboxDriver,
  type SandboxOutcome,
  type SandboxSpec,
} from '../sandbox-driver';
import { SandboxFactory, type ReadySandbox } from '../sandbox-factory';
import { SandboxPool } from '../sandbox-pool';
import { unpack } from '../unpack';
import { holdInner, processDirs, releaseHeld, runInner, submissionDir } from './inner-command';
import { SlotKeeper } from './slot-keeper';

/**
 * Whether the sandbox held for the slot's next first phase still stands: any process in the slot's
 * cgroup besides jbinit is it (the slot is otherwise empty between submissions). A failed read
 * says yes: the go frame then reports what became of it, as before this check.
 */
async function heldSandboxAlive(slot: ReadySandbox): Promise<boolean> {
  const procs = await slot.cgroup.procs().catch(() => null);
  return procs === null || procs.some((p) => p !== slot.pid);
}

/**
 * Namespace isolation (SANDBOX_ISOLATION=namespace). A submission gets a slot: a long-lived
 * container confined exactly as in container isolation (buildContainerSpec), serving one submission
 * at a time. Every process of the submission (compile, each run) starts in a fresh bubblewrap
 * sandbox inside it (see inner-command.ts); the slot's cgroup is the submission's, with its limits
 * set before each phase and its CPU, peak memory and OOM kills read per phase as before. Once the
 * answer is out, the slot is killed clean, checked and given back, or replaced (SlotKeeper).
 */
@Injectable()
export class NamespaceSandboxDriver implements SandboxDriver {
  private readonly log = new Logger(NamespaceSandboxDriver.name);

  constructor(
    private readonly factory: SandboxFactory,
    private readonly pool: SandboxPool,
    private readonly keeper: SlotKeeper,
  ) {}

  async run(spec: SandboxSpec, signal: AbortSignal): Promise<SandboxOutcome> {
    const first = spec.compile?.limits ?? spec.runs[0].limits;
    const slot = await this.pool.acquire(spec.image, first);
    slot.served++;
    const ctx = this.factory.contextOf(slot, signal);
    let healthy = false;
    try {
      const outcome = await this.runIn(slot, ctx, spec);
      healthy = !signal.aborted && ![outcome.compile, ...outcome.runs].some((p) => p?.oomKilled);
      return outcome;
    } finally {
      // Off the request path: the answer goes out first.
      void this.keeper
        .release(slot, healthy)
        .catch((err: Error) => this.log.warn(`releasing a slot: ${err.message}`));
    }
  }

  private async runIn(slot: ReadySandbox, ctx: PhaseContext, spec: SandboxSpec): Promise<SandboxOutcome> {
    const dir = submissionDir(slot.served);
    // The first process's sandbox was built while the slot was idle (holdFirstProcess), for this dir.
    let held = slot.held;
    let idle = held !== null;
    slot.held = null;
    await this.factory.applyLimits(slot, spec.compile?.limits ?? spec.runs[0].limits);
    const processes = (spec.compile ? 1 : 0) + spec.runs.length - (held === null ? 0 : 1);
    await unpack(ctx, spec.files, dir, [dir, ...processDirs(slot.processes, processes)]);
    let current = -1;
    const phase = async (p: PhaseSpec): Promise<PhaseOutcome> => {
      await this.factory.applyLimits(slot, p.limits);
      const k = (current = held ?? slot.processes++);
      let useHeld = held !== null;
      held = null;
      const wasIdle = idle;
      idle = false;
      if (useHeld && wasIdle && !(await heldSandboxAlive(slot))) {
        // It died while the slot was idle (killed, or bubblewrap failed): its end is let go, and
        // this phase's sandbox is built on request, in the process dirs it was given (unused: no
        // untrusted code runs before the go frame). What it died of is never the program's verdict.
        this.log.warn(`slot ${slot.container.id.slice(0, 12)}: its held sandbox was gone; building one`);
        await releaseHeld(ctx);
        useHeld = false;
      }
      return runInner(ctx, p, dir, k, useHeld);
    };
    // Once a phase ended and another may follow: every process it left is killed (each run is a
    // fresh process in a fresh sandbox), and the next process's sandbox is built while the worker
    // judges this one. It is charged to no one (a phase counts from its exec); one left unused
    // (the runs stopped, or were skipped) is let go below.
    const ahead = async (): Promise<void> => {
      await ctx.killAll();
      held = slot.processes++;
      holdInner(ctx, dir, held);
    };
    let compile: PhaseOutcome | null = null;
    if (spec.compile) {
      compile = await phase(spec.compile);
      if (!phaseSucceeded(compile)) return { compile, runs: [] };
      if (spec.runs.length > 0) await ahead();
    }
    const runs: PhaseOutcome[] = [];
    let lastRun = -1;
    for (const [index, run] of spec.runs.entries()) {
      if (spec.shouldRun && !spec.shouldRun(index)) continue;
      const outcome = await phase(run);
      lastRun = current;
      runs.push(outcome);
      if (index + 1 < spec.runs.length) await ahead();
      if (spec.continueAfter && !(await spec.continueAfter(outcome, index))) break;
    }
    // Runs stopped or skipped: the held sandbox is let go (it runs `true`), so the slot can be cleaned.
    if (held !== null) await releaseHeld(ctx);
    if (spec.afterRuns && runs.length > 0) {
      await ctx.killAll();
      // A fresh inner sandbox that sees the last run's /tmp.
      await spec.afterRuns((phase) => runInner(ctx, phase, dir, lastRun));
    }
    return { compile, runs };
  }
}
