import { type JudgeSpec, Verdict } from '@judgebox/domain';
import { submissionRequest } from '@judgebox/testing';
import { FakeSandboxDriver, phaseOutcome } from '../sandbox/fake-sandbox.driver';
import type { LanguageVersions } from '../sandbox/language-versions.service';
import { SubmissionRunner } from '../submissions/submission-runner.service';
import { programsOf } from './judge-programs.fixtures';

const versions = { versionOf: () => null } as unknown as LanguageVersions;
const cases = ['a', 'b', 'c'].map((stdin) => ({
  stdin,
  expectedOutput: `${stdin}!`,
  encoding: 'utf8' as const,
}));

async function judge(over: Partial<JudgeSpec>) {
  const judgeSpec: JudgeSpec = {
    testCases: cases,
    compare: 'trim_trailing',
    floatTolerance: 0,
    stopOnFirstFailure: false,
    ...over,
  };
  // Every call (the program's and each checker's) answers exit 0 printing "ok".
  const ok = phaseOutcome({ stdout: Buffer.from('ok') });
  const driver = new FakeSandboxDriver({ compile: null, runs: [ok, ok, ok] });
  const runner = new SubmissionRunner(driver, versions, programsOf(driver));
  const result = await runner.run(submissionRequest({ judge: judgeSpec }), new AbortController().signal);
  return { driver, result };
}

describe('JudgedRun through the runner (fake driver)', () => {
  it('runs cases in group order, skips a group whose dependency failed, scores the groups', async () => {
    const { driver, result } = await judge({
      groups: [
        {
          name: 'late',
          points: 5,
          testCases: [0],
          dependencies: ['early'],
          scoring: 'all_or_nothing',
          stopOnFirstFailure: false,
        },
        {
          name: 'early',
          points: 7,
          testCases: [2, 1],
          dependencies: [],
          scoring: 'all_or_nothing',
          stopOnFirstFailure: false,
        },
      ],
    });
    expect(driver.spec.runs.map((r) => (r.stdin as Buffer).toString())).toEqual(['c', 'b', 'a']);
    expect(result.testCases?.map((c) => [c.index, c.verdict])).toEqual([
      [2, Verdict.WrongAnswer],
      [1, Verdict.WrongAnswer],
    ]);
    expect(result.scoring).toMatchObject({
      total: 0,
      max: 12,
      groups: [{ status: 'skipped', skippedBecause: 'early' }, { status: 'failed' }],
    });
  });

  it("a checker runs once per case in a sandbox of its own, with the case's files; the program's sandbox has none of them", async () => {
    const { driver, result } = await judge({
      checker: { language: 'python', files: [{ name: 'check.py', content: 'print(1)' }], entry: 'check.py' },
    });
    const [program, ...checks] = driver.specs;
    expect(checks).toHaveLength(3);
    expect(program.files.map((f) => f.name)).toEqual(['main.py']);
    for (const [i, check] of checks.entries()) {
      expect(check.runs[0].cmd).toEqual([
        'python3',
        '-I',
        'check.py',
        'judge-input.txt',
        'judge-output.txt',
        'judge-answer.txt',
      ]);
      const files = Object.fromEntries(check.files.map((f) => [f.name, f.content.toString()]));
      expect(files).toEqual({
        'check.py': 'print(1)',
        'judge-input.txt': cases[i].stdin,
        'judge-answer.txt': cases[i].expectedOutput,
        'judge-output.txt': 'ok',
      });
    }
    expect(result.verdict).toBe(Verdict.Accepted);
    expect(result.testCases?.every((c) => c.checkerMessage === 'ok' && c.score === 1)).toBe(true);
  });

  it('applies the language adjustment of the submission language to every run and reports it', async () => {
    const { driver, result } = await judge({
      languageAdjustments: { python: { timeMultiplier: 2, extraMemoryMb: 10 } },
    });
    expect(result.languageAdjustment).toEqual({ timeMultiplier: 2, extraMemoryMb: 10 });
    for (const run of driver.spec.runs) expect(run.limits).toEqual(result.limits);
    expect(result.limits.cpuTimeMs).toBe(4000);
  });
});
