import type { KillReason, Limits } from '@judgebox/domain';

/** One process run in a sandbox: compile, a run, a test case. */
export interface PhaseSpec {
  cmd: string[];
  /**
   * Given all at once, or live: each chunk is written as it comes and the end of the iteration
   * closes stdin. A live source is left (its iterator's return() called) when the phase ends.
   */
  stdin: Buffer | null | AsyncIterable<Buffer>;
  limits: Limits;
  /** Live phases: each piece of output as it arrives, only what the output cap keeps. */
  onOutput?: (stream: 'stdout' | 'stderr', chunk: Buffer) => void;
  /** Live phases: aborted, every process of the sandbox is SIGKILLed (as for a limit, killedBy stays null). */
  kill?: AbortSignal;
  /** Live phases: called as the phase's process starts, and with its outcome once it ended. */
  onStart?: () => void;
  onEnd?: (outcome: PhaseOutcome) => void;
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

/** A file to place in the sandbox work dir, already decoded. */
export interface SandboxFile {
  name: string;
  content: Buffer;
  /** 0o644 unless given (a compiled checker's executable keeps 0o755). */
  mode?: number;
}

export interface SandboxSpec {
  image: string;
  files: SandboxFile[];
  compile: PhaseSpec | null;
  /** One run for a plain submission, one per test case when judged; all in the same sandbox. */
  runs: PhaseSpec[];
  /**
   * Asked after each run whether to go on (stop at the first failing test case); the next run
   * waits for the answer (a checker may judge the run meanwhile, in a sandbox of its own).
   */
  continueAfter?: (outcome: PhaseOutcome, index: number) => boolean | Promise<boolean>;
  /** Asked before each run whether it runs at all (a subtask skipped); a skipped run has no outcome. */
  shouldRun?: (index: number) => boolean;
  /**
   * Once the runs are over (and only if one ran): every process they left is killed, then this
   * runs commands in the same sandbox, with the last run's /work and /tmp (reading files back).
   */
  afterRuns?: (exec: (phase: PhaseSpec) => Promise<PhaseOutcome>) => Promise<void>;
}

export interface SandboxOutcome {
  compile: PhaseOutcome | null;
  /** Empty when the compile phase failed and nothing ran; runs skipped by `shouldRun` are absent. */
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
