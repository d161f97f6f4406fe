import { adjustLimitsForLanguage } from './language-adjustment';
import type { TestGroup } from './judging';
import { DEFAULT_LIMITS } from './limits';
import { caseOrder, caseScore, GroupTracker, groupsProblem } from './scoring';
import { Verdict } from './verdict';

const g = (name: string, testCases: number[], over: Partial<TestGroup> = {}): TestGroup => ({
  name,
  points: 10,
  testCases,
  dependencies: [],
  scoring: 'all_or_nothing',
  stopOnFirstFailure: false,
  ...over,
});
const AC = { verdict: Verdict.Accepted, score: 1 };
const WA = { verdict: Verdict.WrongAnswer, score: 0 };
const half = { verdict: Verdict.PartiallyAccepted, score: 0.5 };

describe('groupsProblem', () => {
  it('accepts groups covering each case once', () =>
    expect(groupsProblem([g('a', [1]), g('b', [0])], 2)).toBeNull());
  it.each([
    [[g('a', [0]), g('a', [1])], /repeated: "a"/],
    [[g('a', [0, 2])], /names test case 2/],
    [[g('a', [0, 1]), g('b', [1])], /test case 1 is in groups "a" and "b"/],
    [[g('a', [0])], /test case 1 is in no group/],
    [[g('a', [0, 1], { dependencies: ['x'] })], /depends on "x"/],
    [[g('a', [0], { dependencies: ['b'] }), g('b', [1], { dependencies: ['a'] })], /cycle/],
    [[g('a', [0, 1], { dependencies: ['a'] })], /cycle/],
  ])('refuses %#', (groups, why) => expect(groupsProblem(groups, 2)).toMatch(why));
});

describe('caseOrder', () => {
  it('as given without groups; by group, dependencies first, with them', () => {
    expect(caseOrder(null, 3)).toEqual([0, 1, 2]);
    expect(caseOrder([g('late', [0], { dependencies: ['early'] }), g('early', [2, 1])], 3)).toEqual([
      2, 1, 0,
    ]);
  });
});

describe('GroupTracker', () => {
  it('all_or_nothing: the points only when every case is accepted; min: points × the least score', () => {
    const t = new GroupTracker(
      [g('a', [0, 1]), g('b', [2, 3], { scoring: 'min' }), g('c', [4, 5], { scoring: 'min' })],
      false,
    );
    [AC, half, AC, half, AC, AC].forEach((r, i) => t.record(i, r));
    const s = t.score();
    expect(s.groups.map((x) => [x.name, x.score, x.status])).toEqual([
      ['a', 0, 'failed'],
      ['b', 5, 'partial'],
      ['c', 10, 'passed'],
    ]);
    expect([s.total, s.max]).toEqual([15, 30]);
  });

  it('skips a group whose dependency did not pass in full, naming it', () => {
    const t = new GroupTracker(
      [g('a', [0], { scoring: 'min' }), g('b', [1], { dependencies: ['a'] })],
      false,
    );
    expect(t.shouldRun(0)).toBe(true);
    t.record(0, half);
    expect(t.shouldRun(1)).toBe(false);
    expect(t.score().groups[1]).toMatchObject({ status: 'skipped', score: 0, skippedBecause: 'a' });
  });

  it("stopOnFirstFailure of a group skips only that group's remaining cases", () => {
    const t = new GroupTracker([g('a', [0, 1], { stopOnFirstFailure: true }), g('b', [2])], false);
    expect(t.record(0, WA)).toBe(true);
    expect([t.shouldRun(1), t.shouldRun(2)]).toEqual([false, true]);
    t.record(2, AC);
    expect(t.score().groups.map((x) => x.status)).toEqual(['failed', 'passed']);
  });

  it('the spec-wide stopOnFirstFailure stops everything; groups never reached are skipped', () => {
    const t = new GroupTracker([g('a', [0]), g('b', [1])], true);
    expect(t.record(0, WA)).toBe(false);
    expect(t.shouldRun(1)).toBe(false);
    expect(t.score().groups[1]).toMatchObject({ status: 'skipped', skippedBecause: null });
  });

  it('caseScore: accepted 1, partial its score, anything else 0', () => {
    expect([
      caseScore(Verdict.Accepted, null),
      caseScore(Verdict.PartiallyAccepted, 0.3),
      caseScore(Verdict.TimeLimitExceeded, 1),
    ]).toEqual([1, 0.3, 0]);
  });
});

describe('adjustLimitsForLanguage', () => {
  const judge = { languageAdjustments: { java: { timeMultiplier: 2.5, extraMemoryMb: 128 } } };
  it('multiplies both times and adds memory for the named language only', () => {
    const { limits, adjustment } = adjustLimitsForLanguage(DEFAULT_LIMITS, judge, 'java');
    expect(limits).toMatchObject({ cpuTimeMs: 5000, wallTimeMs: 12500, memoryMb: 384 });
    expect(adjustment).toEqual({ timeMultiplier: 2.5, extraMemoryMb: 128 });
    expect(adjustLimitsForLanguage(DEFAULT_LIMITS, judge, 'python')).toEqual({
      limits: DEFAULT_LIMITS,
      adjustment: null,
    });
  });
  it("keeps within the language's maxima", () => {
    const big = { ...DEFAULT_LIMITS, cpuTimeMs: 10_000, memoryMb: 1000 };
    const { limits } = adjustLimitsForLanguage(big, judge, 'java', { memoryMb: 2048 });
    expect(limits).toMatchObject({ cpuTimeMs: 15_000, wallTimeMs: 12_500, memoryMb: 1128 });
    expect(adjustLimitsForLanguage(big, judge, 'java').limits.memoryMb).toBe(1024);
  });
});
