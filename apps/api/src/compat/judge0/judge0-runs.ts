import {
  SUBMISSION_BOUNDS,
  Verdict,
  type FileEncoding,
  type PhaseResult,
  type SubmissionResult,
} from '@judgebox/domain';
import { contentBytes } from '../../submissions/content-bytes';
import { statusOfRun } from './judge0-status';

/** The native fields that carry a Judge0 submission's stdin, expected output and runs. */
export type RunFields = Record<string, unknown>;

/**
 * Judge0's `number_of_runs` over the native service, which has no second execution path to offer:
 * N > 1 runs become N identical native test cases (one sandbox, compiled once, each case a fresh
 * process). With `expected_output`, the native service stops at the first failing case, as Judge0
 * stops at the first run that is not Accepted. Without it, a native case still needs an expected
 * output, so the cases carry an empty one and run to the end: their accepted or wrong answer both
 * mean the run succeeded (`unjudged`), and `reportedRuns` drops the runs after a failure.
 */
export function runFields(
  stdin: string,
  expected: string | undefined,
  encoding: FileEncoding,
  runs: number,
): RunFields | { number_of_runs: string[] } {
  if (expected === undefined && runs <= 1) return { stdin, stdinEncoding: encoding };
  const bytes = contentBytes(stdin, encoding) + (expected ? contentBytes(expected, encoding) : 0);
  const max = SUBMISSION_BOUNDS.testCasesTotalBytes;
  if (runs > 1 && runs * bytes > max) {
    const fit = Math.floor(max / bytes);
    const hint = fit >= 1 ? ` (here number_of_runs can be at most ${fit})` : '';
    return {
      number_of_runs: [
        `times the bytes of stdin and expected_output (${runs} × ${bytes}) must be at most ${max}${hint}`,
      ],
    };
  }
  // Without expected_output a run only has to end cleanly, and the first that does not ends the runs.
  const testCase =
    expected === undefined ? { stdin, encoding } : { stdin, expectedOutput: expected, encoding };
  return {
    testCases: Array.from({ length: runs }, () => testCase),
    compare: 'trim_trailing',
    stopOnFirstFailure: true,
  };
}

/** What Judge0 reports of a finished submission's runs. */
export interface ReportedRuns {
  /** The run whose output, exit code, signal and wall time are reported: the first that failed, else the last. */
  run: PhaseResult | null;
  verdict: Verdict;
  message: string | null;
  /** Averages over the runs up to `run` (Judge0 averages time and memory only). */
  cpuTimeMs: number | null;
  memoryKb: number | null;
}

/**
 * Judge0 runs until a run is not Accepted and reports that run (or the last) with the average
 * time and memory of the runs made. A native case counts as failed here when its Judge0 status is
 * not 3, so a case that used cpu_extra_time ends the runs too, as a time limit does in Judge0.
 */
export function reportedRuns(result: SubmissionResult, unjudged: boolean, cpuLimitMs: number): ReportedRuns {
  const cases = result.testCases;
  if (result.run || !cases || cases.length === 0) {
    const runs = result.run ? [result.run] : [];
    return { run: result.run, verdict: result.verdict, message: result.message, ...averages(runs) };
  }
  const verdictOf = (verdict: Verdict): Verdict =>
    unjudged && (verdict === Verdict.Accepted || verdict === Verdict.WrongAnswer) ? Verdict.Ok : verdict;
  const failed = cases.findIndex((c) => statusOfRun(verdictOf(c.verdict), c, cpuLimitMs).id !== 3);
  const made = failed < 0 ? cases : cases.slice(0, failed + 1);
  const last = made[made.length - 1];
  return { run: last, verdict: verdictOf(last.verdict), message: last.message, ...averages(made) };
}

/** Judge0 stores the average memory in an integer column, which truncates it. */
function averages(runs: readonly PhaseResult[]): { cpuTimeMs: number | null; memoryKb: number | null } {
  if (runs.length === 0) return { cpuTimeMs: null, memoryKb: null };
  const sum = (f: (r: PhaseResult) => number): number => runs.reduce((total, r) => total + f(r), 0);
  return {
    cpuTimeMs: sum((r) => r.cpuTimeMs) / runs.length,
    memoryKb: Math.floor(sum((r) => Math.round(r.peakMemoryBytes / 1024)) / runs.length),
  };
}
