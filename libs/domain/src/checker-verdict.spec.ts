import { decideCheckerVerdict, type CheckerRun } from './checker-verdict';
import { decideInteractiveVerdict } from './interactive-verdict';
import { DEFAULT_LIMITS, JUDGE_BOUNDS } from './limits';
import type { PhaseResult } from './submission';
import { Verdict } from './verdict';

const run = (exitCode: number | null, stderr = '', over: Partial<CheckerRun> = {}): CheckerRun => ({
  exitCode,
  killed: false,
  stdout: Buffer.alloc(0),
  stderr: Buffer.from(stderr),
  ...over,
});

describe('decideCheckerVerdict: testlib exit codes', () => {
  it.each([
    [0, Verdict.Accepted, 1],
    [1, Verdict.WrongAnswer, 0],
    [2, Verdict.PresentationError, 0],
    [4, Verdict.PresentationError, 0],
    [8, Verdict.PresentationError, 0],
    [3, Verdict.JudgeFailure, 0],
    [5, Verdict.JudgeFailure, 0],
    [139, Verdict.JudgeFailure, 0],
  ])('exit %i → %s', (code, verdict, score) => {
    expect(decideCheckerVerdict(run(code, 'said'))).toMatchObject({ verdict, score, said: 'said' });
  });

  it('7: the score testlib writes ("points 0.25 msg") on stderr, else stdout', () => {
    expect(decideCheckerVerdict(run(7, 'points 0.2500000000 close'))).toMatchObject({
      verdict: Verdict.PartiallyAccepted,
      score: 0.25,
    });
    expect(decideCheckerVerdict(run(7, '', { stdout: Buffer.from('0.5') }))).toMatchObject({ score: 0.5 });
    expect(decideCheckerVerdict(run(7, 'points 1'))).toMatchObject({ verdict: Verdict.Accepted, score: 1 });
    expect(decideCheckerVerdict(run(7, 'points 0'))).toMatchObject({ verdict: Verdict.WrongAnswer });
  });

  it('7 without a score in 0..1 is the checker failing', () => {
    for (const said of ['points', 'points 1.5', 'points -1'])
      expect(decideCheckerVerdict(run(7, said)).verdict).toBe(Verdict.JudgeFailure);
  });

  it('killed at a limit, or without an exit code: judge failure, never the program', () => {
    expect(decideCheckerVerdict(run(0, '', { killed: true })).verdict).toBe(Verdict.JudgeFailure);
    expect(decideCheckerVerdict(run(null)).message).toMatch(/without an exit code/);
  });

  it("caps the checker's words", () => {
    const d = decideCheckerVerdict(run(1, 'x'.repeat(10_000)));
    expect(d.said?.length).toBe(JUDGE_BOUNDS.checkerMessageBytes + 1);
    expect(decideCheckerVerdict(run(0, '  \n')).said).toBeNull();
  });
});

describe('decideInteractiveVerdict', () => {
  const program = (over: Partial<PhaseResult> = {}): PhaseResult => ({
    stdout: '',
    stderr: '',
    encoding: 'utf8',
    stdoutTruncated: false,
    stderrTruncated: false,
    exitCode: 0,
    signal: null,
    cpuTimeMs: 10,
    wallTimeMs: 20,
    peakMemoryBytes: 1,
    oomKilled: false,
    killedBy: null,
    ...over,
  });
  const decide = (p: Partial<PhaseResult>, i: CheckerRun | null) =>
    decideInteractiveVerdict(program(p), DEFAULT_LIMITS, i);

  it('the interactor decides a clean run', () => {
    expect(decide({}, run(0)).verdict).toBe(Verdict.Accepted);
    expect(decide({}, run(1)).verdict).toBe(Verdict.WrongAnswer);
    expect(decide({}, run(7, 'points 0.5')).score).toBe(0.5);
  });
  it('a failed or absent interactor wins over everything', () => {
    expect(decide({ killedBy: 'wall_time' }, run(3)).verdict).toBe(Verdict.JudgeFailure);
    expect(decide({}, null).verdict).toBe(Verdict.JudgeFailure);
  });
  it("the program's limits come next; an idle wall-time kill says both may have waited", () => {
    const d = decide({ killedBy: 'wall_time', cpuTimeMs: 5 }, run(1));
    expect(d).toMatchObject({ verdict: Verdict.TimeLimitExceeded });
    expect(d.message).toMatch(/both have been waiting/);
    expect(decide({ oomKilled: true }, run(0)).verdict).toBe(Verdict.MemoryLimitExceeded);
  });
  it("the interactor's wrong answer comes before the program's runtime error (a broken pipe)", () => {
    expect(decide({ exitCode: 141 }, run(1)).verdict).toBe(Verdict.WrongAnswer);
    expect(decide({ exitCode: 1 }, run(0)).verdict).toBe(Verdict.RuntimeError);
  });
});
