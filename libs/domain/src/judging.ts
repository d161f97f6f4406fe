import type { ContentRef } from './problems';
import type { FileEncoding, SourceFile } from './submission';
import type { Limits } from './limits';

/**
 * How a test case's output is compared with the expected output when no checker is given
 * (compare-output.ts has the rules of each):
 * - `exact`: byte for byte;
 * - `trim_trailing` (default, as Judge0): trailing whitespace of each line and trailing blank lines ignored;
 * - `tokens`: whitespace-separated tokens equal, numbers equal within `floatTolerance`
 *   (absolute or relative, whichever is looser);
 * - `float`: tokens, numbers within `floatTolerance` (absolute) or `relativeTolerance`;
 * - `case_insensitive`: as `trim_trailing`, letters compared without case;
 * - `unordered_lines`, `unordered_tokens`: the same multiset of lines (as `trim_trailing`) or tokens;
 * - `yes_no`: tokens, each `yes` or `no` in any case.
 */
export type CompareMode =
  | 'exact'
  | 'trim_trailing'
  | 'tokens'
  | 'float'
  | 'case_insensitive'
  | 'unordered_lines'
  | 'unordered_tokens'
  | 'yes_no';
export const COMPARE_MODES: readonly CompareMode[] = [
  'exact',
  'trim_trailing',
  'tokens',
  'float',
  'case_insensitive',
  'unordered_lines',
  'unordered_tokens',
  'yes_no',
];

/** Both tolerances of `float` when the client gives none. */
export const DEFAULT_FLOAT_TOLERANCE = 1e-6;

export interface TestCase {
  stdin: string;
  /** null: the case passes when the program runs cleanly (exit 0, within every limit), whatever it prints. */
  expectedOutput: string | null;
  /** Encoding of both `stdin` and `expectedOutput`. */
  encoding: FileEncoding;
  /** Stored problems: the stdin is this file of the content store (then `stdin` is empty). */
  stdinRef?: ContentRef;
  /** Stored problems: the expected output is this file of the content store (then `expectedOutput` is null). */
  expectedOutputRef?: ContentRef;
}

/** A checker's or an interactor's program: compiled once per worker, cached by content hash. */
export interface JudgeProgram {
  language: string;
  files: SourceFile[];
  entry: string;
  /** Its language's compile limits, resolved by the API; read them through `compileLimitsOf`. */
  compileLimits?: Limits;
}

export interface InteractorSpec extends JudgeProgram {
  /** Keep both directions of the conversation (capped) in each test case's result. */
  transcript: boolean;
}

/** How a group turns its cases into points. */
export type GroupScoring = 'all_or_nothing' | 'min';
export const GROUP_SCORINGS: readonly GroupScoring[] = ['all_or_nothing', 'min'];

/** A subtask: its cases score `points` together. */
export interface TestGroup {
  name: string;
  points: number;
  /** Indices into `testCases`; every case is in exactly one group. */
  testCases: number[];
  /** Names of groups that must pass in full first; this group is skipped otherwise. */
  dependencies: string[];
  /** `all_or_nothing`: the points when every case is accepted; `min`: points × the least case score. */
  scoring: GroupScoring;
  /** Skip the group's remaining cases after its first failure. */
  stopOnFirstFailure: boolean;
}

/** Per-language allowance (a slower runtime): time limits multiplied, memory added. */
export interface LanguageAdjustment {
  timeMultiplier: number;
  extraMemoryMb: number;
}

/**
 * How a submission is judged: its test cases, how outputs are judged, groups and scoring. One
 * type for a submission's inline spec and a stored problem's (the optional fields are absent for
 * the simple comparison every adapter uses).
 */
export interface JudgeSpec {
  testCases: TestCase[];
  compare: CompareMode;
  floatTolerance: number;
  /** `float` only: relative tolerance (`floatTolerance` is then the absolute one). */
  relativeTolerance?: number;
  stopOnFirstFailure: boolean;
  /** A testlib-style checker replaces `compare`. */
  checker?: JudgeProgram | null;
  /** An interactive problem: the interactor talks with the program and decides each case. */
  interactor?: InteractorSpec | null;
  groups?: TestGroup[] | null;
  /** Keyed by language id. */
  languageAdjustments?: Record<string, LanguageAdjustment> | null;
}

/** Largest `floatTolerance` (and `relativeTolerance`) a client may ask for (the count of cases is in SUBMISSION_BOUNDS). */
export const MAX_FLOAT_TOLERANCE = 1;

export { outputMatches, type Tolerance } from './compare-output';
