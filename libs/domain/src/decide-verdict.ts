import type { Limits } from './limits';
import type { PhaseResult } from './submission';
import { Verdict } from './verdict';

export interface VerdictDecision {
  verdict: Verdict;
  message: string | null;
}

/**
 * Why a phase failed because of a limit, or null. Order: memory, time, output. A program killed
 * for time while its cgroup's peak memory stood at the memory limit was thrashing there (the kernel
 * reclaiming its code pages instead of killing it): the memory limit is the cause.
 */
function limitMessage(phase: PhaseResult, limits: Limits, what: string): VerdictDecision | null {
  const thrashing =
    (phase.killedBy === 'cpu_time' || phase.killedBy === 'wall_time') &&
    phase.peakMemoryBytes >= limits.memoryMb * 1024 * 1024;
  if (phase.oomKilled || thrashing) {
    return {
      verdict: Verdict.MemoryLimitExceeded,
      message: `${what} exceeded the memory limit of ${limits.memoryMb} MiB`,
    };
  }
  switch (phase.killedBy) {
    case 'wall_time':
      return {
        verdict: Verdict.TimeLimitExceeded,
        message: `${what} exceeded the wall time limit of ${limits.wallTimeMs} ms`,
      };
    case 'cpu_time':
      return {
        verdict: Verdict.TimeLimitExceeded,
        message: `${what} exceeded the CPU time limit of ${limits.cpuTimeMs} ms`,
      };
    case 'output':
      return {
        verdict: Verdict.OutputLimitExceeded,
        message: `${what} exceeded the output limit of ${limits.outputBytes} bytes`,
      };
    case null:
      return null;
  }
}

function compileFailure(compile: PhaseResult | null, compileLimits: Limits): VerdictDecision | null {
  if (!compile) return null;
  const limit = limitMessage(compile, compileLimits, 'compilation');
  if (limit) return { verdict: Verdict.CompileError, message: limit.message };
  if (compile.exitCode !== 0)
    return { verdict: Verdict.CompileError, message: 'the compiler reported errors' };
  return null;
}

/**
 * The verdict of one run. `matches` is given for judged runs: whether the output equals the
 * expected output (then the verdict is accepted or wrong answer instead of ok).
 */
export function decideRunVerdict(run: PhaseResult, limits: Limits, matches?: boolean): VerdictDecision {
  const limit = limitMessage(run, limits, 'the program');
  if (limit) return limit;
  if (run.exitCode !== 0) {
    const how = run.signal ? `was killed by ${run.signal}` : `exited with code ${run.exitCode}`;
    return { verdict: Verdict.RuntimeError, message: `the program ${how}` };
  }
  if (matches === undefined) return { verdict: Verdict.Ok, message: null };
  return matches
    ? { verdict: Verdict.Accepted, message: null }
    : { verdict: Verdict.WrongAnswer, message: 'the output differs from the expected output' };
}

/**
 * The one place verdicts are decided. Inputs are facts gathered outside the sandbox
 * (cgroup OOM counter, the worker's own timers and byte counts, the exit status the engine reports);
 * nothing the program prints is read, except to compare it with an expected output.
 */
export function decideVerdict(
  compile: PhaseResult | null,
  run: PhaseResult | null,
  runLimits: Limits,
  compileLimits: Limits,
): VerdictDecision {
  const failed = compileFailure(compile, compileLimits);
  if (failed) return failed;
  if (!run) return { verdict: Verdict.InternalError, message: 'the program did not run' };
  return decideRunVerdict(run, runLimits);
}

/** Verdict of a judged submission: accepted when every case is, else a judge failure if any, else the first failing case's. */
export function decideJudgedVerdict(
  compile: PhaseResult | null,
  cases: readonly { verdict: Verdict; message: string | null; index?: number }[],
  compileLimits: Limits,
): VerdictDecision {
  const failed = compileFailure(compile, compileLimits);
  if (failed) return failed;
  if (cases.length === 0) return { verdict: Verdict.InternalError, message: 'no test case ran' };
  // A failed checker makes the whole judgement unreliable: it wins over the program's verdicts.
  const failedJudge = cases.findIndex((c) => c.verdict === Verdict.JudgeFailure);
  const index = failedJudge >= 0 ? failedJudge : cases.findIndex((c) => c.verdict !== Verdict.Accepted);
  if (index < 0) return { verdict: Verdict.Accepted, message: null };
  const first = cases[index];
  return {
    verdict: first.verdict,
    message: `test case ${(first.index ?? index) + 1}: ${first.message ?? first.verdict}`,
  };
}

const SIGNALS: Record<number, string> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  3: 'SIGQUIT',
  4: 'SIGILL',
  5: 'SIGTRAP',
  6: 'SIGABRT',
  7: 'SIGBUS',
  8: 'SIGFPE',
  9: 'SIGKILL',
  10: 'SIGUSR1',
  11: 'SIGSEGV',
  12: 'SIGUSR2',
  13: 'SIGPIPE',
  14: 'SIGALRM',
  15: 'SIGTERM',
  24: 'SIGXCPU',
  25: 'SIGXFSZ',
  31: 'SIGSYS',
};

/**
 * The engine reports a process killed by signal N as exit code 128+N (it never exposes the raw
 * wait status), so a program could fake a signal by exiting with such a code. That only changes
 * its own `signal` field; every verdict but runtime error vs ok comes from other facts.
 */
export function signalFromExitCode(exitCode: number | null): string | null {
  if (exitCode === null || exitCode <= 128 || exitCode > 128 + 64) return null;
  return SIGNALS[exitCode - 128] ?? `SIG${exitCode - 128}`;
}
