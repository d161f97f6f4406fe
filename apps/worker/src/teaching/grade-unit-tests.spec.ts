import { Verdict, type SubmissionResult, type UnitTestSpec } from '@judgebox/domain';
import { phaseOutcome } from '../sandbox/fake-sandbox.driver';
import { gradeUnitTests } from './grade-unit-tests';

const spec: UnitTestSpec = { framework: 'pytest', files: [], weights: {}, perTestTimeoutMs: null };
const result = (verdict: Verdict): SubmissionResult => ({ verdict, message: 'm' }) as SubmissionResult;
const xml = (...statuses: string[]): Buffer =>
  Buffer.from(
    `<testsuite>${statuses.map((s, i) => `<testcase classname="t" name="n${i}">${s === 'passed' ? '' : `<${s === 'failed' ? 'failure' : s} message="why"/>`}</testcase>`).join('')}</testsuite>`,
  );
const report = (content: Buffer) => ({ content, problem: null });

describe('gradeUnitTests', () => {
  it('accepts a report of passes with a clean exit, and scores failures as a wrong answer', () => {
    const ok = gradeUnitTests(result(Verdict.Ok), spec, phaseOutcome(), report(xml('passed', 'passed')));
    expect(ok).toMatchObject({ verdict: Verdict.Accepted, message: null, unitTests: { score: 1 } });
    const bad = gradeUnitTests(
      result(Verdict.RuntimeError),
      spec,
      phaseOutcome({ exitCode: 1 }),
      report(xml('passed', 'failed')),
    );
    expect(bad).toMatchObject({
      verdict: Verdict.WrongAnswer,
      message: '1 of 2 tests passed',
      unitTests: { score: 0.5 },
    });
  });

  it.each([
    ['no report', null, 0, /wrote no report/],
    [
      'an unreadable report',
      { content: null, bytes: 5, problem: 'not a regular file' },
      0,
      /could not be read: not a regular file/,
    ],
    ['a malformed report', report(Buffer.from('<x')), 0, /malformed/],
    ['all passes with a failing exit', report(xml('passed')), 1, /disagrees/],
    ['failures with a clean exit', report(xml('failed')), 0, /disagrees/],
    ['the framework failing on its own', report(xml('passed')), 2, /exit code 2/],
    ['no test at all', report(xml()), 0, /no test ran/],
  ])('%s is a runtime error', (_what, read, exitCode, message) => {
    const graded = gradeUnitTests(result(Verdict.Ok), spec, phaseOutcome({ exitCode }), read);
    expect(graded.verdict).toBe(Verdict.RuntimeError);
    expect(graded.message).toMatch(message);
  });

  it('keeps the verdict of a compile error or a limit, with no tests', () => {
    const tle = gradeUnitTests(
      result(Verdict.TimeLimitExceeded),
      spec,
      phaseOutcome({ killedBy: 'cpu_time' }),
      report(xml('passed')),
    );
    expect(tle).toMatchObject({
      verdict: Verdict.TimeLimitExceeded,
      message: 'm',
      unitTests: { tests: null, score: 0 },
    });
    expect(gradeUnitTests(result(Verdict.CompileError), spec, null, null).verdict).toBe(Verdict.CompileError);
  });
});
