import { DEFAULT_LIMITS, type SubmissionRequest, type UnitTestSpec } from '@judgebox/domain';
import { toSandboxSpec } from '../submissions/submission-runner.service';
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
  return planTeaching(req, toSandboxSpec(req), invalid);
}

describe('planTeaching', () => {
  it('leaves a plain submission alone', () => {
    expect(plan(request('python', ['main.py']))).toBeNull();
  });

  it('starts pytest in a fresh report dir per run, with the tests and the per-test timeout', () => {
    const req = request('python-ml', ['calc.py'], {
      files: [{ name: 'test_calc.py', content: 'x' }],
      perTestTimeoutMs: 1500,
    });
    const [a, b] = [plan(req)!, plan(req)!];
    const cmd = a.spec.runs[0].cmd;
    const flag = cmd.find((part) => part.startsWith('--junitxml='))!;
    expect(flag).toMatch(/^--junitxml=\/tmp\/jb-tests-[0-9a-f]{32}\/report\.xml$/);
    expect(b.spec.runs[0].cmd).not.toContain(flag);
    expect(cmd.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    // No reporter for pytest: the start script only execs it.
    expect(cmd[5]).toBe('');
    expect(cmd.slice(-2)).toEqual(['test_calc.py', '--timeout=1.5']);
    expect(a.spec.files.map((f) => f.name)).toEqual(['calc.py', 'test_calc.py']);
    expect(typeof a.spec.afterRuns).toBe('function');
  });

  it("compiles the student's and the teacher's files together with the framework's command", () => {
    const junit = plan(
      request('java-junit', ['Calc.java'], {
        framework: 'junit5',
        files: [{ name: 'CalcTest.java', content: '' }],
      }),
    )!;
    expect(junit.spec.compile?.cmd.slice(-2)).toEqual(['Calc.java', 'CalcTest.java']);
    const ts = plan(
      request('typescript', ['calc.ts'], {
        framework: 'node_test',
        files: [{ name: 'calc.test.ts', content: '' }],
      }),
    )!;
    expect(ts.spec.compile?.cmd.slice(-2)).toEqual(['calc.ts', 'calc.test.ts']);
    expect(ts.spec.runs[0].cmd.at(-1)).toBe('calc.test.js');
    // The reporter is written by the start script, under a name of its own, and writes the report.
    const [reporterPath, source] = ts.spec.runs[0].cmd.slice(4, 6);
    expect(reporterPath).toMatch(/^\/tmp\/jb-reporter-[0-9a-f]{32}\.mjs$/);
    expect(ts.spec.runs[0].cmd).toContain(`--test-reporter=${reporterPath}`);
    expect(source).toMatch(/const out = "\/tmp\/jb-tests-[0-9a-f]{32}\/report\.json"/);
  });

  it('refuses a framework the language does not run, and test files named like the student files', () => {
    expect(() => plan(request('python', ['main.py'], { files: [{ name: 't.py', content: '' }] }))).toThrow(
      /pytest does not run python/,
    );
    expect(() => plan(request('python-ml', ['t.py'], { files: [{ name: 't.py', content: '' }] }))).toThrow(
      /share names/,
    );
  });

  it('answers output files the program never wrote because it did not run', () => {
    const p = plan({ ...request('bash', ['main.sh']), outputFiles: ['out.txt'] })!;
    const done = p.complete({ verdict: 'compile_error' } as never, []);
    expect(done.outputFiles).toEqual([
      { name: 'out.txt', content: null, bytes: null, problem: 'the program did not run' },
    ]);
  });
});
