import { useJudgingStack } from '../support/judging-stack';
import { FRAMEWORK_CASES, PYTEST, type FrameworkCase } from './teaching-samples';

/**
 * Grading by the teacher's unit tests through the real stack, per framework: a passing suite, a
 * failing test, a crash, a timeout and a forged report. The report is read from a directory made
 * for the run, through the sandbox's init; what the program prints or writes elsewhere never counts.
 * SANDBOX_ISOLATION picks the isolation mode (namespace by default).
 */
jest.setTimeout(180_000);

describe('teaching: grading by unit tests', () => {
  const stack = useJudgingStack({ worker: { SANDBOX_POOL: [{ image: '*', size: 0 }] } });
  const http = stack.http;

  const grade = async (
    c: FrameworkCase,
    student: string,
    extra: Record<string, unknown> = {},
    limits?: Record<string, number>,
  ): Promise<any> => {
    const body = {
      language: c.language,
      limits,
      files: [{ name: c.studentFile, content: student }],
      unitTests: { framework: c.framework, files: [{ name: c.testFile, content: c.tests }], ...extra },
    };
    return stack.judge(body);
  };

  describe.each(FRAMEWORK_CASES.map((c) => [c.framework, c] as const))('%s', (_name, c) => {
    it('a passing suite is accepted with every test listed, score 1', async () => {
      const r = await grade(c, c.student.good);
      expect(r).toMatchObject({ verdict: 'accepted', message: null });
      expect(r.unitTests).toMatchObject({
        framework: c.framework,
        counts: { total: 2, passed: 2, failed: 0, error: 0, skipped: 0 },
        score: 1,
        testsTruncated: false,
      });
      expect(r.unitTests.tests.map((t: any) => [t.name, t.status, t.message])).toEqual(
        expect.arrayContaining([
          [c.names[0], 'passed', null],
          [c.names[1], 'passed', null],
        ]),
      );
      for (const t of r.unitTests.tests) expect(t.timeMs).toBeGreaterThanOrEqual(0);
    });

    it('a failing test is a wrong answer with its message; weights set the score', async () => {
      const r = await grade(c, c.student.bad, { weights: { [c.names[0]]: 3 } });
      expect(r).toMatchObject({ verdict: 'wrong_answer', message: '1 of 2 tests passed' });
      expect(r.unitTests).toMatchObject({ counts: { total: 2, passed: 1, failed: 1 }, score: 0.25 });
      const failed = r.unitTests.tests.find((t: any) => t.name === c.names[0]);
      expect(failed.status).toBe('failed');
      expect(failed.message).toMatch(/\S/);
    });

    it('a crash that leaves no report is a runtime error, never a pass', async () => {
      const r = await grade(c, c.student.crash);
      expect(r.verdict).toBe('runtime_error');
      expect(r.message).toMatch(/wrote no report/);
      expect(r.unitTests).toMatchObject({ tests: null, score: 0, counts: { total: 0 } });
    });

    it('a forged report (printed, written where reports usually go, then exit 0) is a runtime error', async () => {
      const r = await grade(c, c.student.forged);
      expect(r.verdict).toBe('runtime_error');
      expect(r.message).toMatch(/wrote no report/);
      expect(r.unitTests.score).toBe(0);
    });

    it(`a test that never ends ${c.perTestTimeout || c.framework === 'node_test' ? 'fails on its own timeout' : 'stops the run at its time limit'}`, async () => {
      const extra = c.perTestTimeout ? { perTestTimeoutMs: 1_000 } : {};
      // node:test's process lives on until the slow promise settles: room for that on a busy host.
      const limits = c.framework === 'node_test' ? { wallTimeMs: 15_000 } : undefined;
      const r = await grade(c, c.student.slow, extra, limits);
      if (c.perTestTimeout || c.framework === 'node_test') {
        expect(r.verdict).toBe('wrong_answer');
        const slow = r.unitTests.tests.find((t: any) => t.name === c.names[1]);
        expect(['failed', 'error']).toContain(slow.status);
        expect(slow.message).toMatch(/time|Timeout/i);
        expect(r.unitTests.tests.find((t: any) => t.name === c.names[0]).status).toBe('passed');
      } else {
        expect(r.verdict).toBe('time_limit_exceeded');
        expect(r.unitTests).toMatchObject({ tests: null, score: 0 });
      }
    });
  });

  // The report's path is in no argv: a background process waits for the grader's report in /tmp.
  const ON_REPORT = (action: string): string =>
    [
      'import subprocess',
      `subprocess.Popen(["sh", "-c", 'while :; do for f in /tmp/jb-tests-*/report.json; do [ -f "$f" ] && { ${action}; exit; }; done; done'], start_new_session=True)`,
      PYTEST.student.bad,
    ].join('\n');

  it('hostile: a report replaced by a symlink to /etc/shadow is refused, not followed', async () => {
    const r = await grade(PYTEST, ON_REPORT('ln -sf /etc/shadow "$f"'));
    // Replaced before the worker read it (a runtime error), or too late (the real failure).
    expect(['runtime_error', 'wrong_answer']).toContain(r.verdict);
    if (r.verdict === 'runtime_error') {
      expect(r.message).toMatch(/could not be read: not a regular file/);
      expect(r.unitTests).toMatchObject({ tests: null, score: 0 });
    } else expect(r.unitTests.counts).toMatchObject({ passed: 1, failed: 1 });
    expect(JSON.stringify(r)).not.toMatch(/root:/);
  });

  it('hostile: while the tests run, the report directory is not there to be found', async () => {
    const student = `import glob\nopen("seen.txt", "w").write(repr(glob.glob("/tmp/jb-*")))\n${PYTEST.student.good}`;
    const res = await http()
      .post('/v1/submissions?wait=true')
      .send({
        language: 'python-ml',
        files: [{ name: 'calc.py', content: student }],
        outputFiles: ['seen.txt'],
        unitTests: { framework: 'pytest', files: [{ name: 'test_calc.py', content: PYTEST.tests }] },
      })
      .expect(200);
    expect(res.body.result.verdict).toBe('accepted');
    expect(Buffer.from(res.body.result.outputFiles[0].content, 'base64').toString()).toBe('[]');
  });

  it('typescript runs node:test on the compiled test files', async () => {
    const r = await http()
      .post('/v1/submissions?wait=true')
      .send({
        language: 'typescript',
        files: [{ name: 'calc.ts', content: 'export const add = (a: number, b: number): number => a + b;' }],
        unitTests: {
          framework: 'node_test',
          files: [
            {
              name: 'calc.test.ts',
              content:
                "import test = require('node:test');\nimport assert = require('node:assert');\nimport { add } from './calc';\ntest('add', () => assert.strictEqual(add(1, 2), 3));\n",
            },
          ],
        },
      })
      .expect(200);
    expect(r.body.result).toMatchObject({
      verdict: 'accepted',
      unitTests: { counts: { passed: 1, total: 1 } },
    });
  });

  it('the API refuses a framework the language does not run, unsupported timeouts and name clashes', async () => {
    const bad = [
      { language: 'python', unitTests: { framework: 'pytest', files: [{ name: 't.py', content: '' }] } },
      {
        language: 'cpp-gtest',
        unitTests: { framework: 'gtest', files: [{ name: 't.cpp', content: '' }], perTestTimeoutMs: 500 },
      },
      { language: 'python-ml', unitTests: { framework: 'junit5', files: [{ name: 't.py', content: '' }] } },
      {
        language: 'python-ml',
        unitTests: { framework: 'pytest', files: [{ name: 'main.py', content: '' }] },
      },
      { language: 'python-ml', unitTests: { framework: 'pytest', files: [] } },
      // The name of judgebox's grader, for the teacher's files and the student's.
      {
        language: 'python-ml',
        unitTests: { framework: 'pytest', files: [{ name: 'jb_pytest_grader.py', content: '' }] },
      },
      {
        language: 'java-junit',
        source: undefined,
        files: [{ name: 'JbJunitGrader.java', content: '' }],
        unitTests: { framework: 'junit5', files: [{ name: 'T.java', content: '' }] },
      },
      { language: 'python-ml', unitTests: { framework: 'nope', files: [{ name: 't.py', content: '' }] } },
      // A teacher's file named like a folder of the student's (the sandbox cannot hold both).
      {
        language: 'python-ml',
        source: undefined,
        files: [{ name: 'calc/__init__.py', content: '' }],
        unitTests: { framework: 'pytest', files: [{ name: 'calc', content: '' }] },
      },
      {
        language: 'python-ml',
        unitTests: { framework: 'pytest', files: [{ name: 't.py', content: '' }], weights: { a: -1 } },
      },
      {
        language: 'python-ml',
        testCases: [{ stdin: '' }],
        unitTests: { framework: 'pytest', files: [{ name: 't.py', content: '' }] },
      },
    ];
    for (const body of bad) {
      const res = await http()
        .post('/v1/submissions')
        .send({ source: 'pass', ...body });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(/unitTests/);
    }
  });

  it('output files come back beside a graded run', async () => {
    const tests = `${PYTEST.tests}\ndef test_plot():\n    import matplotlib.pyplot as plt\n    plt.plot([1, 2]); plt.savefig("plot.png")\n`;
    const res = await http()
      .post('/v1/submissions?wait=true')
      .send({
        language: 'python-ml',
        files: [{ name: 'calc.py', content: PYTEST.student.good }],
        outputFiles: ['plot.png'],
        unitTests: { framework: 'pytest', files: [{ name: 'test_calc.py', content: tests }] },
      })
      .expect(200);
    expect(res.body.result).toMatchObject({ verdict: 'accepted', unitTests: { counts: { passed: 3 } } });
    expect(Buffer.from(res.body.result.outputFiles[0].content, 'base64').subarray(1, 4).toString()).toBe(
      'PNG',
    );
  });
});
