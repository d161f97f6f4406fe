/** A file in the content store, named by the SHA-256 (lower-case hex) of its bytes. */
export interface ContentRef {
  sha256: string;
  bytes: number;
}

/** The stored problem, and the version of it, a submission is judged against. */
export interface ProblemRef {
  id: string;
  version: number;
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Bounds of a stored problem besides its bytes (those are configured: PROBLEM_MAX_BYTES, and
 * PROBLEMS_QUOTA_BYTES for all problems together). Its test cases are bounded like a submission's.
 */
export const PROBLEM_BOUNDS = {
  /** Files of one problem version (test inputs, answers, anything a test case names). */
  files: 1_024,
  nameLength: 256,
  /** Page size of `GET /v1/problems`. */
  listLimit: 1_000,
} as const;
