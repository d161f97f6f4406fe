import { signalFromExitCode, type PhaseResult } from '@judgebox/domain';
import type { PhaseOutcome } from '../sandbox/sandbox-driver';

/** Output as text when both streams are valid UTF-8, otherwise both as base64. */
export function toPhaseResult(p: PhaseOutcome): PhaseResult {
  const utf8 = isUtf8(p.stdout) && isUtf8(p.stderr);
  const encode = (b: Buffer): string => b.toString(utf8 ? 'utf8' : 'base64');
  return {
    stdout: encode(p.stdout),
    stderr: encode(p.stderr),
    encoding: utf8 ? 'utf8' : 'base64',
    stdoutTruncated: p.stdoutTruncated,
    stderrTruncated: p.stderrTruncated,
    exitCode: p.exitCode,
    signal: p.killedBy ? 'SIGKILL' : signalFromExitCode(p.exitCode),
    cpuTimeMs: p.cpuTimeMs,
    wallTimeMs: p.wallTimeMs,
    peakMemoryBytes: p.peakMemoryBytes,
    oomKilled: p.oomKilled,
    killedBy: p.killedBy,
  };
}

export function isUtf8(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}
