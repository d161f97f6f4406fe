import { COMPILE_LIMITS, DEFAULT_LIMITS } from './limits';
import { decideVerdict, signalFromExitCode } from './decide-verdict';
import type { PhaseResult } from './submission';
import { Verdict } from './verdict';
import { phaseResult } from '@judgebox/testing';

const phase = (over: Partial<PhaseResult> = {}): PhaseResult =>
  phaseResult({ cpuTimeMs: 1, wallTimeMs: 1, peakMemoryBytes: 1, ...over });
const decide = (compile: PhaseResult | null, run: PhaseResult | null) =>
  decideVerdict(compile, run, DEFAULT_LIMITS, COMPILE_LIMITS);

describe('decideVerdict', () => {
  it('ok when the run exits 0 within limits', () => expect(decide(null, phase()).verdict).toBe(Verdict.Ok));
  it('compile error when the compiler fails, or hits a limit', () => {
    expect(decide(phase({ exitCode: 1 }), null).verdict).toBe(Verdict.CompileError);
    const timed = decide(phase({ exitCode: 137, killedBy: 'wall_time' }), null);
    expect(timed).toEqual({
      verdict: Verdict.CompileError,
      message: expect.stringContaining('wall time limit'),
    });
  });
  it('killed for time while memory stood at the limit (thrashing): memory limit', () => {
    const limit = DEFAULT_LIMITS.memoryMb * 1024 * 1024;
    expect(decide(null, phase({ killedBy: 'cpu_time', peakMemoryBytes: limit, exitCode: 137 })).verdict).toBe(
      Verdict.MemoryLimitExceeded,
    );
    expect(
      decide(null, phase({ killedBy: 'wall_time', peakMemoryBytes: limit - 4096, exitCode: 137 })).verdict,
    ).toBe(Verdict.TimeLimitExceeded);
    expect(decide(null, phase({ peakMemoryBytes: limit })).verdict).toBe(Verdict.Ok);
  });
  it('memory before time before output before exit code', () => {
    expect(decide(null, phase({ oomKilled: true, killedBy: 'wall_time', exitCode: 137 })).verdict).toBe(
      Verdict.MemoryLimitExceeded,
    );
    expect(decide(null, phase({ killedBy: 'cpu_time', exitCode: 137 })).verdict).toBe(
      Verdict.TimeLimitExceeded,
    );
    expect(decide(null, phase({ killedBy: 'output', exitCode: 137 })).verdict).toBe(
      Verdict.OutputLimitExceeded,
    );
    expect(decide(null, phase({ exitCode: 2 })).verdict).toBe(Verdict.RuntimeError);
  });
  it('exit code 137 alone is a runtime error, not a memory verdict', () => {
    expect(decide(null, phase({ exitCode: 137, signal: 'SIGKILL' })).verdict).toBe(Verdict.RuntimeError);
  });
  it('maps 128+N exit codes to signal names', () => {
    expect(signalFromExitCode(139)).toBe('SIGSEGV');
    expect(signalFromExitCode(1)).toBeNull();
    expect(signalFromExitCode(null)).toBeNull();
  });
});
