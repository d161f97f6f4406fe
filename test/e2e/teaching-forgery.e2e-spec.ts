import { useJudgingStack } from '../support/judging-stack';
import { FORGERY_CASES, type ForgeryCase } from './teaching-forgery-samples';

/**
 * Students who try to be scored as passing without passing, per framework, through the real stack
 * (docs/teaching.md, "Where the report comes from"): the report counts only when it is signed with
 * the key the worker gave this run's grader on stdin. SANDBOX_ISOLATION picks the isolation mode.
 */
jest.setTimeout(180_000);

describe('teaching: forged unit-test reports', () => {
  const stack = useJudgingStack({ worker: { SANDBOX_POOL: [{ image: '*', size: 0 }] } });

  const grade = async (
    c: ForgeryCase,
    student: string | { name: string; content: string }[],
    outputFiles?: string[],
    tests = c.base.tests,
  ): Promise<any> => {
    const files = typeof student === 'string' ? [{ name: c.base.studentFile, content: student }] : student;
    const body = {
      language: c.base.language,
      files,
      outputFiles,
      unitTests: { framework: c.base.framework, files: [{ name: c.base.testFile, content: tests }] },
    };
    return stack.judge(body);
  };

  describe.each(FORGERY_CASES.map((c) => [c.base.framework, c] as const))('%s', (_name, c) => {
    it('hostile: no key or report path anywhere the program looks (argv, environ, /proc, stdin, fds, /tmp); its all-pass reports and exit 0 are a runtime error', async () => {
      const r = await grade(c, c.find, ['found.txt']);
      expect(r.verdict).toBe('runtime_error');
      expect(r.message).toMatch(/wrote no report/);
      expect(r.unitTests).toMatchObject({ tests: null, score: 0 });
      const found = Buffer.from(r.outputFiles[0].content ?? '', 'base64').toString();
      expect(found).toMatch(/^keys=0 dirs=0 scanned=[1-9]\d*$/);
    });

    it.each(c.exit.map((s, i) => [i, s] as const))(
      'hostile: exit with status 0 from inside a failing test (%i) is a runtime error',
      async (_i, student) => {
        const r = await grade(c, student);
        expect(r.verdict).toBe('runtime_error');
        expect(r.message).toMatch(/wrote no report|disagrees with the run's exit code 0/);
        expect(r.unitTests.score).toBeLessThan(1);
      },
    );

    it('hostile: a background process rewriting the report after the run never makes a pass', async () => {
      const r = await grade(c, c.rewrite);
      expect(['wrong_answer', 'runtime_error']).toContain(r.verdict);
      if (r.verdict === 'runtime_error') expect(r.message).toMatch(/not signed by this run's grader/);
      else expect(r.unitTests).toMatchObject({ counts: { passed: 1, failed: 1 } });
    });

    (c.extra ? it : it.skip)(
      "hostile: the student's own passing tests, config files and flags neither count nor hide the failing test",
      async () => {
        const r = await grade(c, c.extra!.files, undefined, c.extra!.tests);
        expect(r).toMatchObject({ verdict: 'wrong_answer', message: '1 of 2 tests passed' });
        expect(r.unitTests).toMatchObject({ counts: { total: 2, passed: 1, failed: 1 }, score: 0.5 });
        expect(r.unitTests.tests.map((t: any) => t.name).sort()).toEqual([...c.base.names].sort());
      },
    );
  });
});
