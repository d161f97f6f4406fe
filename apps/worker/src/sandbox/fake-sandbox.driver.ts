import type { PhaseOutcome, PhaseSpec, SandboxDriver, SandboxOutcome, SandboxSpec } from './sandbox-driver';

/**
 * For unit specs of the layers above the driver (excluded from the build). It lives beside the
 * contract rather than in libs/testing because a lib must not import from an app.
 * A phase that ended cleanly: exit 0, no output, 10 ms CPU, 20 ms wall, 1 MiB; `over` changes any field.
 */
export function phaseOutcome(over: Partial<PhaseOutcome> = {}): PhaseOutcome {
  return {
    stdout: Buffer.alloc(0),
    stderr: Buffer.alloc(0),
    stdoutTruncated: false,
    stderrTruncated: false,
    exitCode: 0,
    cpuTimeMs: 10,
    wallTimeMs: 20,
    peakMemoryBytes: 1024 * 1024,
    oomKilled: false,
    pidsLimitHit: false,
    killedBy: null,
    ...over,
  };
}

/**
 * Answers every call with one scripted outcome, or throws a scripted infrastructure error. Keeps
 * the contract's side of the bargain: the live hooks of each phase are called, and `continueAfter`
 * is asked after each run, the remaining scripted runs dropped once it says stop.
 */
export class FakeSandboxDriver implements SandboxDriver {
  readonly specs: SandboxSpec[] = [];
  readonly signals: AbortSignal[] = [];
  /** What `continueAfter` answered, one entry per run it was asked about. */
  readonly decisions: boolean[] = [];

  constructor(private readonly answer: SandboxOutcome | Error) {}

  async run(spec: SandboxSpec, signal: AbortSignal): Promise<SandboxOutcome> {
    this.specs.push(spec);
    this.signals.push(signal);
    if (this.answer instanceof Error) throw this.answer;
    const { compile, runs: scripted } = this.answer;
    if (compile && spec.compile) play(spec.compile, compile);
    const runs: PhaseOutcome[] = [];
    for (const [index, outcome] of scripted.entries()) {
      if (spec.shouldRun && !spec.shouldRun(index)) continue;
      const phase = spec.runs[index];
      if (phase) play(phase, outcome);
      runs.push(outcome);
      const go = (await spec.continueAfter?.(outcome, index)) ?? true;
      if (spec.continueAfter) this.decisions.push(go);
      if (!go) break;
    }
    return { compile, runs };
  }

  /** The one spec received; fails the spec when the driver was called another number of times. */
  get spec(): SandboxSpec {
    if (this.specs.length !== 1) throw new Error(`driver called ${this.specs.length} times`);
    return this.specs[0];
  }
}

function play(phase: PhaseSpec, outcome: PhaseOutcome): void {
  phase.onStart?.();
  if (outcome.stdout.length > 0) phase.onOutput?.('stdout', outcome.stdout);
  if (outcome.stderr.length > 0) phase.onOutput?.('stderr', outcome.stderr);
  phase.onEnd?.(outcome);
}
