import { JUDGE_BOUNDS } from '@judgebox/domain';
import { GUESS_CPP, GUESS_INTERACTOR, GUESS_PYTHON } from './judging/programs';
import { useJudgingStack } from '../support/judging-stack';

/**
 * Interactive problems through the real stack: the interactor and the program run at once, each in
 * its own sandbox, the worker relaying each one's stdout to the other's stdin; the interactor's
 * exit code decides the case (testlib's convention).
 */
jest.setTimeout(120_000);

describe('interactive problems', () => {
  const stack = useJudgingStack();
  const { judge } = stack;

  const interactor = { language: 'cpp', source: GUESS_INTERACTOR };
  const secrets = [{ stdin: '1' }, { stdin: '777777777' }, { stdin: '1000000000' }];

  it.each([
    ['python', GUESS_PYTHON],
    ['cpp', GUESS_CPP],
  ])(
    'a binary search guessing game in %s: accepted on every case, with a transcript',
    async (language, source) => {
      const result = await judge({
        language,
        source,
        interactor: { ...interactor, transcript: true },
        testCases: secrets,
      });
      expect(result.verdict).toBe('accepted');
      expect(result.testCases.map((c: any) => c.verdict)).toEqual(['accepted', 'accepted', 'accepted']);
      const [first] = result.testCases;
      expect(first.checkerMessage).toMatch(/^found in \d+ guesses$/);
      expect(first.transcript.fromProgram.split('\n')[0]).toBe('500000000');
      expect(first.transcript.toProgram.trim().split('\n').at(-1)).toBe('=');
      expect(first.transcript.truncated).toBe(false);
    },
  );

  it('a program that guesses badly is judged wrong by the interactor', async () => {
    const linear =
      'i = 1\nwhile True:\n    print(i, flush=True)\n    if input().strip() == "=":\n        break\n    i += 1';
    const result = await judge({
      language: 'python',
      source: linear,
      interactor,
      testCases: [{ stdin: '3' }, { stdin: '100' }],
    });
    expect(result.testCases.map((c: any) => [c.verdict, c.checkerMessage])).toEqual([
      ['accepted', 'found in 3 guesses'],
      ['wrong_answer', 'too many guesses'],
    ]);
    expect(result.verdict).toBe('wrong_answer');
  });

  it('deadlock: both wait to read; it ends at the wall limit with a clear verdict', async () => {
    const waits = 'import sys\nprint("hello", sys.stdin.readline())';
    const readsFirst =
      '#include <cstdio>\nint main(){ char b[64]; if (!std::fgets(b, sizeof b, stdin)) return 1; return 0; }';
    const result = await judge({
      language: 'python',
      source: waits,
      interactor: { language: 'cpp', source: readsFirst },
      testCases: [{ stdin: '' }],
      limits: { wallTimeMs: 1000 },
    });
    expect(result.verdict).toBe('time_limit_exceeded');
    expect(result.testCases[0].killedBy).toBe('wall_time');
    expect(result.testCases[0].message).toMatch(
      /wall time limit of 1000 ms .*both have been waiting for input/,
    );
  });

  it('an interactor that crashes or exits 3 is a judge failure', async () => {
    const crash =
      '#include <cstdio>\nint main(){ std::printf("1\\n"); std::fflush(stdout); *(volatile int *)0 = 1; }';
    const result = await judge({
      language: 'python',
      source: 'print(input())',
      interactor: { language: 'cpp', source: crash },
      testCases: [{ stdin: '' }],
    });
    expect(result.verdict).toBe('judge_failure');
    expect(result.testCases[0].message).toMatch(/interactor ended with exit code 139/);
  });

  it('hostile: interactor and program flood each other; both are bounded and the worker answers', async () => {
    const flood =
      '#include <cstdio>\nint main(){ static char b[65536]; for(;;) std::fwrite(b, 1, sizeof b, stdout); }';
    const result = await judge({
      language: 'python',
      source: 'import sys\nwhile True:\n    sys.stdout.write("y" * 65536)',
      interactor: { language: 'cpp', source: flood, transcript: true },
      testCases: [{ stdin: '' }],
      limits: { outputBytes: 262_144 },
    });
    const c = result.testCases[0];
    expect(c.killedBy).toBe('output');
    expect(c.stdoutTruncated).toBe(true);
    // The interactor, still flooding a program that is gone, is killed at its own output cap.
    expect(result.verdict).toBe('judge_failure');
    expect(c.message).toMatch(/interactor was killed at a limit/);
    expect(c.transcript.truncated).toBe(true);
    expect(c.transcript.fromProgram.length).toBe(JUDGE_BOUNDS.transcriptBytes);
    // The worker is fine: the next submission is judged normally.
    const next = await judge({
      language: 'python',
      source: GUESS_PYTHON,
      interactor,
      testCases: [{ stdin: '5' }],
    });
    expect(next.verdict).toBe('accepted');
  });
});
