import { COMPILE_LIMITS, DEFAULT_LIMITS, type SubmissionRequest, Verdict } from '@judgebox/domain';
import { submissionRequest } from '@judgebox/testing';
import { FakeSandboxDriver, phaseOutcome } from '../sandbox/fake-sandbox.driver';
import type { SandboxOutcome } from '../sandbox/sandbox-driver';
import type { LanguageVersions } from '../sandbox/language-versions.service';
import type { InteractiveIo } from './interactive-io';
import { InvalidSubmissionError, SubmissionRunner } from './submission-runner.service';
import { programsOf } from '../judging/judge-programs.fixtures';

const versions = {
  versionOf: (lang: { image: string }) => ({ python: '3.12.3', gcc: '14.2.0' })[lang.image] ?? null,
};
const buf = (text: string): Buffer => Buffer.from(text);

async function runWith(request: SubmissionRequest, answer: SandboxOutcome | Error, live?: InteractiveIo) {
  const driver = new FakeSandboxDriver(answer);
  const runner = new SubmissionRunner(driver, versions as unknown as LanguageVersions, programsOf(driver));
  const result = await runner.run(request, new AbortController().signal, live);
  return { driver, result };
}

const cpp = (over: Partial<SubmissionRequest> = {}): SubmissionRequest =>
  submissionRequest({
    language: 'g++',
    files: [{ name: 'main.cpp', content: 'int main(){}' }],
    entry: 'main.cpp',
    ...over,
  });

describe('SubmissionRunner: the sandbox spec', () => {
  it('an interpreted language: its image, decoded files, run command with args, stdin and the limits', async () => {
    const limits = { ...DEFAULT_LIMITS, cpuTimeMs: 1_000, memoryMb: 64 };
    const request = submissionRequest({
      language: 'py',
      files: [
        { name: 'main.py', content: 'print(1)' },
        { name: 'data.bin', content: Buffer.from([0, 255]).toString('base64'), encoding: 'base64' },
      ],
      stdin: Buffer.from('hi\n').toString('base64'),
      stdinEncoding: 'base64',
      args: ['a b', '--x'],
      limits,
    });
    const { driver } = await runWith(request, { compile: null, runs: [phaseOutcome()] });
    expect(driver.spec).toEqual({
      image: 'judgebox/python:latest',
      files: [
        { name: 'main.py', content: buf('print(1)') },
        { name: 'data.bin', content: Buffer.from([0, 255]) },
      ],
      compile: null,
      runs: [{ cmd: ['python3', '-I', 'main.py', 'a b', '--x'], stdin: buf('hi\n'), limits }],
      continueAfter: undefined,
    });
  });

  it('a compiled language: compile phase over every source with the allowed options, under compile limits', async () => {
    const files = ['main.cpp', 'util.cpp', 'util.h'].map((name) => ({ name, content: '' }));
    const { driver } = await runWith(cpp({ files, compilerOptions: ['-O0', '-DX=1'] }), {
      compile: phaseOutcome(),
      runs: [phaseOutcome()],
    });
    expect(driver.spec.image).toBe('judgebox/gcc:latest');
    expect(driver.spec.compile).toEqual({
      cmd: ['g++', '-std=gnu++17', '-O2', '-pipe', '-o', 'main', '-O0', '-DX=1', 'main.cpp', 'util.cpp'],
      stdin: null,
      limits: COMPILE_LIMITS,
    });
    expect(driver.spec.runs.map((r) => r.cmd)).toEqual([['./main']]);
  });

  it("a slow compiler gets its language's compile limits, and its compile verdict is judged against them", async () => {
    const request = submissionRequest({
      language: 'haskell',
      files: [{ name: 'main.hs', content: '' }],
      entry: 'main.hs',
    });
    const timedOut = phaseOutcome({ killedBy: 'cpu_time', exitCode: 137 });
    const { driver, result } = await runWith(request, { compile: timedOut, runs: [] });
    expect(driver.spec.compile?.limits).toEqual({
      ...COMPILE_LIMITS,
      cpuTimeMs: 30_000,
      wallTimeMs: 45_000,
      memoryMb: 1_024,
    });
    expect(result.verdict).toBe(Verdict.CompileError);
    expect(result.message).toBe('compilation exceeded the CPU time limit of 30000 ms');
  });

  it.each<[string, Partial<SubmissionRequest>]>([
    ['an unknown language', { language: 'brainfuck' }],
    ['an entry that is not among the files', { entry: 'other.py' }],
    ['compiler options for a language that takes none', { compilerOptions: ['-O2'] }],
    ['a compiler option outside the allowlist', { ...cpp(), compilerOptions: ['-fplugin=x.so'] }],
  ])('refuses %s as an invalid submission without calling the driver', async (_, over) => {
    const driver = new FakeSandboxDriver({ compile: null, runs: [] });
    const runner = new SubmissionRunner(driver, versions as unknown as LanguageVersions, programsOf(driver));
    await expect(runner.run(submissionRequest(over), new AbortController().signal)).rejects.toThrow(
      InvalidSubmissionError,
    );
    expect(driver.specs).toHaveLength(0);
  });
});

describe('SubmissionRunner: the result of a plain run', () => {
  it('ok: the run, limits, resolved language id, image version and the abort signal passed on', async () => {
    const request = submissionRequest({ language: 'PY' });
    const driver = new FakeSandboxDriver({ compile: null, runs: [phaseOutcome({ stdout: buf('1\n') })] });
    const signal = new AbortController().signal;
    const result = await new SubmissionRunner(
      driver,
      versions as unknown as LanguageVersions,
      programsOf(driver),
    ).run(request, signal);
    expect(driver.signals).toEqual([signal]);
    expect(result).toMatchObject({ verdict: Verdict.Ok, message: null, compile: null, testCases: null });
    expect(result).toMatchObject({ limits: request.limits, language: 'python', version: '3.12.3' });
    expect(result.run).toMatchObject({
      stdout: '1\n',
      encoding: 'utf8',
      exitCode: 0,
      signal: null,
      cpuTimeMs: 10,
    });
  });

  const MiB = 1024 * 1024;
  it.each([
    [
      'CPU time',
      { killedBy: 'cpu_time', exitCode: 137 },
      Verdict.TimeLimitExceeded,
      'the program exceeded the CPU time limit of 2000 ms',
    ],
    [
      'wall time',
      { killedBy: 'wall_time', exitCode: 137 },
      Verdict.TimeLimitExceeded,
      'the program exceeded the wall time limit of 5000 ms',
    ],
    [
      'OOM kill',
      { oomKilled: true, exitCode: 137 },
      Verdict.MemoryLimitExceeded,
      'the program exceeded the memory limit of 256 MiB',
    ],
    [
      'time kill at the memory limit',
      { killedBy: 'wall_time', exitCode: 137, peakMemoryBytes: 256 * MiB },
      Verdict.MemoryLimitExceeded,
      'the program exceeded the memory limit of 256 MiB',
    ],
    [
      'output kill',
      { killedBy: 'output', exitCode: 137, stdoutTruncated: true },
      Verdict.OutputLimitExceeded,
      'the program exceeded the output limit of 1048576 bytes',
    ],
    ['exit code', { exitCode: 3 }, Verdict.RuntimeError, 'the program exited with code 3'],
    ['signal', { exitCode: 139 }, Verdict.RuntimeError, 'the program was killed by SIGSEGV'],
  ] as const)('%s: %s', async (_, over, verdict, message) => {
    const { result } = await runWith(submissionRequest(), { compile: null, runs: [phaseOutcome(over)] });
    expect(result).toMatchObject({ verdict, message });
  });

  it('a run the worker killed reports SIGKILL whatever the exit code', async () => {
    const { result } = await runWith(submissionRequest(), {
      compile: null,
      runs: [phaseOutcome({ killedBy: 'cpu_time', exitCode: null })],
    });
    expect(result.run?.signal).toBe('SIGKILL');
  });

  it('output that is not UTF-8 comes back as base64, both streams', async () => {
    const run = phaseOutcome({ stdout: Buffer.from([0xff, 0x00]), stderr: buf('ok') });
    const { result } = await runWith(submissionRequest(), { compile: null, runs: [run] });
    expect(result.run).toMatchObject({
      encoding: 'base64',
      stdout: '/wA=',
      stderr: buf('ok').toString('base64'),
    });
  });

  it('compile failure: compile error with the compiler output, no run', async () => {
    const compile = phaseOutcome({ exitCode: 1, stderr: buf('main.cpp:1: error') });
    const { result } = await runWith(cpp(), { compile, runs: [] });
    expect(result).toMatchObject({
      verdict: Verdict.CompileError,
      message: 'the compiler reported errors',
      run: null,
    });
    expect(result.compile).toMatchObject({ exitCode: 1, stderr: 'main.cpp:1: error' });
    expect(result).toMatchObject({ language: 'cpp', version: '14.2.0' });
  });

  it('a compiled program that ran: the compile facts beside the run', async () => {
    const { result } = await runWith(cpp(), {
      compile: phaseOutcome({ stderr: buf('warning') }),
      runs: [phaseOutcome()],
    });
    expect(result).toMatchObject({
      verdict: Verdict.Ok,
      compile: { stderr: 'warning' },
      run: { exitCode: 0 },
    });
  });

  it('no run although nothing failed: internal error', async () => {
    const { result } = await runWith(submissionRequest(), { compile: null, runs: [] });
    expect(result).toMatchObject({ verdict: Verdict.InternalError, message: 'the program did not run' });
  });

  it('a driver failure propagates as the exception, not as a verdict', async () => {
    const fault = new Error('engine unreachable');
    await expect(runWith(submissionRequest(), fault)).rejects.toBe(fault);
  });
});

describe('SubmissionRunner: live phases', () => {
  it('wires output, kill, stage boundaries and exits to the live streams; stdin starts with the request', async () => {
    const events: unknown[][] = [];
    const liveStdin = (async function* () {})();
    const killer = new AbortController();
    const live = {
      kill: killer.signal,
      stdin: (initial: Buffer) => (events.push(['stdin', initial.toString()]), liveStdin),
      stage: (stage: string) => events.push(['stage', stage]),
      output: (stream: string, chunk: Buffer) => events.push(['output', stream, chunk.toString()]),
      exit: (stage: string, r: { exitCode: number | null; stderr: string }) =>
        events.push(['exit', stage, r.exitCode, r.stderr]),
    } as unknown as InteractiveIo;
    const answer = {
      compile: phaseOutcome({ stderr: buf('warn') }),
      runs: [phaseOutcome({ stdout: buf('hi'), exitCode: 2 })],
    };
    const { driver, result } = await runWith(cpp({ stdin: 'abc' }), answer, live);
    expect(driver.spec.runs[0].stdin).toBe(liveStdin);
    expect(driver.spec.compile?.kill).toBe(killer.signal);
    expect(driver.spec.runs[0].kill).toBe(killer.signal);
    expect(events).toEqual([
      ['stdin', 'abc'],
      ['stage', 'compile'],
      ['output', 'stderr', 'warn'],
      ['exit', 'compile', 0, 'warn'],
      ['stage', 'run'],
      ['output', 'stdout', 'hi'],
      ['exit', 'run', 2, ''],
    ]);
    expect(result).toMatchObject({ verdict: Verdict.RuntimeError, run: { stdout: 'hi' } });
  });
});
