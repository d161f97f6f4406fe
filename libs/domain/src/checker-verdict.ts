import { JUDGE_BOUNDS } from './limits';
import { Verdict } from './verdict';

/** What the worker measured of one checker (or interactor) run: facts from outside its sandbox. */
export interface CheckerRun {
  exitCode: number | null;
  /** The worker killed it (time or output limit), or the kernel did (memory). */
  killed: boolean;
  stdout: Buffer;
  stderr: Buffer;
}

export interface CheckerDecision {
  verdict: Verdict;
  /** Fraction of the case's points, 0..1. */
  score: number;
  /** Why, in a sentence (with the checker's words when it failed). */
  message: string | null;
  /** The checker's own words, capped at checkerMessageBytes. */
  said: string | null;
}

/**
 * testlib's exit codes (without EJUDGE/TESTSYS): 0 ok, 1 wrong answer, 2 presentation error,
 * 3 fail (the checker itself failed), 4 "dirt" (treated as presentation error), 7 points: `quitp`
 * writes "points <score> <message>" to stderr (the score is the first number found in stderr, else
 * stdout) and must lie in 0..1 here. 8 is testlib's unexpected EOF (a presentation error when enabled).
 */
export function decideCheckerVerdict(run: CheckerRun, who = 'checker'): CheckerDecision {
  const said = message(run);
  if (run.killed) return failure(`the ${who} was killed at a limit`, said);
  if (run.exitCode === null) return failure(`the ${who} ended without an exit code`, said);
  switch (run.exitCode) {
    case 0:
      return { verdict: Verdict.Accepted, score: 1, message: said, said };
    case 1:
      return { verdict: Verdict.WrongAnswer, score: 0, message: said, said };
    case 2:
    case 4:
    case 8:
      return { verdict: Verdict.PresentationError, score: 0, message: said, said };
    case 7:
      return partial(run, said, who);
    case 3:
      return failure(`the ${who} reported a failure (exit code 3)`, said);
    default:
      return failure(`the ${who} ended with exit code ${run.exitCode}`, said);
  }
}

function partial(run: CheckerRun, said: string | null, who: string): CheckerDecision {
  const score = firstNumber(run.stderr) ?? firstNumber(run.stdout);
  if (score === null || score < 0 || score > 1)
    return failure(`the ${who} gave partial points without a score between 0 and 1`, said);
  if (score === 1) return { verdict: Verdict.Accepted, score, message: said, said };
  const verdict = score === 0 ? Verdict.WrongAnswer : Verdict.PartiallyAccepted;
  return { verdict, score, message: said, said };
}

function failure(why: string, said: string | null): CheckerDecision {
  return { verdict: Verdict.JudgeFailure, score: 0, message: said ? `${why}: ${said}` : why, said };
}

function firstNumber(b: Buffer): number | null {
  const m = /[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(b.subarray(0, 256).toString('utf8'));
  return m ? Number(m[0]) : null;
}

/** stderr (testlib's channel), else stdout; valid text only, at most checkerMessageBytes. */
function message(run: CheckerRun): string | null {
  const raw = run.stderr.length > 0 ? run.stderr : run.stdout;
  const max = JUDGE_BOUNDS.checkerMessageBytes;
  const text = raw
    .subarray(0, max)
    .toString('utf8')
    .replace(/\uFFFD+$/, '')
    .trim();
  if (text.length === 0) return null;
  return raw.length > max ? `${text}…` : text;
}
