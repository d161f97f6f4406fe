import { useJudgingStack } from '../support/judging-stack';

/**
 * Judged submissions through the real stack: compiled once, one fresh process per test case,
 * each with its own verdict and limits.
 */
jest.setTimeout(60_000);

describe('judging test cases', () => {
  const stack = useJudgingStack();
  const http = stack.http;

  const judge = stack.judge;

  // Doubles its input: compiled once for all cases.
  const DOUBLE_C =
    '#include <stdio.h>\nint main(void){long x; if(scanf("%ld",&x)!=1) return 3; printf("%ld\\n", 2*x); return 0;}';

  it('accepted: every case passes; compiled once, run once per case', async () => {
    const result = await judge({
      language: 'c',
      source: DOUBLE_C,
      testCases: [
        { stdin: '1', expectedOutput: '2' },
        { stdin: '21', expectedOutput: '42\n' },
        { stdin: '-5\n', expectedOutput: '-10   \n\n' },
      ],
    });
    expect(result).toMatchObject({ verdict: 'accepted', message: null, run: null, compile: { exitCode: 0 } });
    expect(result.testCases).toHaveLength(3);
    expect(result.testCases.map((c: any) => [c.index, c.verdict, c.stdout])).toEqual([
      [0, 'accepted', '2\n'],
      [1, 'accepted', '42\n'],
      [2, 'accepted', '-10\n'],
    ]);
    for (const c of result.testCases) {
      expect(c).toMatchObject({ exitCode: 0, signal: null, killedBy: null });
      expect(c.wallTimeMs).toBeGreaterThan(0);
      expect(c.peakMemoryBytes).toBeGreaterThan(0);
    }
  });

  it('wrong answer on case 2 of 3: the overall verdict names the case, the others still run', async () => {
    const result = await judge({
      language: 'python',
      source: 'n = int(input())\nprint(n + 1 if n == 7 else n * n)',
      testCases: [
        { stdin: '3', expectedOutput: '9' },
        { stdin: '7', expectedOutput: '49' },
        { stdin: '4', expectedOutput: '16' },
      ],
    });
    expect(result.verdict).toBe('wrong_answer');
    expect(result.message).toMatch(/^test case 2:/);
    expect(result.testCases.map((c: any) => c.verdict)).toEqual(['accepted', 'wrong_answer', 'accepted']);
    expect(result.testCases[1].stdout).toBe('8\n');
  });

  it('a time limit on one case: that case is killed, the next case runs normally', async () => {
    const started = Date.now();
    const result = await judge({
      language: 'python',
      source: 'n = int(input())\nwhile n == 0: pass\nprint(n)',
      limits: { cpuTimeMs: 500, wallTimeMs: 2_000 },
      testCases: [
        { stdin: '1', expectedOutput: '1' },
        { stdin: '0', expectedOutput: '0' },
        { stdin: '3', expectedOutput: '3' },
      ],
    });
    expect(result.verdict).toBe('time_limit_exceeded');
    expect(result.message).toMatch(/^test case 2:/);
    expect(result.testCases.map((c: any) => c.verdict)).toEqual([
      'accepted',
      'time_limit_exceeded',
      'accepted',
    ]);
    expect(result.testCases[1].killedBy).toBe('cpu_time');
    // Each case has its own limits: the third got a full budget after the second burned its own.
    expect(result.testCases[2]).toMatchObject({ stdout: '3\n', exitCode: 0 });
    // Safety bound: three cases, one killed within its limits (plus grace and container start).
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('a background process of one case does not survive into the next', async () => {
    const result = await judge({
      language: 'bash',
      source: [
        'read n',
        // Case 1 leaves a loop behind that ignores signals and keeps stdout open, then exits.
        'if [ "$n" = 1 ]; then (trap "" TERM HUP INT; while :; do echo x >> /tmp/leak; sleep 0.05; done) & sleep 0.3; echo started; exit 0; fi',
        // Case 2 watches the file the loop would keep growing (files stay; processes must not).
        'a=$(wc -c < /tmp/leak); sleep 0.4; b=$(wc -c < /tmp/leak); [ "$a" = "$b" ] && echo still || echo grew',
      ].join('\n'),
      testCases: [
        { stdin: '1', expectedOutput: 'started' },
        { stdin: '2', expectedOutput: 'still' },
      ],
    });
    expect(result.testCases.map((c: any) => c.stdout.trim())).toEqual(['started', 'still']);
    expect(result.verdict).toBe('accepted');
  });

  it('stopOnFirstFailure: the cases after the first failure are not run', async () => {
    const result = await judge({
      language: 'python',
      source: 'print(int(input()) % 3)',
      stopOnFirstFailure: true,
      testCases: [
        { stdin: '3', expectedOutput: '0' },
        { stdin: '4', expectedOutput: '2' },
        { stdin: '5', expectedOutput: '2' },
        { stdin: '6', expectedOutput: '0' },
      ],
    });
    expect(result.verdict).toBe('wrong_answer');
    expect(result.testCases.map((c: any) => c.verdict)).toEqual(['accepted', 'wrong_answer']);
  });

  it("a runtime error on a case is that case's verdict", async () => {
    const result = await judge({
      language: 'python',
      source: 'print(10 // int(input()))',
      testCases: [
        { stdin: '2', expectedOutput: '5' },
        { stdin: '0', expectedOutput: '0' },
      ],
    });
    expect(result.verdict).toBe('runtime_error');
    expect(result.testCases[1]).toMatchObject({ verdict: 'runtime_error', exitCode: 1 });
  });

  it('cases without expectedOutput only have to run cleanly; the first that does not stops the rest', async () => {
    const result = await judge({
      language: 'python',
      source: 'print(10 // int(input()))',
      stopOnFirstFailure: true,
      testCases: [{ stdin: '2' }, { stdin: '5', expectedOutput: '2' }, { stdin: '0' }, { stdin: '1' }],
    });
    expect(result.verdict).toBe('runtime_error');
    expect(result.testCases.map((c: any) => [c.verdict, c.stdout])).toEqual([
      ['accepted', '5\n'],
      ['accepted', '2\n'],
      ['runtime_error', ''],
    ]);
  });

  it('a compile error ends the submission before any case runs', async () => {
    const result = await judge({
      language: 'c',
      source: 'int main( {',
      testCases: [{ stdin: '', expectedOutput: '' }],
    });
    expect(result.verdict).toBe('compile_error');
    expect(result.testCases).toEqual([]);
  });

  describe('comparison modes', () => {
    const PRINT = 'import sys\nsys.stdout.write(sys.stdin.read())';
    const one = (expectedOutput: string, stdin: string, extra: Record<string, unknown> = {}): Promise<any> =>
      judge({ language: 'python', source: PRINT, testCases: [{ stdin, expectedOutput }], ...extra });

    it.each([
      [
        'trim_trailing (default) ignores trailing spaces and blank lines',
        'a b  \n\n\n',
        'a b',
        {},
        'accepted',
      ],
      ['trim_trailing still sees inner whitespace', 'a  b\n', 'a b\n', {}, 'wrong_answer'],
      ['exact refuses a missing final newline', 'x', 'x\n', { compare: 'exact' }, 'wrong_answer'],
      ['exact accepts the same bytes', 'x\n', 'x\n', { compare: 'exact' }, 'accepted'],
      ['tokens ignores all whitespace layout', '1\n2   3', '1 2 3\n', { compare: 'tokens' }, 'accepted'],
      [
        'tokens with floatTolerance accepts a close number',
        '3.14159\n',
        '3.1416',
        { compare: 'tokens', floatTolerance: 1e-4 },
        'accepted',
      ],
      [
        'tokens with floatTolerance refuses a far number',
        '3.2\n',
        '3.1416',
        { compare: 'tokens', floatTolerance: 1e-4 },
        'wrong_answer',
      ],
      [
        'tokens without tolerance compares numbers as text',
        '1.0',
        '1',
        { compare: 'tokens' },
        'wrong_answer',
      ],
    ])('%s', async (_name, stdout, expected, extra, verdict) => {
      const result = await one(expected, stdout, extra);
      expect(result.verdict).toBe(verdict);
    });

    it('base64 test cases are binary-safe', async () => {
      const bytes = Buffer.from([0, 1, 2, 255, 10]);
      const result = await judge({
        language: 'python',
        source: 'import sys\nsys.stdout.buffer.write(sys.stdin.buffer.read())',
        compare: 'exact',
        testCases: [
          { stdin: bytes.toString('base64'), expectedOutput: bytes.toString('base64'), encoding: 'base64' },
        ],
      });
      expect(result.verdict).toBe('accepted');
      expect(result.testCases[0]).toMatchObject({ encoding: 'base64', stdout: bytes.toString('base64') });
    });
  });

  describe('compiler options', () => {
    it('an allowed option reaches the compiler', async () => {
      const result = await judge({
        language: 'c',
        source: '#include <stdio.h>\nint main(void){printf("%d\\n", ANSWER);return 0;}',
        compilerOptions: ['-DANSWER=42', '-O0', '-Wall'],
      });
      expect(result).toMatchObject({ verdict: 'ok', run: { stdout: '42\n' } });
    });

    it.each([
      ['-fplugin=/tmp/x.so'],
      ['-o'],
      ['-Wl,-rpath,/tmp'],
      ['-B/tmp'],
      ['@/etc/passwd'],
      ['-specs=/tmp/x'],
      ['--version; id'],
    ])('%s is refused with 400 naming the option', async (option) => {
      const res = await http()
        .post('/v1/submissions')
        .send({ language: 'c', source: 'int main(){}', compilerOptions: [option] })
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain('compilerOptions');
      expect(JSON.stringify(res.body.message)).toContain('not an allowed c compiler option');
    });

    it('a language without an allowlist takes no options', async () => {
      const res = await http()
        .post('/v1/submissions')
        .send({ language: 'python', source: 'print(1)', compilerOptions: ['-O'] })
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain('python takes no compiler options');
    });
  });
});
