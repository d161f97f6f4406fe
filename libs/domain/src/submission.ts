import type { KillReason, Verdict } from './verdict';
import { compileLimits, type Limits } from './limits';
import type { LanguageSpec } from './languages';
import type { JudgeSpec, LanguageAdjustment } from './judging';
import type { ProblemRef } from './problems';
import type { ScoringResult } from './scoring';
import type { OutputFile, UnitTestResult, UnitTestSpec } from './teaching';

export type FileEncoding = 'utf8' | 'base64';

export interface SourceFile {
  name: string;
  content: string;
  encoding?: FileEncoding;
}

/** A validated submission as the worker receives it. */
export interface SubmissionRequest {
  language: string;
  files: SourceFile[];
  /** Name of the file that is compiled or run; one of `files`. */
  entry: string;
  stdin: string;
  stdinEncoding: FileEncoding;
  args: string[];
  /** Checked against the language's allowlist, by the API and again by the worker. */
  compilerOptions: string[];
  limits: Limits;
  /**
   * The language's compile limits, resolved once by the API. Absent from jobs queued before they
   * were carried: read it through `compileLimitsOf`, which derives them then.
   */
  compileLimits?: Limits;
  /** Present for judged submissions: the run happens once per test case instead of once. */
  judge?: JudgeSpec | null;
  /** Judged against a stored problem: `judge` and `limits` came from this version of it. */
  problem?: ProblemRef | null;
  /** Files in the work dir to return after the run (docs/teaching.md). */
  outputFiles?: string[];
  /** Present when graded by the teacher's unit tests: the run is the framework's (docs/teaching.md). */
  unitTests?: UnitTestSpec | null;
}

export enum SubmissionState {
  Queued = 'queued',
  Running = 'running',
  Finished = 'finished',
}

/** What one phase (compile or run) measured. Times in ms, memory in bytes. */
export interface PhaseResult {
  stdout: string;
  stderr: string;
  /** `base64` when either stream was not valid UTF-8. */
  encoding: FileEncoding;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  exitCode: number | null;
  signal: string | null;
  cpuTimeMs: number;
  wallTimeMs: number;
  peakMemoryBytes: number;
  oomKilled: boolean;
  killedBy: KillReason;
}

/** One judged test case: the run's facts plus its own verdict. */
export interface TestCaseResult extends PhaseResult {
  index: number;
  verdict: Verdict;
  message: string | null;
  /** Fraction of the case's points, 0..1: 1 accepted, a checker's partial score, else 0. */
  score?: number;
  /** What the checker or interactor said (capped), when one judged the case. */
  checkerMessage?: string | null;
  /** Interactive problems with `transcript`: each direction, capped, as text (base64 if not UTF-8). */
  transcript?: InteractionTranscript | null;
}

export interface InteractionTranscript {
  /** What the interactor sent to the program. */
  toProgram: string;
  /** What the program sent to the interactor. */
  fromProgram: string;
  encoding: FileEncoding;
  truncated: boolean;
}

export interface SubmissionResult {
  /** For judged submissions: accepted, or the first failing case's verdict. */
  verdict: Verdict;
  /** A human sentence explaining the verdict, e.g. which limit was hit. */
  message: string | null;
  compile: PhaseResult | null;
  /** The run of a plain submission; null when judged (see testCases) or when the compile failed. */
  run: PhaseResult | null;
  /** Judged submissions: one result per case run (cases after a failure are absent with stopOnFirstFailure). */
  testCases: TestCaseResult[] | null;
  /** Judged with groups: each group's score and the total. */
  scoring?: ScoringResult | null;
  /** Judged with a time multiplier or extra memory for this language: what was applied (`limits` includes it). */
  languageAdjustment?: LanguageAdjustment | null;
  limits: Limits;
  /** The files asked for in `outputFiles`, in that order; absent when none were. */
  outputFiles?: OutputFile[];
  /** Graded by unit tests: each test's outcome, the counts and the score. */
  unitTests?: UnitTestResult | null;
  language: string;
  version: string | null;
  /** The stored problem and version this submission was judged against; absent otherwise. */
  problem?: ProblemRef | null;
  startedAt: string;
  finishedAt: string;
}

export interface SubmissionView {
  id: string;
  state: SubmissionState;
  language: string;
  createdAt: string;
  result: SubmissionResult | null;
}

/** A request's compile limits: those it carries, or (a job queued before they were) the language's. */
export function compileLimitsOf(
  request: Pick<SubmissionRequest, 'compileLimits'>,
  language: Pick<LanguageSpec, 'compileLimitOverrides'> | undefined,
): Limits {
  return request.compileLimits ?? compileLimits(language?.compileLimitOverrides);
}
