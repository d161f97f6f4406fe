import {
  findLanguage,
  SubmissionState,
  Verdict,
  type PhaseResult,
  type SubmissionView,
} from '@judgebox/domain';
import { zipSync } from 'fflate';
import { JUDGE0_LANGUAGES, JUDGE0_MULTI_FILE_ID, judge0IdOf } from './judge0-languages';
import { judge0Field, nativeLimits, toNativeBody } from './judge0-request';
import { Judge0SubmissionDto } from './judge0-submission.dto';
import { judge0Status, signalNumber } from './judge0-status';
import { parseFields } from './judge0-view';
import { phaseResult } from '@judgebox/testing';

const run = (over: Partial<PhaseResult> = {}): PhaseResult => phaseResult({ peakMemoryBytes: 1024, ...over });

const finished = (verdict: Verdict): SubmissionView => ({
  id: 'x',
  state: SubmissionState.Finished,
  language: 'c',
  createdAt: '',
  result: {
    verdict,
    message: null,
    compile: null,
    run: null,
    testCases: null,
    limits: {} as never,
    language: 'c',
    version: null,
    startedAt: '',
    finishedAt: '',
  },
});

describe('Judge0 status mapping', () => {
  it.each([
    [Verdict.Ok, run(), 3],
    [Verdict.Accepted, run(), 3],
    [Verdict.WrongAnswer, run(), 4],
    [Verdict.TimeLimitExceeded, run(), 5],
    [Verdict.CompileError, null, 6],
    [Verdict.RuntimeError, run({ signal: 'SIGSEGV' }), 7],
    [Verdict.RuntimeError, run({ signal: 'SIGXFSZ' }), 8],
    [Verdict.RuntimeError, run({ signal: 'SIGFPE' }), 9],
    [Verdict.RuntimeError, run({ signal: 'SIGABRT' }), 10],
    [Verdict.RuntimeError, run({ exitCode: 1 }), 11],
    [Verdict.RuntimeError, run({ signal: 'SIGKILL' }), 12],
    [Verdict.MemoryLimitExceeded, run({ oomKilled: true }), 12],
    [Verdict.OutputLimitExceeded, run({ killedBy: 'output' }), 8],
    [Verdict.InternalError, null, 13],
  ])('%s (%j) -> %d', (verdict, phase, id) =>
    expect(judge0Status(finished(verdict), phase, 5_000).id).toBe(id),
  );

  it('queued -> 1, running -> 2', () => {
    expect(
      judge0Status({ ...finished(Verdict.Ok), state: SubmissionState.Queued, result: null }, null, null).id,
    ).toBe(1);
    expect(
      judge0Status({ ...finished(Verdict.Ok), state: SubmissionState.Running, result: null }, null, null).id,
    ).toBe(2);
  });

  it('a run that finished within cpu_extra_time but past cpu_time_limit is a time limit exceeded', () => {
    expect(judge0Status(finished(Verdict.Ok), run({ cpuTimeMs: 1_200 }), 1_000).id).toBe(5);
    expect(judge0Status(finished(Verdict.Accepted), run({ cpuTimeMs: 900 }), 1_000).id).toBe(3);
  });

  it('signal numbers', () => {
    expect([
      signalNumber('SIGSEGV'),
      signalNumber('SIGFPE'),
      signalNumber('SIG40'),
      signalNumber(null),
    ]).toEqual([11, 8, 40, null]);
  });
});

describe('Judge0 limits onto native limits', () => {
  const python = findLanguage('python')!;
  const java = findLanguage('java')!;

  it('defaults: cpu 5 + 1 s, wall 10 s, the language memory and processes, 1 MiB output', () => {
    expect(nativeLimits({}, python)).toEqual({
      cpuTimeMs: 6_000,
      wallTimeMs: 10_000,
      memoryMb: 256,
      processes: 64,
      outputBytes: 1_048_576,
    });
    expect(nativeLimits({}, java)).toMatchObject({ memoryMb: 512, processes: 128 });
  });

  it('converts units and clamps into the native ranges', () => {
    expect(
      nativeLimits(
        {
          cpu_time_limit: 15,
          cpu_extra_time: 5,
          wall_time_limit: 0.01,
          memory_limit: 2_048,
          max_processes_and_or_threads: 120,
          max_file_size: 4_096,
        },
        python,
      ),
    ).toEqual({
      cpuTimeMs: 15_000,
      wallTimeMs: 100,
      memoryMb: 16,
      processes: 120,
      outputBytes: 4_194_304,
    });
    expect(nativeLimits({ memory_limit: 128_000 }, python).memoryMb).toBe(125);
  });
});

describe('Judge0 ids and fields', () => {
  it('every mapped id is unique and maps back', () => {
    for (const l of JUDGE0_LANGUAGES) expect(judge0IdOf(l.spec.id)).toBe(l.id);
    expect(judge0IdOf('python')).toBe(71);
  });

  it('parses fields', () => {
    expect(parseFields(undefined)).toEqual([
      'token',
      'time',
      'memory',
      'stdout',
      'stderr',
      'compile_output',
      'message',
      'status',
    ]);
    expect(parseFields('stdout, status')).toEqual(['stdout', 'status']);
    expect(parseFields('*')).toContain('exit_signal');
    expect(parseFields('stdout,x')).toEqual({ invalid: ['x'] });
  });
});

describe('Judge0 multi-file program (89) to native', () => {
  const multi = findLanguage('multi')!;
  const zip = (files: Record<string, string>): string =>
    Buffer.from(
      zipSync(Object.fromEntries(Object.entries(files).map(([n, t]) => [n, Buffer.from(t)]))),
    ).toString('base64');
  const dto = (over: Partial<Judge0SubmissionDto>): Judge0SubmissionDto =>
    Object.assign(new Judge0SubmissionDto(), { language_id: JUDGE0_MULTI_FILE_ID, ...over });

  it('maps to the native multi language, its files all from the zip, run as the entry', () => {
    expect(JUDGE0_LANGUAGES.find((l) => l.id === JUDGE0_MULTI_FILE_ID)?.spec).toBe(multi);
    const body = toNativeBody(
      dto({ source_code: 'ignored', additional_files: zip({ run: 'echo', 'a.c': 'x' }) }),
      multi,
      false,
    );
    expect(body).toMatchObject({ language: 'multi', entry: 'run' });
    expect((body as { files: { name: string }[] }).files.map((f) => f.name).sort()).toEqual(['a.c', 'run']);
  });

  it('needs additional_files with a run script', () => {
    expect(toNativeBody(dto({}), multi, false)).toEqual({
      additional_files: [expect.stringMatching(/can't be blank/)],
    });
    expect(toNativeBody(dto({ additional_files: zip({ compile: 'x' }) }), multi, false)).toEqual({
      additional_files: [expect.stringMatching(/must contain a run script/)],
    });
  });

  it('keys native file errors to additional_files', () => {
    expect(judge0Field('files[0].name', true)).toBe('additional_files');
    expect(judge0Field('files[0].name')).toBe('source_code');
  });
});
