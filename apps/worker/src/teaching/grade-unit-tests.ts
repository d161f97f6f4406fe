import {
  scoreTests,
  SUBMISSION_BOUNDS,
  TEST_FRAMEWORKS,
  Verdict,
  type SubmissionResult,
  type TestEntry,
  type UnitTestResult,
  type UnitTestSpec,
} from '@judgebox/domain';
import type { PhaseOutcome } from '../sandbox/sandbox-driver';
import { openSealedReport } from './graders/sealed-report';
import type { ReadResult } from './sandbox-files';
import { MalformedReportError, parseTestReport } from './test-report';

type Graded = Pick<SubmissionResult, 'verdict' | 'message' | 'unitTests'>;

/**
 * The verdict of a submission graded by unit tests, from facts the worker holds: the run's own end
 * (a limit it hit stays the verdict), the framework's exit code, and the report read from the
 * directory made for this run, signed with the run's `key` by judgebox's grader. No report, one
 * not signed with the key, a malformed one, or one that disagrees with the exit code is a runtime
 * error, never a pass: what the program printed is never read as a report.
 */
export function gradeUnitTests(
  result: SubmissionResult,
  spec: UnitTestSpec,
  run: PhaseOutcome | null,
  report: ReadResult | null,
  key: string,
): Graded {
  const empty = (): UnitTestResult => ({
    framework: spec.framework,
    tests: null,
    testsTruncated: false,
    ...scoreTests([], {}),
  });
  // Compile errors and limits decide the verdict; the run may have left no report at all.
  if (!run || (result.verdict !== Verdict.Ok && result.verdict !== Verdict.RuntimeError))
    return { verdict: result.verdict, message: result.message, unitTests: empty() };
  const fail = (message: string, tests: TestEntry[] | null = null): Graded => ({
    verdict: Verdict.RuntimeError,
    message,
    unitTests: tests ? summarize(spec, tests) : empty(),
  });
  if (!report || report.problem !== null) {
    if (report?.problem === 'not found' || !report)
      return fail(
        `the test run wrote no report (exit code ${run.exitCode}): it crashed or ended before its framework finished`,
      );
    return fail(`the test report could not be read: ${report.problem}`);
  }
  const document = openSealedReport(key, report.content);
  if (document === null)
    return fail("the test report is not signed by this run's grader: it was forged or changed");
  let tests: TestEntry[];
  try {
    tests = parseTestReport(document, SUBMISSION_BOUNDS.testMessageBytes);
  } catch (e) {
    if (e instanceof MalformedReportError) return fail(`the test report is malformed: ${e.message}`);
    throw e;
  }
  return judge(spec, run.exitCode, tests, fail);
}

function judge(
  spec: UnitTestSpec,
  exitCode: number | null,
  tests: TestEntry[],
  fail: (message: string, tests?: TestEntry[] | null) => Graded,
): Graded {
  const codes = TEST_FRAMEWORKS[spec.framework].exitCodes;
  const summary = summarize(spec, tests);
  const bad = summary.counts.failed + summary.counts.error;
  if (exitCode !== codes.passed && exitCode !== codes.failed)
    return fail(
      `the test run ended with exit code ${exitCode}: the framework reported an error of its own`,
      tests,
    );
  if (summary.counts.total === summary.counts.skipped) return fail('no test ran', tests);
  // A report of all passes with a failing exit, or failures with a clean exit, did not come from this run.
  if ((exitCode === codes.passed) !== (bad === 0))
    return fail(`the test report disagrees with the run's exit code ${exitCode}`, tests);
  const ran = summary.counts.total - summary.counts.skipped;
  const passed = summary.counts.passed;
  return bad === 0
    ? { verdict: Verdict.Accepted, message: null, unitTests: summary }
    : { verdict: Verdict.WrongAnswer, message: `${passed} of ${ran} tests passed`, unitTests: summary };
}

function summarize(spec: UnitTestSpec, tests: TestEntry[]): UnitTestResult {
  const max = SUBMISSION_BOUNDS.testEntries;
  return {
    framework: spec.framework,
    tests: tests.slice(0, max),
    testsTruncated: tests.length > max,
    ...scoreTests(tests, spec.weights),
  };
}
