import { Verdict, type SubmissionResult, type UnitTestSpec } from '@judgebox/domain';
import { phaseOutcome } from '../sandbox/fake-sandbox.driver';
import { gradeUnitTests } from './grade-unit-tests';
import { signReport } from './graders/sealed-report';

const spec: UnitTestSpec = { framework: 'pytest', files: [], weights: {}, perTestTimeoutMs: null };
const result = (verdict: Verdict): SubmissionResult => ({ verdict, message: 'm' }) as SubmissionResult;
const KEY = 'k'.repeat(64);
const doc = (...statuses: string[]): string =>
  JSON.stringify({
    reporter: 'judgebox',
    tests: statuses.map((status, i) => ({ name: `t.n${i}`, status, message: 'why', timeMs: 1 })),
  });
const signed = (...statuses: string[]): Buffer => Buffer.from(signReport(KEY, doc(...statuses)));
const report = (content: Buffer) => ({ content, problem: null });
const grade = (verdict: Verdict, exitCode: number, read: Parameters<typeof gradeUnitTests>[3]) =>
  gradeUnitTests(result(verdict), spec, phaseOutcome({ exitCode }), read, KEY);

describe('gradeUnitTests', () => {
  it('accepts a report of passes with a clean exit, and scores failures as a wrong answer', () => {
    const ok = grade(Verdict.Ok, 0, report(signed('passed', 'passed')));
    expect(ok).toMatchObject({ verdict: Verdict.Accepted, message: null, unitTests: { score: 1 } });
    const bad = grade(Verdict.RuntimeError, 1, report(signed('passed', 'failed')));
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
    ['an unsigned report', report(Buffer.from(doc('passed'))), 0, /not signed by this run's grader/],
    [
      'a report signed with another key',
      report(Buffer.from(signReport('x'.repeat(64), doc('passed')))),
      0,
      /not signed/,
    ],
    [
      'a signed report changed after',
      report(Buffer.from(signReport(KEY, doc('failed')).replace('"failed"', '"passed"'))),
      0,
      /not signed/,
    ],
    ['a signed document that is not JSON', report(Buffer.from(signReport(KEY, '<x'))), 0, /malformed/],
    ['all passes with a failing exit', report(signed('passed')), 1, /disagrees/],
    ['failures with a clean exit', report(signed('failed')), 0, /disagrees/],
    ['the framework failing on its own', report(signed('passed')), 2, /exit code 2/],
    ['no test at all', report(signed()), 0, /no test ran/],
  ])('%s is a runtime error', (_what, read, exitCode, message) => {
    const graded = grade(Verdict.Ok, exitCode, read);
    expect(graded.verdict).toBe(Verdict.RuntimeError);
    expect(graded.message).toMatch(message);
  });

  it('keeps the verdict of a compile error or a limit, with no tests', () => {
    const tle = gradeUnitTests(
      result(Verdict.TimeLimitExceeded),
      spec,
      phaseOutcome({ killedBy: 'cpu_time' }),
      report(signed('passed')),
      KEY,
    );
    expect(tle).toMatchObject({
      verdict: Verdict.TimeLimitExceeded,
      message: 'm',
      unitTests: { tests: null, score: 0 },
    });
    expect(gradeUnitTests(result(Verdict.CompileError), spec, null, null, KEY).verdict).toBe(
      Verdict.CompileError,
    );
  });
});
