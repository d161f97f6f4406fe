import type { ContentRef, FileEncoding, Limits } from '@judgebox/domain';

/** A stored test case: inline content, or names of the version's files. */
export interface StoredTestCase {
  stdin?: string;
  expectedOutput?: string;
  encoding?: FileEncoding;
  stdinFile?: string;
  expectedOutputFile?: string;
}

/** The judge fields of a ProblemDto as validated, test cases included; passed on to submissions as they are. */
export type StoredJudge = { testCases?: StoredTestCase[] } & Record<string, unknown>;

/** One version of a problem as stored (JSON): immutable once written. */
export interface ProblemVersionRecord {
  id: string;
  version: number;
  createdAt: string;
  name: string;
  limits: Partial<Limits>;
  judge: StoredJudge;
  files: Record<string, ContentRef>;
  /** The distinct hashes of `files`: what the version holds a reference on. */
  refs: string[];
}

/** What GET answers: the version's body as PUT would take it, plus what the server knows of it. */
export interface ProblemView extends StoredJudge {
  id: string;
  version: number;
  createdAt: string;
  name: string;
  limits: Partial<Limits>;
  files: { name: string; sha256: string; bytes: number }[];
  /** Bytes of all files of this version, counted against PROBLEM_MAX_BYTES. */
  bytes: number;
  /** Versions still kept (the current one, and older ones pinned by submissions). */
  versions: number[];
}

export interface ProblemSummary {
  id: string;
  name: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function filesBytes(files: Record<string, ContentRef>): number {
  return Object.values(files).reduce((sum, f) => sum + f.bytes, 0);
}

export function toProblemView(record: ProblemVersionRecord, versions: number[]): ProblemView {
  const { id, version, createdAt, name, limits, judge, files } = record;
  return {
    ...judge,
    id,
    version,
    createdAt,
    name,
    limits,
    files: Object.entries(files).map(([name, f]) => ({ name, ...f })),
    bytes: filesBytes(files),
    versions,
  };
}
