import type { KillReason, Verdict } from './verdict';
import type { Limits } from './limits';

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
  limits: Limits;
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

export interface SubmissionResult {
  verdict: Verdict;
  /** A human sentence explaining the verdict, e.g. which limit was hit. */
  message: string | null;
  compile: PhaseResult | null;
  run: PhaseResult | null;
  limits: Limits;
  language: string;
  version: string | null;
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
