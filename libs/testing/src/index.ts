import { DEFAULT_LIMITS, type PhaseResult, type SubmissionRequest } from '@judgebox/domain';

/**
 * Test fixtures shared by the unit specs (never imported by application code).
 * A phase that ran cleanly: exit 0, no output, 10 ms CPU, 20 ms wall, 1 MiB; `over` changes any field.
 */
export function phaseResult(over: Partial<PhaseResult> = {}): PhaseResult {
  return {
    stdout: '',
    stderr: '',
    encoding: 'utf8',
    stdoutTruncated: false,
    stderrTruncated: false,
    exitCode: 0,
    signal: null,
    cpuTimeMs: 10,
    wallTimeMs: 20,
    peakMemoryBytes: 1024 * 1024,
    oomKilled: false,
    killedBy: null,
    ...over,
  };
}

/** A validated Python submission with default limits, no stdin, args or test cases; `over` changes any field. */
export function submissionRequest(over: Partial<SubmissionRequest> = {}): SubmissionRequest {
  return {
    language: 'python',
    files: [{ name: 'main.py', content: 'print(input())' }],
    entry: 'main.py',
    stdin: '',
    stdinEncoding: 'utf8',
    args: [],
    compilerOptions: [],
    limits: { ...DEFAULT_LIMITS },
    judge: null,
    ...over,
  };
}
