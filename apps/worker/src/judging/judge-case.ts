import {
  caseScore,
  CHECKER_LIMITS,
  decideCheckerVerdict,
  decideInteractiveVerdict,
  decideRunVerdict,
  outputMatches,
  Verdict,
  type CheckerDecision,
  type JudgeSpec,
  type Limits,
  type PhaseResult,
  type TestCaseResult,
} from '@judgebox/domain';
import type { CaseData } from '../problems/case-data';
import type { PhaseOutcome, SandboxFile } from '../sandbox/sandbox-driver';
import { toPhaseResult } from '../submissions/phase-result';
import type { InteractiveCase } from './interactive-case';
import { programLimits, type JudgePrograms, type PreparedProgram } from './judge-programs.service';

/** Names of the case's files in a checker's or interactor's sandbox (testlib's argv order). */
export const CASE_FILES = {
  input: 'judge-input.txt',
  output: 'judge-output.txt',
  answer: 'judge-answer.txt',
} as const;

/** The case's input and answer as files (read whole from disk for a stored problem's files). */
export function caseFiles(cases: CaseData, index: number, output?: Buffer): SandboxFile[] {
  const files = [
    { name: CASE_FILES.input, content: cases.input(index) },
    { name: CASE_FILES.answer, content: cases.expected(index) ?? Buffer.alloc(0) },
  ];
  return output ? [...files, { name: CASE_FILES.output, content: output }] : files;
}

/** How one case is judged once its program ran: compared, checked, or from its interaction. */
export interface CaseJudging {
  judge: JudgeSpec;
  limits: Limits;
  programs: JudgePrograms;
  checker: PreparedProgram | null;
  signal: AbortSignal;
  cases: CaseData;
}

export async function judgeCase(
  ctx: CaseJudging,
  index: number,
  outcome: PhaseOutcome,
  interaction: InteractiveCase | null,
): Promise<TestCaseResult> {
  const phase = toPhaseResult(outcome);
  const decision = interaction
    ? decideInteraction(phase, ctx.limits, await interaction.interactorOutcome())
    : await decideCase(ctx, index, outcome);
  return {
    index,
    verdict: decision.verdict,
    message: decision.message && decision.verdict !== Verdict.Accepted ? decision.message : null,
    score: caseScore(decision.verdict, decision.score),
    checkerMessage: decision.said,
    transcript: interaction?.transcript() ?? null,
    ...phase,
  };
}

function decideInteraction(
  phase: PhaseResult,
  limits: Limits,
  interactor: PhaseOutcome | null,
): CheckerDecision {
  return decideInteractiveVerdict(phase, limits, checkerRun(interactor));
}

async function decideCase(ctx: CaseJudging, index: number, outcome: PhaseOutcome): Promise<CheckerDecision> {
  const expected = ctx.cases.expected(index);
  const phase = toPhaseResult(outcome);
  if (!ctx.checker || expected === null) {
    const matches =
      expected === null ||
      (!outcome.stdoutTruncated &&
        outputMatches(outcome.stdout, expected, ctx.judge.compare, {
          absolute: ctx.judge.floatTolerance,
          relative: ctx.judge.relativeTolerance,
        }));
    const d = decideRunVerdict(phase, ctx.limits, matches);
    return { ...d, score: d.verdict === Verdict.Accepted ? 1 : 0, said: null };
  }
  const ran = decideRunVerdict(phase, ctx.limits);
  if (ran.verdict !== Verdict.Ok) return { ...ran, score: 0, said: null };
  const checked = await ctx.programs.run(
    ctx.checker,
    {
      args: [CASE_FILES.input, CASE_FILES.output, CASE_FILES.answer],
      files: caseFiles(ctx.cases, index, outcome.stdout),
      stdin: null,
      limits: programLimits(CHECKER_LIMITS, ctx.checker.limitOverrides),
    },
    ctx.signal,
  );
  const d = decideCheckerVerdict(checkerRun(checked)!);
  return { ...d, message: checkerVerdictMessage(d) };
}

function checkerVerdictMessage(d: CheckerDecision): string | null {
  if (d.verdict === Verdict.Accepted) return null;
  if (d.verdict === Verdict.JudgeFailure) return d.message;
  return `the checker said ${d.verdict.replaceAll('_', ' ')}${d.said ? `: ${d.said}` : ''}`;
}

function checkerRun(out: PhaseOutcome | null) {
  return (
    out && {
      exitCode: out.exitCode,
      killed: out.killedBy !== null || out.oomKilled,
      stdout: out.stdout,
      stderr: out.stderr,
    }
  );
}
