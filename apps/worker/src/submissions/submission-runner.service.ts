import { Inject, Injectable } from '@nestjs/common';
import {
  compilerOptionProblem,
  decideJudgedVerdict,
  decideVerdict,
  expandCommand,
  imageName,
  type PhaseResult,
  type ScoringResult,
  type VerdictDecision,
  type SubmissionRequest,
  type SubmissionResult,
  type TestCaseResult,
  Verdict,
} from '@judgebox/domain';
import type { LiveStage, ProgressEvent } from '@judgebox/queue';
import {
  SANDBOX_DRIVER,
  type PhaseOutcome,
  type PhaseSpec,
  type SandboxDriver,
  type SandboxOutcome,
  type SandboxSpec,
} from '../sandbox/sandbox-driver';
import { LanguageVersions } from '../sandbox/language-versions.service';
import { inlineCaseData, type CaseData } from '../problems/case-data';
import { planTeaching } from '../teaching/teaching-plan';
import type { InteractiveIo } from './interactive-io';
import { JudgedRun } from '../judging/judged-run';
import { JudgePrograms } from '../judging/judge-programs.service';
import { toPhaseResult } from './phase-result';

import { InvalidSubmissionError, resolveSubmission, type ResolvedSubmission } from './resolved-submission';

export { toPhaseResult } from './phase-result';
export { InvalidSubmissionError } from './resolved-submission';

/**
 * The sandbox went away while a command ran and nobody killed it: the engine stopped, or the
 * container was removed from outside. An infrastructure fault, never the program's verdict.
 */
export class SandboxLostError extends Error {}

/** Turns a submission into a sandbox spec and the sandbox's facts into a result. */
@Injectable()
export class SubmissionRunner {
  constructor(
    @Inject(SANDBOX_DRIVER) private readonly driver: SandboxDriver,
    private readonly versions: LanguageVersions,
    private readonly programs: JudgePrograms,
  ) {}

  /**
   * With `live`, the phases' stdin, output, kills and stage boundaries go through it (the live
   * sockets). `cases` holds the test cases' stdin and expected output (a stored problem's are files
   * on disk). `progress` hears the compile's result and each test case's as they end.
   */
  async run(
    request: SubmissionRequest,
    signal: AbortSignal,
    live?: InteractiveIo,
    cases: CaseData = inlineCaseData(request.judge),
    progress?: (event: ProgressEvent) => void,
  ): Promise<SubmissionResult> {
    const startedAt = new Date().toISOString();
    const job = resolveSubmission(request);
    const onCase = progress && ((testCase: TestCaseResult) => progress({ type: 'testCase', testCase }));
    const judged =
      request.judge &&
      new JudgedRun({ ...request, judge: request.judge }, job.lang, this.programs, signal, cases, onCase);
    await judged?.prepare();
    const planned = toSandboxSpec(job, cases);
    const teaching = planTeaching(job, planned, (m) => new InvalidSubmissionError(m));
    const unjudged = teaching?.spec ?? planned;
    const base = judged ? judged.wire(unjudged) : unjudged;
    const spec = withProgress(live ? liveSpec(base, live, request) : base, progress);
    const outcome = await this.driver.run(spec, signal);
    if (sandboxVanished(outcome, live))
      throw new SandboxLostError('the sandbox went away while a command ran');
    const compile = outcome.compile && toPhaseResult(outcome.compile);
    const { lang, compileLimits: limitsOfCompile } = job;
    let run: PhaseResult | null = null;
    let testCases: TestCaseResult[] | null = null;
    let scoring: ScoringResult | null = null;
    let decision: VerdictDecision;
    if (judged) {
      const done = judged.finish();
      ({ testCases, scoring } = done);
      decision = decideJudgedVerdict(compile, testCases, limitsOfCompile);
      if (done.failure && decision.verdict !== Verdict.CompileError)
        decision = { verdict: Verdict.JudgeFailure, message: done.failure };
    } else {
      run = outcome.runs[0] ? toPhaseResult(outcome.runs[0]) : null;
      decision = decideVerdict(compile, run, request.limits, limitsOfCompile);
    }
    const result: SubmissionResult = {
      verdict: decision.verdict,
      message: decision.message,
      compile,
      run,
      testCases,
      scoring,
      languageAdjustment: judged?.adjustment ?? null,
      limits: judged?.limits ?? request.limits,
      language: lang.id,
      version: this.versions.versionOf(lang),
      startedAt,
      finishedAt: new Date().toISOString(),
    };
    return teaching ? teaching.complete(result, outcome.runs) : result;
  }
}

/** A phase that ended without an exit status though nothing killed it: its sandbox is gone. */
function sandboxVanished(outcome: SandboxOutcome, live?: InteractiveIo): boolean {
  if (live?.kill.aborted) return false; // a live kill may destroy the sandbox on purpose
  const lost = (p: PhaseOutcome | null): boolean =>
    p !== null && p.exitCode === null && p.killedBy === null && !p.oomKilled;
  return [outcome.compile, ...outcome.runs].some(lost);
}

/**
 * Wires compile and run to the job's live streams, besides what the phase had wired already (a
 * judged case's interactor); the stdin given up front comes first. Judged runs keep their stdin.
 */
function liveSpec(spec: SandboxSpec, live: InteractiveIo, request: SubmissionRequest): SandboxSpec {
  const initialStdin = Buffer.from(request.stdin, request.stdinEncoding);
  const wire = (stage: LiveStage, phase: PhaseSpec): PhaseSpec => ({
    ...phase,
    onOutput: (stream, chunk) => {
      phase.onOutput?.(stream, chunk);
      live.output(stream, chunk);
    },
    kill: phase.kill ? AbortSignal.any([phase.kill, live.kill]) : live.kill,
    onStart: () => {
      phase.onStart?.();
      live.stage(stage);
    },
    onEnd: (outcome) => {
      phase.onEnd?.(outcome);
      live.exit(stage, toPhaseResult(outcome));
    },
  });
  return {
    ...spec,
    compile: spec.compile && wire('compile', spec.compile),
    runs: spec.runs.map((run) =>
      wire('run', request.judge ? run : { ...run, stdin: live.stdin(initialStdin) }),
    ),
  };
}

/** Tells `progress` the compile's result when it ends (null at once when there is no compile). */
function withProgress(spec: SandboxSpec, progress?: (event: ProgressEvent) => void): SandboxSpec {
  if (!progress) return spec;
  const compile = spec.compile;
  if (!compile) {
    progress({ type: 'compiled', compile: null });
    return spec;
  }
  const onEnd = (outcome: PhaseOutcome): void => {
    compile.onEnd?.(outcome);
    progress({ type: 'compiled', compile: toPhaseResult(outcome) });
  };
  return { ...spec, compile: { ...compile, onEnd } };
}

export function toSandboxSpec(
  { request, lang, compileLimits }: ResolvedSubmission,
  cases: CaseData = inlineCaseData(request.judge),
): SandboxSpec {
  const names = request.files.map((f) => f.name);
  if (!names.includes(request.entry))
    throw new InvalidSubmissionError(`entry ${request.entry} is not among the files`);
  for (const option of request.compilerOptions) {
    const problem = compilerOptionProblem(lang, option);
    if (problem) throw new InvalidSubmissionError(problem);
  }
  const expand = (cmd: readonly string[]): string[] =>
    expandCommand(cmd, request.entry, names, lang.sourceExtension, request.compilerOptions);
  const judge = request.judge;
  const run = {
    cmd: [...expand(lang.run), ...request.args],
    stdin: Buffer.from(request.stdin, request.stdinEncoding),
    limits: request.limits,
  };
  return {
    image: imageName(lang),
    files: request.files.map((f) => ({
      name: f.name,
      content: Buffer.from(f.content, f.encoding ?? 'utf8'),
    })),
    compile: lang.compile ? { cmd: expand(lang.compile), stdin: null, limits: compileLimits } : null,
    runs: judge ? judge.testCases.map((_, index) => ({ ...run, stdin: cases.stdin(index) })) : [run],
  };
}
