import { type CompareMode, type JudgeSpec, type TestCase, Verdict } from '@judgebox/domain';
import { submissionRequest } from '@judgebox/testing';
import { FakeSandboxDriver, phaseOutcome } from '../sandbox/fake-sandbox.driver';
import type { PhaseOutcome } from '../sandbox/sandbox-driver';
import type { LanguageVersions } from '../sandbox/language-versions.service';
import { SubmissionRunner } from './submission-runner.service';
import { programsOf } from '../judging/judge-programs.fixtures';

const versions = { versionOf: () => null } as unknown as LanguageVersions;
const printed = (text: string, over: Partial<PhaseOutcome> = {}): PhaseOutcome =>
  phaseOutcome({ stdout: Buffer.from(text), ...over });
const testCase = (stdin: string, expectedOutput: string | null): TestCase => ({
  stdin,
  expectedOutput,
  encoding: 'utf8',
});
const THREE_CASES = [testCase('1', '2\n'), testCase('2', '4\n'), testCase('3', '6\n')];

/** Judges `cases` against the scripted `runs` (one outcome per case that may run) and an optional compile. */
async function judge(
  runs: PhaseOutcome[],
  over: Partial<JudgeSpec> = {},
  compile: PhaseOutcome | null = null,
  language = 'python',
) {
  const spec: JudgeSpec = {
    testCases: THREE_CASES,
    compare: 'trim_trailing',
    floatTolerance: 0,
    stopOnFirstFailure: false,
    ...over,
  };
  const request =
    language === 'python'
      ? submissionRequest({ judge: spec })
      : submissionRequest({
          language,
          files: [{ name: 'main.c', content: '' }],
          entry: 'main.c',
          judge: spec,
        });
  const driver = new FakeSandboxDriver({ compile, runs });
  const result = await new SubmissionRunner(driver, versions, programsOf(driver)).run(
    request,
    new AbortController().signal,
  );
  return { driver, result, request };
}

describe('SubmissionRunner: judged test cases', () => {
  it('one run per case with its own stdin and the same command and limits; every case passing is accepted', async () => {
    const { driver, result, request } = await judge([printed('2\n'), printed('4'), printed('6  \n\n')]);
    expect(driver.spec.runs.map((r) => r.stdin)).toEqual(['1', '2', '3'].map((s) => Buffer.from(s)));
    for (const run of driver.spec.runs)
      expect(run).toMatchObject({ cmd: ['python3', '-I', 'main.py'], limits: request.limits });
    expect(result).toMatchObject({ verdict: Verdict.Accepted, message: null, run: null });
    expect(result.testCases?.map((c) => [c.index, c.verdict, c.stdout])).toEqual([
      [0, Verdict.Accepted, '2\n'],
      [1, Verdict.Accepted, '4'],
      [2, Verdict.Accepted, '6  \n\n'],
    ]);
  });

  it('case stdin and expected output are decoded with the case encoding', async () => {
    const b64 = (s: string): string => Buffer.from(s).toString('base64');
    const cases: TestCase[] = [{ stdin: b64('\x00in'), expectedOutput: b64('\xffout'), encoding: 'base64' }];
    const { driver, result } = await judge([phaseOutcome({ stdout: Buffer.from('\xffout') })], {
      testCases: cases,
    });
    expect(driver.spec.runs[0].stdin).toEqual(Buffer.from('\x00in'));
    expect(result.verdict).toBe(Verdict.Accepted);
  });

  it('stopOnFirstFailure: stops after the first failing case, which gives the verdict', async () => {
    const { driver, result } = await judge([printed('2'), printed('5'), printed('6')], {
      stopOnFirstFailure: true,
    });
    expect(driver.decisions).toEqual([true, false]);
    expect(result.testCases?.map((c) => c.verdict)).toEqual([Verdict.Accepted, Verdict.WrongAnswer]);
    expect(result).toMatchObject({
      verdict: Verdict.WrongAnswer,
      message: 'test case 2: the output differs from the expected output',
    });
  });

  it('stopOnFirstFailure: a limit stops the cases as a wrong answer does', async () => {
    const timedOut = printed('', { killedBy: 'wall_time', exitCode: 137 });
    const { driver, result } = await judge([timedOut, printed('4'), printed('6')], {
      stopOnFirstFailure: true,
    });
    expect(driver.decisions).toEqual([false]);
    expect(result.testCases).toHaveLength(1);
    expect(result).toMatchObject({
      verdict: Verdict.TimeLimitExceeded,
      message: 'test case 1: the program exceeded the wall time limit of 5000 ms',
    });
  });

  it('without stopOnFirstFailure every case runs; the first failing case gives the verdict', async () => {
    const { driver, result } = await judge([
      printed('2'),
      printed('', { exitCode: 1 }),
      printed('', { oomKilled: true }),
    ]);
    expect(driver.decisions).toEqual([true, true, true]);
    expect(result.testCases?.map((c) => c.verdict)).toEqual([
      Verdict.Accepted,
      Verdict.RuntimeError,
      Verdict.MemoryLimitExceeded,
    ]);
    expect(result).toMatchObject({
      verdict: Verdict.RuntimeError,
      message: 'test case 2: the program exited with code 1',
    });
  });

  it.each([
    ['CPU time', { killedBy: 'cpu_time', exitCode: 137 }, Verdict.TimeLimitExceeded],
    ['OOM kill', { oomKilled: true, exitCode: 137 }, Verdict.MemoryLimitExceeded],
    [
      'output kill',
      { killedBy: 'output', exitCode: 137, stdoutTruncated: true },
      Verdict.OutputLimitExceeded,
    ],
    ['signal', { exitCode: 134 }, Verdict.RuntimeError],
  ] as const)('a limit or crash beats a matching output (%s)', async (_, over, verdict) => {
    const { result } = await judge([printed('2\n', over)], { testCases: [THREE_CASES[0]] });
    expect(result.testCases?.[0].verdict).toBe(verdict);
  });

  it('a truncated output never matches, even when what was kept equals the expected output', async () => {
    const { result } = await judge([printed('2\n', { stdoutTruncated: true })], {
      testCases: [THREE_CASES[0]],
    });
    expect(result.verdict).toBe(Verdict.WrongAnswer);
  });

  it('a case without expected output passes on any clean run, and fails on a crash', async () => {
    const cases = [testCase('1', null), testCase('2', null)];
    const { result } = await judge([printed('anything'), printed('', { exitCode: 139 })], {
      testCases: cases,
    });
    expect(result.testCases?.map((c) => c.verdict)).toEqual([Verdict.Accepted, Verdict.RuntimeError]);
    expect(result.message).toBe('test case 2: the program was killed by SIGSEGV');
  });

  it.each<[CompareMode, number, string, string, Verdict]>([
    ['exact', 0, '2', '2\n', Verdict.WrongAnswer],
    ['exact', 0, '2\n', '2\n', Verdict.Accepted],
    ['trim_trailing', 0, '2 \n\n', '2\n', Verdict.Accepted],
    ['trim_trailing', 0, '2 3', '2\n3', Verdict.WrongAnswer],
    ['tokens', 0, '2 3', '2\n3', Verdict.Accepted],
    ['tokens', 0, '1.005', '1', Verdict.WrongAnswer],
    ['tokens', 0.01, '1.005', '1', Verdict.Accepted],
  ])(
    'compare %s (tolerance %d): %j against %j is %s',
    async (compare, floatTolerance, actual, expected, verdict) => {
      const { result } = await judge([printed(actual)], {
        compare,
        floatTolerance,
        testCases: [testCase('', expected)],
      });
      expect(result.verdict).toBe(verdict);
    },
  );

  it('a compiled language compiles once, then runs every case', async () => {
    const { driver, result } = await judge(
      [printed('2'), printed('4'), printed('6')],
      {},
      phaseOutcome(),
      'c',
    );
    expect(driver.spec.compile?.cmd[0]).toBe('gcc');
    expect(driver.spec.runs.map((r) => r.cmd)).toEqual([['./main'], ['./main'], ['./main']]);
    expect(result).toMatchObject({ verdict: Verdict.Accepted, compile: { exitCode: 0 } });
  });

  it('compile failure: compile error, no case ran', async () => {
    const { driver, result } = await judge([], {}, phaseOutcome({ exitCode: 1 }), 'c');
    expect(driver.decisions).toEqual([]);
    expect(result).toMatchObject({ verdict: Verdict.CompileError, testCases: [], run: null });
  });
});
