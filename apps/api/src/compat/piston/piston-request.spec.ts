import { findLanguage, type LanguageSpec } from '@judgebox/domain';
import { checkPistonRequest, PistonRequestError, toSubmissionBody } from './piston-request';

const java = findLanguage('java') as LanguageSpec;
const c = findLanguage('c') as LanguageSpec;
const MIB = 1_048_576;

const request = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  language: 'c',
  version: '*',
  files: [{ name: 'main.c', content: 'int main(){}' }],
  ...over,
});

const message = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof PistonRequestError) return (err.getResponse() as { message: string }).message;
    throw err;
  }
  return 'no error';
};

describe('Piston request mapping', () => {
  it('re-encodes hex as base64, names unnamed files, makes the first utf8 file the entry', () => {
    const req = checkPistonRequest(
      request({
        files: [
          { name: 'data.bin', content: 'ff00', encoding: 'hex' },
          { content: 'int main(){}' },
          { content: 'int helper;' },
        ],
      }),
    );
    expect(toSubmissionBody(req, c, false)).toMatchObject({
      language: 'c',
      files: [
        { name: 'data.bin', content: Buffer.from([0xff, 0]).toString('base64'), encoding: 'base64' },
        { name: 'main.c', content: 'int main(){}', encoding: 'utf8' },
        { name: 'file2.c', content: 'int helper;', encoding: 'utf8' },
      ],
      entry: 'main.c',
      stdin: '',
    });
  });

  it('adds the trailing newline to stdin only when asked (REST), as Piston does', () => {
    const req = checkPistonRequest(request({ stdin: 'a' }));
    expect(toSubmissionBody(req, c, true).stdin).toBe('a\n');
    expect(toSubmissionBody(req, c, false).stdin).toBe('a');
    expect(toSubmissionBody(checkPistonRequest(request({ stdin: 'a\n' })), c, true).stdin).toBe('a\n');
  });

  it('maps run limits (bytes rounded down to MiB; -1 is the language maximum) and ignores compile limits', () => {
    const req = checkPistonRequest(
      request({
        run_timeout: 1_500,
        run_cpu_time: 700,
        run_memory_limit: 100 * MIB + 5,
        compile_timeout: 1_000,
      }),
    );
    expect(toSubmissionBody(req, c, false).limits).toEqual({
      wallTimeMs: 1_500,
      cpuTimeMs: 700,
      memoryMb: 100,
    });
    const max = checkPistonRequest(request({ run_memory_limit: -1, compile_memory_limit: -1 }));
    // Java's maximum memory is raised by the catalog.
    expect(toSubmissionBody(max, java, false).limits).toEqual({ memoryMb: 1_024 });
  });

  it('measures a limit against the language: Kotlin may compile longer than C', () => {
    const kotlin = findLanguage('kotlin') as LanguageSpec;
    const req = checkPistonRequest(request({ compile_timeout: 40_000 }));
    expect(message(() => toSubmissionBody(req, c, false))).toBe(
      'compile_timeout cannot exceed the configured limit of 15000',
    );
    expect(toSubmissionBody(req, kotlin, false).limits).toEqual({});
  });

  it('treats 0 and null as absent, and refuses non-numbers, as Piston does', () => {
    expect(checkPistonRequest(request({ run_timeout: 0, run_cpu_time: null })).limits).toEqual({});
    expect(message(() => checkPistonRequest(request({ run_cpu_time: true })))).toBe(
      'If specified, run_cpu_time must be a number',
    );
    expect(message(() => checkPistonRequest([]))).toBe('the request body must be a JSON object');
  });
});
