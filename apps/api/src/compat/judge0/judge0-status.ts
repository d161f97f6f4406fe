import { SubmissionState, Verdict, type PhaseResult, type SubmissionView } from '@judgebox/domain';

/** Judge0 CE's statuses, exactly (GET /statuses). */
export const JUDGE0_STATUSES = [
  { id: 1, description: 'In Queue' },
  { id: 2, description: 'Processing' },
  { id: 3, description: 'Accepted' },
  { id: 4, description: 'Wrong Answer' },
  { id: 5, description: 'Time Limit Exceeded' },
  { id: 6, description: 'Compilation Error' },
  { id: 7, description: 'Runtime Error (SIGSEGV)' },
  { id: 8, description: 'Runtime Error (SIGXFSZ)' },
  { id: 9, description: 'Runtime Error (SIGFPE)' },
  { id: 10, description: 'Runtime Error (SIGABRT)' },
  { id: 11, description: 'Runtime Error (NZEC)' },
  { id: 12, description: 'Runtime Error (Other)' },
  { id: 13, description: 'Internal Error' },
  { id: 14, description: 'Exec Format Error' },
] as const;

export type Judge0Status = (typeof JUDGE0_STATUSES)[number];

const byId = (id: Judge0Status['id']): Judge0Status => JUDGE0_STATUSES[id - 1];

/** Signals Judge0 gives a status of their own (as its Status.find_runtime_error_by_status_code). */
const SIGNAL_STATUS: Readonly<Record<string, Judge0Status['id']>> = {
  SIGSEGV: 7,
  SIGXFSZ: 8,
  SIGFPE: 9,
  SIGABRT: 10,
};

const SIGNAL_NUMBERS: Readonly<Record<string, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGXCPU: 24,
  SIGXFSZ: 25,
  SIGSYS: 31,
};

/** `SIGSEGV` -> 11; native names of unknown signals are `SIG<n>`. */
export function signalNumber(signal: string | null): number | null {
  if (signal === null) return null;
  return SIGNAL_NUMBERS[signal] ?? (/^SIG(\d+)$/.exec(signal) ? Number(signal.slice(3)) : null);
}

/**
 * The one mapping of native verdicts onto Judge0 statuses. Choices where Judge0 has no equivalent:
 * memory limit exceeded -> 12 Runtime Error (Other), as Judge0 reports a program its cgroup killed
 * (SIGKILL); output limit exceeded -> 8 Runtime Error (SIGXFSZ), as Judge0's output is a file capped
 * by max_file_size. `cpuLimitMs` is Judge0's cpu_time_limit: the sandbox allows cpu_extra_time more
 * before it kills, and a run that used the extra time is still a time limit exceeded, as in Judge0.
 * `verdict` is the reported run's when it differs from the submission's (number_of_runs).
 */
export function judge0Status(
  view: SubmissionView,
  run: PhaseResult | null,
  cpuLimitMs: number | null,
  verdict?: Verdict,
): Judge0Status {
  if (view.state === SubmissionState.Queued) return byId(1);
  if (view.state === SubmissionState.Running || !view.result) return byId(2);
  return statusOfRun(verdict ?? view.result.verdict, run, cpuLimitMs);
}

/** The status of one finished run (or of the compile) from its native verdict. */
export function statusOfRun(
  verdict: Verdict,
  run: PhaseResult | null,
  cpuLimitMs: number | null,
): Judge0Status {
  switch (verdict) {
    case Verdict.Ok:
    case Verdict.Accepted:
    case Verdict.WrongAnswer: {
      if (run && cpuLimitMs !== null && run.cpuTimeMs > cpuLimitMs) return byId(5);
      return byId(verdict === Verdict.WrongAnswer ? 4 : 3);
    }
    case Verdict.CompileError:
      return byId(6);
    case Verdict.TimeLimitExceeded:
      return byId(5);
    case Verdict.RuntimeError:
      if (!run?.signal) return byId(11);
      return byId(SIGNAL_STATUS[run.signal] ?? 12);
    case Verdict.MemoryLimitExceeded:
      return byId(12);
    case Verdict.OutputLimitExceeded:
      return byId(8);
    case Verdict.InternalError:
    case Verdict.JudgeFailure:
      return byId(13);
    // Judge0 has no checkers: these only appear if a native judged submission is read through it.
    case Verdict.PresentationError:
    case Verdict.PartiallyAccepted:
      return byId(4);
  }
}

/**
 * Judge0's `message` for a status: its own sentences where it has them (isolate's "Time limit
 * exceeded", "Exited with error status N", "Caught fatal signal N"), the native explanation for
 * what Judge0 has no words for (memory and output limits, internal errors), none for 3, 4 and 6.
 */
export function judge0Message(
  status: Judge0Status,
  run: PhaseResult | null,
  nativeMessage: string | null,
): string | null {
  switch (status.id) {
    case 1:
    case 2:
    case 3:
    case 4:
    case 6:
      return null;
    case 5:
      return run?.killedBy === 'wall_time' ? 'Time limit exceeded (wall clock)' : 'Time limit exceeded';
    case 11:
      return run?.exitCode !== null && run?.exitCode !== undefined
        ? `Exited with error status ${run.exitCode}`
        : nativeMessage;
    case 7:
    case 8:
    case 9:
    case 10:
    case 12: {
      if (run?.oomKilled || run?.killedBy === 'output' || !run?.signal) return nativeMessage;
      return `Caught fatal signal ${signalNumber(run.signal)}`;
    }
    case 13:
    case 14:
      return nativeMessage;
  }
}
