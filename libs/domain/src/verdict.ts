/** The outcome of a submission. Decided in one place (`decideVerdict`) from out-of-band facts only. */
export enum Verdict {
  Ok = 'ok',
  Accepted = 'accepted',
  WrongAnswer = 'wrong_answer',
  PresentationError = 'presentation_error',
  PartiallyAccepted = 'partially_accepted',
  CompileError = 'compile_error',
  RuntimeError = 'runtime_error',
  TimeLimitExceeded = 'time_limit_exceeded',
  MemoryLimitExceeded = 'memory_limit_exceeded',
  OutputLimitExceeded = 'output_limit_exceeded',
  InternalError = 'internal_error',
  JudgeFailure = 'judge_failure',
}

export const VERDICT_DESCRIPTIONS: Readonly<Record<Verdict, string>> = {
  [Verdict.Ok]: 'The program ran and exited with code 0 within every limit.',
  [Verdict.Accepted]: 'Judged: every test case produced the expected output within every limit.',
  [Verdict.WrongAnswer]:
    'Judged: a test case ran within its limits but its output differs from the expected output.',
  [Verdict.PresentationError]:
    'Judged by a checker or interactor: the output is not in the expected format (testlib exit code 2).',
  [Verdict.PartiallyAccepted]:
    'Judged by a checker or interactor: the output earned part of the points (testlib exit code 7 with a score).',
  [Verdict.CompileError]: 'The compiler rejected the program, or the compile phase hit one of its limits.',
  [Verdict.RuntimeError]: 'The program exited with a non-zero code or was killed by a signal it caused.',
  [Verdict.TimeLimitExceeded]: 'The CPU or the wall time limit was reached; the sandbox was killed.',
  [Verdict.MemoryLimitExceeded]:
    'The kernel killed a process of the sandbox for lack of memory (cgroup OOM), or a time limit killed it while its memory stood at the limit (thrashing).',
  [Verdict.OutputLimitExceeded]: 'stdout or stderr grew past the output limit; the sandbox was killed.',
  [Verdict.InternalError]:
    'The sandbox failed for a reason that is not the program; retried first, then reported.',
  [Verdict.JudgeFailure]:
    "The problem's checker or interactor failed (did not compile, crashed, timed out, exit code 3 or unknown): never the program's fault.",
};

/** Why the worker itself stopped a phase. */
export type KillReason = 'wall_time' | 'cpu_time' | 'output' | null;
