import {
  adjustLimitsForLanguage,
  caseOrder,
  GroupTracker,
  INTERACTOR_LIMITS,
  INTERACTOR_WALL_GRACE_MS,
  type JudgeProgram,
  type JudgeSpec,
  type LanguageAdjustment,
  type LanguageSpec,
  type Limits,
  type ScoringResult,
  type SubmissionRequest,
  type TestCaseResult,
} from '@judgebox/domain';
import { inlineCaseData, type CaseData } from '../problems/case-data';
import type { PhaseOutcome, PhaseSpec, SandboxSpec } from '../sandbox/sandbox-driver';
import { CASE_FILES, caseFiles, judgeCase } from './judge-case';
import { InteractiveCase } from './interactive-case';
import { programLimits, type JudgePrograms, type PreparedProgram } from './judge-programs.service';

export interface JudgedOutcome {
  /** In the order the cases ran; skipped cases are absent. */
  testCases: TestCaseResult[];
  scoring: ScoringResult | null;
  /** The checker or interactor could not be prepared: every case is a judge failure. */
  failure: string | null;
}

/**
 * One judged submission: the program's runs in judging order (groups after their dependencies),
 * each case judged as it ends (compared, by a checker in its own sandbox, or by an interactor
 * running beside it), cases skipped as groups and stops decide, and the groups scored at the end.
 */
export class JudgedRun {
  readonly limits: Limits;
  readonly adjustment: LanguageAdjustment | null;
  private readonly judge: JudgeSpec;
  private readonly order: number[];
  private readonly tracker: GroupTracker;
  private readonly results: TestCaseResult[] = [];
  private checker: PreparedProgram | null = null;
  private interactor: PreparedProgram | null = null;
  private failure: string | null = null;

  constructor(
    request: SubmissionRequest & { judge: JudgeSpec },
    lang: LanguageSpec,
    private readonly programs: JudgePrograms,
    private readonly signal: AbortSignal,
    /** Each case's input and answer: inline, or a stored problem's files on disk. */
    private readonly cases: CaseData = inlineCaseData(request.judge),
    /** Hears each case's result as it is judged (the job's progress events). */
    private readonly onCase?: (result: TestCaseResult) => void,
  ) {
    this.judge = request.judge;
    ({ limits: this.limits, adjustment: this.adjustment } = adjustLimitsForLanguage(
      request.limits,
      this.judge,
      lang.id,
      lang.limitOverrides,
    ));
    this.order = caseOrder(this.judge.groups, this.judge.testCases.length);
    this.tracker = new GroupTracker(this.judge.groups ?? [], this.judge.stopOnFirstFailure);
  }

  /** Compiles (or finds cached) the checker and interactor, before the program runs. */
  async prepare(): Promise<void> {
    const get = async (p: JudgeProgram | null | undefined, what: string) => {
      if (!p || this.failure) return null;
      const prepared = await this.programs.prepare(p, this.signal);
      if ('failure' in prepared) {
        this.failure = `the ${what} ${prepared.failure}`;
        return null;
      }
      return prepared;
    };
    this.checker = await get(this.judge.checker, 'checker');
    this.interactor = await get(this.judge.interactor, 'interactor');
  }

  /** The program's sandbox spec, its runs reordered and hooked for judging. */
  wire(base: SandboxSpec): SandboxSpec {
    const interactions = new Map<number, InteractiveCase>();
    const runs = this.order.map((index, r): PhaseSpec => {
      const run = { ...base.runs[index], limits: this.limits };
      if (!this.interactor) return run;
      const interaction = this.interaction(this.interactor, index);
      interactions.set(r, interaction);
      return interaction.wire(run);
    });
    return {
      ...base,
      runs,
      shouldRun: (r) => this.failure === null && this.tracker.shouldRun(this.order[r]),
      continueAfter: (outcome, r) => this.judgeRun(outcome, r, interactions.get(r) ?? null),
    };
  }

  finish(): JudgedOutcome {
    const groups = this.judge.groups;
    return {
      testCases: this.results,
      scoring: groups && groups.length > 0 ? this.tracker.score() : null,
      failure: this.failure,
    };
  }

  private async judgeRun(
    outcome: PhaseOutcome,
    r: number,
    interaction: InteractiveCase | null,
  ): Promise<boolean> {
    const index = this.order[r];
    const ctx = {
      judge: this.judge,
      limits: this.limits,
      programs: this.programs,
      checker: this.checker,
      signal: this.signal,
      cases: this.cases,
    };
    const result = await judgeCase(ctx, index, outcome, interaction);
    this.results.push(result);
    this.onCase?.(result);
    return this.tracker.record(index, { verdict: result.verdict, score: result.score ?? 0 });
  }

  private interaction(interactor: PreparedProgram, index: number): InteractiveCase {
    const limits = programLimits(INTERACTOR_LIMITS, interactor.limitOverrides);
    limits.wallTimeMs = Math.max(limits.wallTimeMs, this.limits.wallTimeMs + INTERACTOR_WALL_GRACE_MS);
    return new InteractiveCase({
      programs: this.programs,
      interactor,
      files: caseFiles(this.cases, index),
      // testlib's interactor: input file, its own output file (unused here), the answer.
      args: [CASE_FILES.input, CASE_FILES.output, CASE_FILES.answer],
      limits,
      transcript: this.judge.interactor?.transcript ?? false,
      signal: this.signal,
    });
  }
}
