import { decideCheckerVerdict, type CheckerDecision, type CheckerRun } from './checker-verdict';
import { decideRunVerdict } from './decide-verdict';
import type { Limits } from './limits';
import type { PhaseResult } from './submission';
import { Verdict } from './verdict';

const PROGRAM_LIMITS = new Set([
  Verdict.TimeLimitExceeded,
  Verdict.MemoryLimitExceeded,
  Verdict.OutputLimitExceeded,
]);

/**
 * One interactive test case, from the program's run and the interactor's (null: it never started).
 * Order: a failed interactor (judge failure); the program's own limits (a deadlock ends at its wall
 * limit, and the message says both may have been waiting); the interactor's wrong answer or
 * presentation error; the program's runtime error (often a broken pipe after the interactor quit,
 * so the interactor's word comes first); then the interactor's accepted or partial score.
 */
export function decideInteractiveVerdict(
  program: PhaseResult,
  limits: Limits,
  interactor: CheckerRun | null,
): CheckerDecision {
  if (!interactor)
    return { verdict: Verdict.JudgeFailure, score: 0, message: 'the interactor did not start', said: null };
  const judged = decideCheckerVerdict(interactor, 'interactor');
  if (judged.verdict === Verdict.JudgeFailure) return judged;
  const ran = decideRunVerdict(program, limits);
  if (PROGRAM_LIMITS.has(ran.verdict)) {
    const waiting =
      program.killedBy === 'wall_time' && program.cpuTimeMs < limits.cpuTimeMs
        ? ' (the program was idle: it and the interactor may both have been waiting for input)'
        : '';
    const message = `${ran.message ?? ran.verdict}${waiting}`;
    return { verdict: ran.verdict, score: 0, message, said: judged.said };
  }
  if (judged.verdict !== Verdict.Accepted && judged.verdict !== Verdict.PartiallyAccepted) return judged;
  if (ran.verdict === Verdict.RuntimeError)
    return { verdict: ran.verdict, score: 0, message: ran.message, said: judged.said };
  return judged;
}
