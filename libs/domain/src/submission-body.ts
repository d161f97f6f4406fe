import type { CompareMode, GroupScoring } from './judging';
import type { TestFramework } from './teaching';
import type { LimitName, Limits } from './limits';
import type { FileEncoding, SourceFile } from './submission';

/** One test case as a client sends it (the API fills the defaults). */
export interface TestCaseBody {
  stdin?: string;
  /** Omitted: the case passes when the program runs cleanly, whatever it prints. */
  expectedOutput?: string;
  encoding?: FileEncoding;
}

/** A checker's or an interactor's program as a client sends it: exactly one of `source` or `files`. */
export interface JudgeProgramBody {
  language: string;
  source?: string;
  files?: SourceFile[];
  entry?: string;
}

export interface InteractorBody extends JudgeProgramBody {
  transcript?: boolean;
}

export interface TestGroupBody {
  name: string;
  points: number;
  testCases: number[];
  dependencies?: string[];
  scoring?: GroupScoring;
  stopOnFirstFailure?: boolean;
}

export interface LanguageAdjustmentBody {
  language: string;
  timeMultiplier?: number;
  extraMemoryMb?: number;
}

/**
 * The body of `POST /v1/submissions` and of a live socket's `start` message, as a client writes
 * it. The API's DTO implements it and a type check keeps the two equal, so a client typed from
 * here cannot drift from what the API accepts.
 */
export interface SubmissionBody {
  /** A language id or alias of `GET /v1/languages`. */
  language: string;
  /** One source file, named by the language; exactly one of `source` or `files`. */
  source?: string;
  files?: SourceFile[];
  /** The file compiled or run; defaults to the first file. */
  entry?: string;
  stdin?: string;
  stdinEncoding?: FileEncoding;
  args?: string[];
  compilerOptions?: string[];
  /** Judge the program: compiled once, run once per case with its stdin, output compared. */
  testCases?: TestCaseBody[];
  compare?: CompareMode;
  floatTolerance?: number;
  relativeTolerance?: number;
  /** A testlib-style checker judges each case instead of `compare`. */
  checker?: JudgeProgramBody;
  /** Runs beside the program for each case (interactive problems). */
  interactor?: InteractorBody;
  groups?: TestGroupBody[];
  languageAdjustments?: LanguageAdjustmentBody[];
  stopOnFirstFailure?: boolean;
  limits?: Partial<Limits>;
  /** Files in the work dir returned after the run, base64 (docs/teaching.md). */
  outputFiles?: string[];
  /** Grade by the teacher's unit tests (docs/teaching.md). */
  unitTests?: UnitTestsBody;
  /** POSTed the result once finished, signed (docs/deploy.md). */
  callbackUrl?: string;
  /** Judge against a stored problem (docs/problems.md): its test cases, judging and limits. */
  problemId?: string;
  /** With `problemId`: this version of it (default: the current one). */
  problemVersion?: number;
}

export interface UnitTestsBody {
  framework: TestFramework;
  files: SourceFile[];
  weights?: Record<string, number>;
  perTestTimeoutMs?: number;
}

/** One language of `GET /v1/languages`. */
export interface LanguageView {
  id: string;
  name: string;
  aliases: string[];
  /** Reported by a worker from its image; null until one has. */
  version: string | null;
  /**
   * A live worker has the language's sandbox image: it runs now. False while the image is still
   * being built (npm start builds most in the background) or missing; a submission then answers 503.
   */
  available: boolean;
  compiled: boolean;
  /** Each limit's default and maximum in this language. */
  limits: Record<LimitName, { default: number; max: number }>;
}
