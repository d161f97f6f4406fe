import { randomUUID } from 'node:crypto';
import { JUDGE_BOUNDS } from '@judgebox/domain';
import { JudgePrograms } from '../../apps/worker/src/judging/judge-programs.service';
import { checkerFiles, SUM_CHECKER } from './judging/programs';
import { useJudgingStack } from '../support/judging-stack';

/**
 * Checkers through the real stack: the built-in comparisons on real runs, and custom testlib-style
 * checkers compiled once per worker, each check in a sandbox of its own; a failing checker is a
 * judge failure, never the program's wrong answer.
 */
jest.setTimeout(120_000);

describe('checkers', () => {
  const stack = useJudgingStack();
  const { judge } = stack;

  // Prints its input: each case's stdin is the "output" under test.
  const ECHO = 'import sys\nsys.stdout.write(sys.stdin.read())';

  it.each([
    ['exact', {}, 'a b\n', 'a b\n', 'a b \n'],
    ['trim_trailing', {}, 'a b  \n\n', 'a b', ' a b'],
    ['tokens', {}, ' 1\n2  3 ', '1 2 3', '1 2'],
    ['float', { floatTolerance: 1e-3, relativeTolerance: 0 }, '3.1416 2', '3.14159 2.0', '3.15 2'],
    ['case_insensitive', {}, 'Hello World\n', 'hello world', 'hello  world'],
    ['unordered_lines', {}, 'b\na\nb\n', 'a\nb\nb', 'a\nb\na'],
    ['unordered_tokens', {}, '3 1 2 1', '1 1 2 3', '1 2 3 3'],
    ['yes_no', {}, 'YES no\n', 'yes NO', 'yes maybe'],
  ])(
    'built-in %s: accepted and wrong answer on real runs',
    async (compare, extra, passing, expected, failing) => {
      const result = await judge({
        language: 'python',
        source: ECHO,
        compare,
        ...extra,
        testCases: [
          { stdin: passing, expectedOutput: expected },
          { stdin: failing, expectedOutput: expected },
        ],
      });
      expect(result.testCases.map((c: any) => [c.verdict, c.score])).toEqual([
        ['accepted', 1],
        ['wrong_answer', 0],
      ]);
    },
  );

  const SUM_PY =
    'a, b = map(int, input().split())\nprint(a + b + (1 if a == 5 else 0) + (7 if a == 9 else 0))';
  const sumCases = [
    { stdin: '1 2', expectedOutput: '3' },
    { stdin: '5 5', expectedOutput: '10' },
    { stdin: '9 1', expectedOutput: '10' },
  ];

  it('a C++ testlib-style checker: ok, partial points and wrong answer, its message per case; compiled once', async () => {
    const programs = stack.worker().get(JudgePrograms);
    const before = programs.cached.entries;
    const checker = { language: 'cpp', files: checkerFiles(SUM_CHECKER) };
    const result = await judge({ language: 'python', source: SUM_PY, checker, testCases: sumCases });
    expect(result.testCases.map((c: any) => [c.verdict, c.score, c.checkerMessage])).toEqual([
      ['accepted', 1, 'ok 3 is right'],
      ['partially_accepted', 0.5, 'points 0.5000000000 off by one'],
      ['wrong_answer', 0, 'wrong answer expected 10, found 17'],
    ]);
    expect(result.verdict).toBe('partially_accepted');
    expect(result.testCases[2].message).toMatch(/^the checker said wrong answer: wrong answer expected 10/);
    expect(programs.cached.entries).toBe(before + 1);
    // The same checker again: taken from the cache, not compiled again.
    const again = await judge({
      language: 'python',
      source: SUM_PY,
      checker,
      testCases: sumCases.slice(0, 1),
    });
    expect(again.verdict).toBe('accepted');
    expect(programs.cached.entries).toBe(before + 1);
  });

  it('a checker that crashes, one that exits 3, and one that does not compile: judge failure, not wrong answer', async () => {
    const crash = `#include "testlib.h"\nint main(int c, char **v){ registerTestlibCmd(c, v); *(volatile int *)0 = 1; }`;
    const fail = `#include "testlib.h"\nint main(int c, char **v){ registerTestlibCmd(c, v); quitf(_fail, "the answer file is broken"); }`;
    const crashed = await judge({
      language: 'python',
      source: SUM_PY,
      checker: { language: 'cpp', files: checkerFiles(crash) },
      testCases: sumCases.slice(0, 1),
    });
    expect(crashed).toMatchObject({ verdict: 'judge_failure' });
    expect(crashed.testCases[0].message).toMatch(/checker ended with exit code 139/);
    const failed = await judge({
      language: 'python',
      source: SUM_PY,
      checker: { language: 'cpp', files: checkerFiles(fail) },
      testCases: sumCases,
    });
    expect(failed.verdict).toBe('judge_failure');
    expect(failed.testCases[0]).toMatchObject({
      verdict: 'judge_failure',
      checkerMessage: 'FAIL the answer file is broken',
    });
    const broken = await judge({
      language: 'python',
      source: SUM_PY,
      checker: { language: 'cpp', source: 'int main( {' },
      testCases: sumCases,
    });
    expect(broken).toMatchObject({ verdict: 'judge_failure', testCases: [] });
    expect(broken.message).toMatch(/^the checker did not compile: /);
  });

  it('a checker that never ends is killed at its time limit: judge failure', async () => {
    const result = await judge({
      language: 'python',
      source: SUM_PY,
      checker: { language: 'python', source: 'while True:\n    pass' },
      testCases: sumCases.slice(0, 1),
    });
    expect(result).toMatchObject({
      verdict: 'judge_failure',
      message: /^test case 1: the checker was killed at a limit/,
    });
  });

  it('a Python checker that floods its output is killed at its cap: judge failure, message capped', async () => {
    const flood = 'import sys\nwhile True:\n    sys.stderr.write("x" * 65536)';
    const result = await judge({
      language: 'python',
      source: SUM_PY,
      checker: { language: 'python', source: flood },
      testCases: sumCases.slice(0, 1),
    });
    expect(result.verdict).toBe('judge_failure');
    const c = result.testCases[0];
    expect(c.message).toMatch(/^the checker was killed at a limit/);
    expect(c.checkerMessage.length).toBeLessThanOrEqual(JUDGE_BOUNDS.checkerMessageBytes + 1);
  });

  it('hostile: the program cannot find the expected answer or the checker anywhere it can look', async () => {
    const SECRET = `secret-${randomUUID()}`;
    const snoop = [
      'import os, sys',
      'found = []',
      'for top in ["/work", "/tmp", "/dev/shm", "/home", "/var", "/root", "/run", "/opt", "/"]:',
      '    for root, dirs, files in os.walk(top):',
      '        if root.startswith(("/proc", "/sys", "/usr", "/lib", "/dev/", "/etc")) or root == "/dev": dirs[:] = []; continue',
      '        for f in files:',
      '            p = os.path.join(root, f)',
      '            if "judge-" in f or "checker" in f: found.append(p)',
      '            if not os.path.isfile(p) or os.path.islink(p): continue',
      '            try:',
      `                if os.path.getsize(p) < 1 << 20 and b"${SECRET.slice(0, 12)}" in open(p, "rb").read(): found.append("has:" + p)`,
      '            except Exception: pass',
      'for pid in os.listdir("/proc"):',
      '    try: found.append(open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\\0", b" ").decode())',
      '    except Exception: pass',
      'print(" | ".join(found))',
    ].join('\n');
    const checker = `#include "testlib.h"\n// ${SECRET}\nint main(int c, char **v){ registerTestlibCmd(c, v); quitf(_wa, "judged"); }`;
    const result = await judge({
      language: 'python',
      source: snoop,
      checker: { language: 'cpp', files: checkerFiles(checker) },
      testCases: [{ stdin: '', expectedOutput: SECRET }],
      limits: { cpuTimeMs: 10_000, wallTimeMs: 20_000 },
    });
    expect(result.testCases[0]).toMatchObject({
      verdict: 'wrong_answer',
      checkerMessage: 'wrong answer judged',
    });
    const seen = result.testCases[0].stdout as string;
    expect(seen).toContain('main.py'); // it did look: its own command line is there
    expect(seen).not.toContain(SECRET.slice(0, 12));
    expect(seen).not.toMatch(/judge-answer|judge-input|checker/);
  });
});
