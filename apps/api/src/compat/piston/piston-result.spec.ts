import { DEFAULT_LIMITS, Verdict, type PhaseResult, type SubmissionResult } from '@judgebox/domain';
import { toPistonResponse, toPistonStage, toPistonStages } from './piston-result';
import { phaseResult } from '@judgebox/testing';

const phase = (over: Partial<PhaseResult> = {}): PhaseResult =>
  phaseResult({
    stdout: 'out',
    stderr: 'err',
    cpuTimeMs: 12,
    wallTimeMs: 34,
    peakMemoryBytes: 5_000_000,
    ...over,
  });

const result = (over: Partial<SubmissionResult> = {}): SubmissionResult => ({
  verdict: Verdict.Ok,
  message: null,
  compile: null,
  run: phase(),
  testCases: null,
  limits: DEFAULT_LIMITS,
  language: 'c',
  version: '12.2.0',
  startedAt: '',
  finishedAt: '',
  ...over,
});

describe('Piston stage mapping', () => {
  it('a normal exit: no status, measurements in ms and bytes', () => {
    expect(toPistonStage(phase())).toEqual({
      stdout: 'out',
      stderr: 'err',
      output: 'outerr',
      code: 0,
      signal: null,
      message: null,
      status: null,
      cpu_time: 12,
      wall_time: 34,
      memory: 5_000_000,
    });
  });

  it.each([
    [{ exitCode: 2 }, 'RE', null, 2],
    [{ exitCode: 139, signal: 'SIGSEGV' }, 'SG', 'SIGSEGV', null],
    [{ exitCode: 137, signal: 'SIGKILL', killedBy: 'wall_time' as const }, 'TO', 'SIGKILL', null],
    [{ exitCode: 137, killedBy: 'cpu_time' as const }, 'TO', 'SIGKILL', null],
    [{ exitCode: 137, killedBy: 'output' as const, stdoutTruncated: true }, 'OL', 'SIGKILL', null],
    [{ exitCode: 137, killedBy: 'output' as const, stderrTruncated: true }, 'EL', 'SIGKILL', null],
    // Memory comes first, as in the native verdict, even when a timer also fired.
    [{ exitCode: 137, oomKilled: true, killedBy: 'wall_time' as const }, 'SG', 'SIGKILL', null],
  ])('%j is %s with signal %s and code %s', (over, status, signal, code) => {
    expect(toPistonStage(phase(over))).toMatchObject({ status, signal, code });
  });

  it('decodes base64 output back to text', () => {
    const stage = toPistonStage(
      phase({ encoding: 'base64', stdout: Buffer.from([0x61, 0xff]).toString('base64'), stderr: '' }),
    );
    expect(stage.stdout).toBe('a\uFFFD');
  });

  it('an infrastructure failure is an XX run stage with the reason', () => {
    const stages = toPistonStages(
      result({ verdict: Verdict.InternalError, message: 'boom', run: null }),
      'c',
      '12.2.0',
    );
    expect(stages.run).toMatchObject({ status: 'XX', message: 'boom', code: null, memory: null });
    expect(stages.compile).toBeUndefined();
  });

  it('a failed compile has no run stage; the REST answer repeats the compile stage as run', () => {
    const compile = phase({ exitCode: 1 });
    const stages = toPistonStages(
      result({ verdict: Verdict.CompileError, compile, run: null }),
      'c',
      '12.2.0',
    );
    expect(stages.run).toBeUndefined();
    expect(toPistonResponse(stages).run).toEqual(stages.compile);
  });
});
