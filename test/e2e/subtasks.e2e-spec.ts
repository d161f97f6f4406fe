import { checkerFiles, SUM_CHECKER } from './judging/programs';
import { useJudgingStack } from '../support/judging-stack';

/**
 * Subtasks through the real stack: groups with points, dependencies (skipped when one fails),
 * stopOnFirstFailure per group, partial scores from a checker, and per-language limits.
 */
jest.setTimeout(120_000);

describe('subtasks and scoring', () => {
  const stack = useJudgingStack();
  const { judge } = stack;

  // Right for n < 100, one too many for n in 100..999, wrong for larger n.
  const SQUARE = 'n = int(input())\nprint(n * n if n < 100 else n * n + 1 if n < 1000 else 0)';
  const cases = ['3', '50', '200', '300', '5000', '7'].map((n) => ({
    stdin: n,
    expectedOutput: String(Number(n) ** 2),
  }));

  it('groups with dependencies, per-group stop and partial scores: each group scored, the total summed', async () => {
    const result = await judge({
      language: 'python',
      source: SQUARE,
      checker: { language: 'cpp', files: checkerFiles(SUM_CHECKER) },
      testCases: cases,
      groups: [
        { name: 'samples', points: 0, testCases: [0, 5] },
        { name: 'small', points: 20, testCases: [1], dependencies: ['samples'] },
        { name: 'medium', points: 30, testCases: [2, 3], dependencies: ['small'], scoring: 'min' },
        { name: 'large', points: 50, testCases: [4], dependencies: ['medium'] },
      ],
    });
    expect(result.scoring).toEqual({
      total: 35,
      max: 100,
      groups: [
        { name: 'samples', points: 0, score: 0, status: 'passed', testCases: [0, 5], skippedBecause: null },
        { name: 'small', points: 20, score: 20, status: 'passed', testCases: [1], skippedBecause: null },
        { name: 'medium', points: 30, score: 15, status: 'partial', testCases: [2, 3], skippedBecause: null },
        { name: 'large', points: 50, score: 0, status: 'skipped', testCases: [4], skippedBecause: 'medium' },
      ],
    });
    // Run in group order; the case of the skipped group did not run.
    expect(result.testCases.map((c: any) => [c.index, c.verdict, c.score])).toEqual([
      [0, 'accepted', 1],
      [5, 'accepted', 1],
      [1, 'accepted', 1],
      [2, 'partially_accepted', 0.5],
      [3, 'partially_accepted', 0.5],
    ]);
    expect(result.verdict).toBe('partially_accepted');
  });

  it('all_or_nothing scores a group with a partial case 0; stopOnFirstFailure skips the rest of that group only', async () => {
    const result = await judge({
      language: 'python',
      source: SQUARE,
      testCases: cases,
      groups: [
        { name: 'mixed', points: 40, testCases: [2, 0, 3], stopOnFirstFailure: true },
        { name: 'easy', points: 60, testCases: [1, 5] },
        { name: 'hard', points: 10, testCases: [4], dependencies: ['mixed'] },
      ],
    });
    expect(result.scoring.groups.map((g: any) => [g.name, g.score, g.status])).toEqual([
      ['mixed', 0, 'failed'],
      ['easy', 60, 'passed'],
      ['hard', 0, 'skipped'],
    ]);
    expect(result.scoring.total).toBe(60);
    expect(result.testCases.map((c: any) => [c.index, c.verdict])).toEqual([
      [2, 'wrong_answer'],
      [1, 'accepted'],
      [5, 'accepted'],
    ]);
    expect(result.message).toMatch(/^test case 3: /);
  });

  it('a per-language time multiplier and extra memory are applied to the run and reported', async () => {
    // Burns about 0.6 s of CPU: over the 400 ms asked for, within it times 3.
    const burn =
      'import time\nt = time.process_time()\nwhile time.process_time() - t < 0.6: pass\nprint("done")';
    const body = {
      language: 'python',
      source: burn,
      testCases: [{ stdin: '', expectedOutput: 'done' }],
      limits: { cpuTimeMs: 400, memoryMb: 64 },
    };
    const plain = await judge(body);
    expect(plain).toMatchObject({ verdict: 'time_limit_exceeded', languageAdjustment: null });
    const adjusted = await judge({
      ...body,
      languageAdjustments: [
        { language: 'py', timeMultiplier: 3, extraMemoryMb: 64 },
        { language: 'java', timeMultiplier: 2 },
      ],
    });
    expect(adjusted).toMatchObject({
      verdict: 'accepted',
      languageAdjustment: { timeMultiplier: 3, extraMemoryMb: 64 },
      limits: { cpuTimeMs: 1200, wallTimeMs: 15_000, memoryMb: 128 },
    });
  });
});
