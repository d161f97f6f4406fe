import type { ContentRef } from './problems';
import type { FileEncoding } from './submission';

/**
 * How a test case's output is compared with the expected output:
 * - `exact`: byte for byte;
 * - `trim_trailing` (default, as Judge0): trailing whitespace of each line and trailing blank lines ignored;
 * - `tokens`: whitespace-separated tokens equal, numbers equal within `floatTolerance`
 *   (absolute or relative, whichever is looser).
 */
export type CompareMode = 'exact' | 'trim_trailing' | 'tokens';
export const COMPARE_MODES: readonly CompareMode[] = ['exact', 'trim_trailing', 'tokens'];

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

/** Test cases of a judged submission: compiled once, each case a fresh process with its own limits. */
export interface JudgeSpec {
  testCases: TestCase[];
  compare: CompareMode;
  floatTolerance: number;
  stopOnFirstFailure: boolean;
}

/** Largest `floatTolerance` a client may ask for (the count of cases is in SUBMISSION_BOUNDS). */
export const MAX_FLOAT_TOLERANCE = 1;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Whether `actual` matches `expected` under `mode`. */
export function outputMatches(actual: Buffer, expected: Buffer, mode: CompareMode, tolerance = 0): boolean {
  switch (mode) {
    case 'exact':
      return actual.equals(expected);
    case 'trim_trailing':
      return trimTrailing(actual.toString('latin1')) === trimTrailing(expected.toString('latin1'));
    case 'tokens':
      return tokensMatch(actual.toString('utf8'), expected.toString('utf8'), tolerance);
  }
}

function trimTrailing(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\r\f\v]+$/, ''))
    .join('\n')
    .replace(/\n+$/, '');
}

function tokensMatch(actual: string, expected: string, tolerance: number): boolean {
  const a = actual.split(/\s+/).filter(Boolean);
  const e = expected.split(/\s+/).filter(Boolean);
  if (a.length !== e.length) return false;
  return a.every((tok, i) => {
    if (tok === e[i]) return true;
    if (tolerance <= 0 || !NUMBER.test(tok) || !NUMBER.test(e[i])) return false;
    const x = Number(tok);
    const y = Number(e[i]);
    return Math.abs(x - y) <= tolerance * Math.max(1, Math.abs(y));
  });
}
