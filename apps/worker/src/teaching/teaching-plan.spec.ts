import { DEFAULT_LIMITS, type SubmissionRequest, type UnitTestSpec } from '@judgebox/domain';
import { toSandboxSpec } from '../submissions/submission-runner.service';
import { resolveSubmission } from '../submissions/resolved-submission';
import { planTeaching } from './teaching-plan';

const invalid = (m: string): Error => new Error(m);

function request(language: string, files: string[], unitTests?: Partial<UnitTestSpec>): SubmissionRequest {
  return {
    language,
    files: files.map((name) => ({ name, content: '' })),
    entry: files[0],
    stdin: '',
    stdinEncoding: 'utf8',
    args: [],
    compilerOptions: [],
    limits: DEFAULT_LIMITS,
    unitTests: unitTests && {
      framework: 'pytest',
      files: [],
      weights: {},
      perTestTimeoutMs: null,
      ...unitTests,
    },
  };
}

function plan(req: SubmissionRequest) {
  const job = resolveSubmission(req);
  return planTeaching(job, toSandboxSpec(job), invalid);
}

describe('planTeaching', () => {
  it('leaves a plain submission alone', () => {
    expect(plan(request('python', ['main.py']))).toBeNull();
  });

  it("runs pytest through judgebox's grader, its seal on stdin only, fresh per run", () => {
    const req = request('python-ml', ['calc.py'], {
      files: [{ name: 'test_calc.py', content: 'x' }],
      perTestTimeoutMs: 1500,
    });
    req.stdin = 'input';
    const [a, b] = [plan(req)!, plan(req)!];
    const { cmd, stdin } = a.spec.runs[0];
    expect(cmd.slice(4, 6)).toEqual(['-I', 'jb_pytest_grader.py']);
    expect(cmd.slice(-2)).toEqual(['test_calc.py', '--timeout=1.5']);
    const line = /^([0-9a-f]{64}) (\/tmp\/jb-tests-[0-9a-f]{32}\/report\.json)\ninput$/.exec(
      (stdin as Buffer).toString(),
    );
    expect(line).not.toBeNull();
    // Neither the key nor the report's path is in argv (nor in the environment: there is none).
    expect(cmd.join(' ')).not.toContain(line![1]);
    expect(cmd.join(' ')).not.toContain(line![2]);
    expect((b.spec.runs[0].stdin as Buffer).toString()).not.toContain(line![1]);
    expect(a.spec.files.map((f) => f.name)).toEqual(['jb_pytest_grader.py', 'calc.py', 'test_calc.py']);
    expect(typeof a.spec.afterRuns).toBe('function');
  });

  it("compiles the grader first, then the student's and the teacher's files", () => {
    const junit = plan(
      request('java-junit', ['Calc.java'], {
        framework: 'junit5',
        files: [{ name: 'CalcTest.java', content: '' }],
      }),
    )!;
    expect(junit.spec.compile?.cmd.slice(-3)).toEqual(['JbJunitGrader.java', 'Calc.java', 'CalcTest.java']);
    expect(junit.spec.runs[0].cmd.slice(-2)).toEqual(['JbJunitGrader', 'CalcTest.java']);
    const gtest = plan(
      request('cpp-gtest', ['calc.cpp'], {
        framework: 'gtest',
        files: [{ name: 'calc_test.cpp', content: '' }],
      }),
    )!;
    expect(gtest.spec.compile?.cmd).toContain('jb_gtest_grader.cpp');
    expect(gtest.spec.compile?.cmd.indexOf('jb_gtest_grader.cpp')).toBeLessThan(
      gtest.spec.compile!.cmd.indexOf('calc.cpp'),
    );
    expect(gtest.spec.runs[0].cmd).toEqual(['./main', 'calc_test.cpp']);
    const ts = plan(
      request('typescript', ['calc.ts'], {
        framework: 'node_test',
        files: [{ name: 'calc.test.ts', content: '' }],
      }),
    )!;
    expect(ts.spec.compile?.cmd.slice(-2)).toEqual(['calc.ts', 'calc.test.ts']);
    expect(ts.spec.runs[0].cmd.at(-1)).toBe('calc.test.js');
    expect(ts.spec.runs[0].cmd).toContain('--test-reporter=/work/jb-node-grader.mjs');
  });

  it('refuses a framework the language does not run, and test files named like the student files', () => {
    expect(() => plan(request('python', ['main.py'], { files: [{ name: 't.py', content: '' }] }))).toThrow(
      /pytest does not run python/,
    );
    expect(() => plan(request('python-ml', ['t.py'], { files: [{ name: 't.py', content: '' }] }))).toThrow(
      /share names/,
    );
    expect(() =>
      plan(request('python-ml', ['jb_pytest_grader.py'], { files: [{ name: 't.py', content: '' }] })),
    ).toThrow(/name of judgebox's grader/);
  });

  it('answers output files the program never wrote because it did not run', () => {
    const p = plan({ ...request('bash', ['main.sh']), outputFiles: ['out.txt'] })!;
    const done = p.complete({ verdict: 'compile_error' } as never, []);
    expect(done.outputFiles).toEqual([
      { name: 'out.txt', content: null, bytes: null, problem: 'the program did not run' },
    ]);
  });
});
