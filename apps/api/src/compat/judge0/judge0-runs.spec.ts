import {
  findLanguage,
  SUBMISSION_BOUNDS,
  Verdict,
  type PhaseResult,
  type SubmissionResult,
  type TestCaseResult,
} from '@judgebox/domain';
import { metaOf, toNativeBody } from './judge0-request';
import { reportedRuns, runFields } from './judge0-runs';
import type { Judge0SubmissionDto } from './judge0-submission.dto';
import { phaseResult } from '@judgebox/testing';

const phase = (over: Partial<PhaseResult> = {}): PhaseResult => phaseResult(over);

const testCase = (index: number, verdict: Verdict, over: Partial<PhaseResult> = {}): TestCaseResult => ({
  index,
  verdict,
  message: verdict === Verdict.Accepted ? null : `case ${index} failed`,
  ...phase(over),
});

const result = (over: Partial<SubmissionResult>): SubmissionResult => ({
  verdict: Verdict.Ok,
  message: null,
  compile: null,
  run: null,
  testCases: null,
  limits: {} as never,
  language: 'python',
  version: null,
  startedAt: '',
  finishedAt: '',
  ...over,
});

describe('number_of_runs onto native test cases', () => {
  it('one run: plain stdin, or one judged case when expected_output is given (as before)', () => {
    expect(runFields('1', undefined, 'utf8', 1)).toEqual({ stdin: '1', stdinEncoding: 'utf8' });
    expect(runFields('1', '2', 'utf8', 1)).toMatchObject({
      testCases: [{ stdin: '1', expectedOutput: '2', encoding: 'utf8' }],
      compare: 'trim_trailing',
    });
  });

  it('N runs with expected_output: N identical cases, stopping at the first failure', () => {
    const fields = runFields('aGk=', 'aGk=', 'base64', 3);
    expect(fields).toEqual({
      testCases: Array(3).fill({ stdin: 'aGk=', expectedOutput: 'aGk=', encoding: 'base64' }),
      compare: 'trim_trailing',
      stopOnFirstFailure: true,
    });
  });

  it('N runs without expected_output: cases that only have to run cleanly, stopping at the first that does not', () => {
    expect(runFields('x', undefined, 'utf8', 2)).toEqual({
      testCases: Array(2).fill({ stdin: 'x', encoding: 'utf8' }),
      compare: 'trim_trailing',
      stopOnFirstFailure: true,
    });
  });

  it('refuses N copies past the native bound on test-case bytes, on number_of_runs', () => {
    const max = SUBMISSION_BOUNDS.testCasesTotalBytes;
    const stdin = 'x'.repeat(max / 4);
    const expected = 'y'.repeat(max / 4);
    expect(runFields(stdin, expected, 'utf8', 2)).toHaveProperty('testCases');
    const refused = runFields(stdin, expected, 'utf8', 3);
    expect(refused).toEqual({
      number_of_runs: [
        `times the bytes of stdin and expected_output (3 × ${max / 2}) must be at most ${max} (here number_of_runs can be at most 2)`,
      ],
    });
  });

  it('toNativeBody and metaOf carry number_of_runs', () => {
    const dto: Judge0SubmissionDto = { source_code: 'print(1)', language_id: 71, number_of_runs: 4 };
    const body = toNativeBody(dto, findLanguage('python')!, false);
    expect((body as { testCases: unknown[] }).testCases).toHaveLength(4);
    expect(metaOf(dto, 71, false).unjudged_runs).toBe(true);
    expect(metaOf({ ...dto, expected_output: '1' }, 71, false).unjudged_runs).toBe(false);
    expect(metaOf({ ...dto, number_of_runs: 1 }, 71, false).unjudged_runs).toBe(false);
  });
});

describe('Judge0 view of the runs', () => {
  it('a plain run is reported as it is', () => {
    const run = phase({ cpuTimeMs: 12, peakMemoryBytes: 2048 * 1024 });
    expect(reportedRuns(result({ run }), false, 5_000)).toEqual({
      run,
      verdict: Verdict.Ok,
      message: null,
      cpuTimeMs: 12,
      memoryKb: 2048,
    });
  });

  it('averages time and memory over every run when all pass; reports the last run', () => {
    const cases = [
      testCase(0, Verdict.Accepted, { cpuTimeMs: 10, peakMemoryBytes: 1000 * 1024 }),
      testCase(1, Verdict.Accepted, { cpuTimeMs: 20, peakMemoryBytes: 1001 * 1024 }),
      testCase(2, Verdict.Accepted, { cpuTimeMs: 40, peakMemoryBytes: 1001 * 1024, stdout: 'last' }),
    ];
    const runs = reportedRuns(result({ verdict: Verdict.Accepted, testCases: cases }), false, 5_000);
    expect(runs).toMatchObject({ verdict: Verdict.Accepted, cpuTimeMs: 70 / 3, memoryKb: 1000 });
    expect(runs.run).toBe(cases[2]);
  });

  it('stops at the first failing run: its output and verdict, averages up to it', () => {
    const cases = [
      testCase(0, Verdict.Accepted, { cpuTimeMs: 10 }),
      testCase(1, Verdict.WrongAnswer, { cpuTimeMs: 30 }),
    ];
    const runs = reportedRuns(result({ verdict: Verdict.WrongAnswer, testCases: cases }), false, 5_000);
    expect(runs).toMatchObject({
      run: cases[1],
      verdict: Verdict.WrongAnswer,
      message: 'case 1 failed',
      cpuTimeMs: 20,
    });
  });

  it('unjudged runs: a wrong answer is a success, a runtime error ends the runs made', () => {
    const cases = [
      testCase(0, Verdict.WrongAnswer, { cpuTimeMs: 10 }),
      testCase(1, Verdict.RuntimeError, { cpuTimeMs: 20, exitCode: 1 }),
      testCase(2, Verdict.WrongAnswer, { cpuTimeMs: 900 }),
    ];
    const runs = reportedRuns(result({ verdict: Verdict.WrongAnswer, testCases: cases }), true, 5_000);
    expect(runs).toMatchObject({ run: cases[1], verdict: Verdict.RuntimeError, cpuTimeMs: 15 });
    const fine = reportedRuns(result({ testCases: cases.slice(0, 1) }), true, 5_000);
    expect(fine.verdict).toBe(Verdict.Ok);
  });

  it('a run past cpu_time_limit (within cpu_extra_time) ends the runs, as a Judge0 time limit', () => {
    const cases = [testCase(0, Verdict.Accepted, { cpuTimeMs: 1_200 }), testCase(1, Verdict.Accepted)];
    const runs = reportedRuns(result({ verdict: Verdict.Accepted, testCases: cases }), false, 1_000);
    expect(runs.run).toBe(cases[0]);
  });

  it('a compile error has no run and no time', () => {
    const runs = reportedRuns(result({ verdict: Verdict.CompileError, testCases: [] }), false, 5_000);
    expect(runs).toEqual({
      run: null,
      verdict: Verdict.CompileError,
      message: null,
      cpuTimeMs: null,
      memoryKb: null,
    });
  });
});
