import type { TestGroup } from './judging';
import { Verdict } from './verdict';

/** A judged case as scoring sees it. */
export interface CaseScore {
  verdict: Verdict;
  /** Fraction of the case's points, 0..1 (accepted 1, partial its score, else 0). */
  score: number;
}

export type GroupStatus = 'passed' | 'partial' | 'failed' | 'skipped';

export interface GroupResult {
  name: string;
  points: number;
  score: number;
  status: GroupStatus;
  testCases: number[];
  /** Why a skipped group did not run: the dependency that did not pass in full. */
  skippedBecause: string | null;
}

export interface ScoringResult {
  total: number;
  max: number;
  groups: GroupResult[];
}

/** Why `groups` cannot judge `caseCount` cases, or null. The API refuses such a body. */
export function groupsProblem(groups: readonly TestGroup[], caseCount: number): string | null {
  const names = new Set<string>();
  const owner = new Map<number, string>();
  for (const g of groups) {
    if (names.has(g.name)) return `group names must be distinct; repeated: "${g.name}"`;
    names.add(g.name);
    for (const i of g.testCases) {
      if (i >= caseCount) return `group "${g.name}" names test case ${i}, but there are ${caseCount}`;
      if (owner.has(i)) return `test case ${i} is in groups "${owner.get(i)}" and "${g.name}"`;
      owner.set(i, g.name);
    }
  }
  for (const g of groups)
    for (const d of g.dependencies)
      if (!names.has(d)) return `group "${g.name}" depends on "${d}", which is not a group`;
  if (owner.size < caseCount) {
    const missing = Array.from({ length: caseCount }, (_, i) => i).find((i) => !owner.has(i));
    return `test case ${missing} is in no group (with groups, every case is in one)`;
  }
  return orderGroups(groups) ? null : 'group dependencies must not form a cycle';
}

/** Groups in an order where each comes after its dependencies (stable), or null on a cycle. */
export function orderGroups(groups: readonly TestGroup[]): TestGroup[] | null {
  const done = new Set<string>();
  const out: TestGroup[] = [];
  while (out.length < groups.length) {
    const next = groups.find((g) => !done.has(g.name) && g.dependencies.every((d) => done.has(d)));
    if (!next) return null;
    done.add(next.name);
    out.push(next);
  }
  return out;
}

/** The order the cases run in: by group (dependencies first), or as given without groups. */
export function caseOrder(groups: readonly TestGroup[] | null | undefined, caseCount: number): number[] {
  if (!groups || groups.length === 0) return Array.from({ length: caseCount }, (_, i) => i);
  return (orderGroups(groups) ?? []).flatMap((g) => g.testCases);
}

export function caseScore(verdict: Verdict, partial: number | null): number {
  if (verdict === Verdict.Accepted) return 1;
  return verdict === Verdict.PartiallyAccepted ? (partial ?? 0) : 0;
}

/**
 * Follows a judged submission case by case: whether the next case should run (its group not
 * stopped, its dependencies passed in full, no global stop) and, at the end, each group's score.
 */
export class GroupTracker {
  private readonly results = new Map<number, CaseScore>();
  private readonly groupOf = new Map<number, TestGroup>();
  private stoppedAll = false;

  constructor(
    private readonly groups: readonly TestGroup[],
    private readonly stopOnFirstFailure: boolean,
  ) {
    for (const g of groups) for (const i of g.testCases) this.groupOf.set(i, g);
  }

  /** Whether case `index` runs now; false once a stop or a failed dependency rules it out. */
  shouldRun(index: number): boolean {
    if (this.stoppedAll) return false;
    const group = this.groupOf.get(index);
    if (!group) return true;
    if (this.blockedBy(group) !== null) return false;
    return !(group.stopOnFirstFailure && this.failedIn(group));
  }

  /** Records a case; false when nothing more should run (stopOnFirstFailure of the whole spec). */
  record(index: number, result: CaseScore): boolean {
    this.results.set(index, result);
    if (this.stopOnFirstFailure && result.verdict !== Verdict.Accepted) this.stoppedAll = true;
    return !this.stoppedAll;
  }

  score(): ScoringResult {
    const groups = this.groups.map((g) => this.groupResult(g));
    const total = groups.reduce((sum, g) => sum + g.score, 0);
    return { total, max: this.groups.reduce((sum, g) => sum + g.points, 0), groups };
  }

  private groupResult(g: TestGroup): GroupResult {
    const base = { name: g.name, points: g.points, testCases: g.testCases };
    const blocked = this.blockedBy(g);
    const ran = g.testCases.map((i) => this.results.get(i));
    if (ran.every((r) => r === undefined) && (blocked !== null || this.stoppedAll))
      return { ...base, score: 0, status: 'skipped', skippedBecause: blocked };
    const scores = ran.map((r) => r?.score ?? 0);
    const least = Math.min(...scores);
    const fraction = g.scoring === 'min' ? least : least === 1 ? 1 : 0;
    const score = g.points * fraction;
    const status: GroupStatus = fraction === 1 ? 'passed' : fraction > 0 ? 'partial' : 'failed';
    return { ...base, score, status, skippedBecause: null };
  }

  /** The first dependency of `group` that has not passed in full, or null. */
  private blockedBy(group: TestGroup): string | null {
    for (const name of group.dependencies) {
      const dep = this.groups.find((g) => g.name === name);
      if (!dep || !this.passedInFull(dep)) return name;
    }
    return null;
  }

  private passedInFull(g: TestGroup): boolean {
    return g.testCases.every((i) => this.results.get(i)?.verdict === Verdict.Accepted);
  }

  private failedIn(g: TestGroup): boolean {
    return g.testCases.some((i) => {
      const r = this.results.get(i);
      return r !== undefined && r.verdict !== Verdict.Accepted;
    });
  }
}
