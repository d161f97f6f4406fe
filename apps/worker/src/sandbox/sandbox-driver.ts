import type { PhaseOutcome, PhaseSpec } from './phase-runner';

/** A file to place in the sandbox work dir, already decoded. */
export interface SandboxFile {
  name: string;
  content: Buffer;
}

export interface SandboxSpec {
  image: string;
  files: SandboxFile[];
  compile: PhaseSpec | null;
  /** One run for a plain submission, one per test case when judged; all in the same sandbox. */
  runs: PhaseSpec[];
  /** Asked after each run whether to go on (stop at the first failing test case). */
  continueAfter?: (outcome: PhaseOutcome, index: number) => boolean;
}

export interface SandboxOutcome {
  compile: PhaseOutcome | null;
  /** Empty when the compile phase failed and nothing ran. */
  runs: PhaseOutcome[];
}

/**
 * Runs one submission in one fresh sandbox that is never reused. Throws only for infrastructure
 * faults; everything the program does is in the outcome.
 */
export interface SandboxDriver {
  run(spec: SandboxSpec, signal: AbortSignal): Promise<SandboxOutcome>;
}

export const SANDBOX_DRIVER = Symbol('SandboxDriver');

/** A phase that ended on its own with exit code 0 and hit no limit. */
export function phaseSucceeded(p: PhaseOutcome): boolean {
  return p.exitCode === 0 && p.killedBy === null && !p.oomKilled;
}
