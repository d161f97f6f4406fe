import { outputMatches } from './judging';
import { compilerOptionProblem, findLanguage, LANGUAGES } from './languages';
import { decideJudgedVerdict } from './decide-verdict';
import { DEFAULT_LIMITS } from './limits';
import { Verdict } from './verdict';

const b = (s: string): Buffer => Buffer.from(s);

describe('outputMatches', () => {
  it.each([
    ['exact', 'a\n', 'a\n', true],
    ['exact', 'a', 'a\n', false],
    ['trim_trailing', 'a \t\r\nb  \n\n', 'a\nb', true],
    ['trim_trailing', ' a', 'a', false],
    ['trim_trailing', 'a\n\nb', 'a\nb', false],
    ['tokens', ' 1  2\n3 ', '1 2 3', true],
    ['tokens', '1 2', '1 2 3', false],
  ] as const)('%s: %j vs %j → %s', (mode, actual, expected, want) => {
    expect(outputMatches(b(actual), b(expected), mode)).toBe(want);
  });

  it('tokens: numbers within an absolute or relative tolerance', () => {
    expect(outputMatches(b('0.3000001'), b('0.3'), 'tokens', 1e-6)).toBe(true);
    expect(outputMatches(b('1000000.5'), b('1000000'), 'tokens', 1e-6)).toBe(true);
    expect(outputMatches(b('0.31'), b('0.3'), 'tokens', 1e-6)).toBe(false);
    expect(outputMatches(b('abc'), b('abd'), 'tokens', 1)).toBe(false);
    expect(outputMatches(b('NaN'), b('NaN'), 'tokens', 1)).toBe(true);
    expect(outputMatches(b('1e400'), b('1'), 'tokens', 1)).toBe(false);
  });

  it('exact compares bytes, including invalid UTF-8', () => {
    expect(outputMatches(Buffer.from([0xff, 0xfe]), Buffer.from([0xff, 0xfe]), 'exact')).toBe(true);
    expect(outputMatches(Buffer.from([0xff, 0xfe]), Buffer.from([0xff, 0xfd]), 'trim_trailing')).toBe(false);
  });
});

describe('compilerOptionProblem', () => {
  const c = findLanguage('c')!;
  it.each([
    '-O3',
    '-Ofast',
    '-std=c11',
    '-Wall',
    '-Wextra',
    '-Wno-unused-result',
    '-DN=10',
    '-UNDEBUG',
    '-g',
    '-lm',
    '-fno-exceptions',
  ])('allows %s for C', (opt) => expect(compilerOptionProblem(c, opt)).toBeNull());
  it.each([
    '-fplugin=/x.so',
    '-o',
    '/x',
    '-Wl,-rpath,/tmp',
    '-Wa,-a',
    '-B/tmp',
    '@file',
    '-specs=x',
    '-include/etc/passwd',
    '-I/',
    '-L/',
    '-DX=$(id)',
    '-O3 -o /x',
    '-x',
  ])('refuses %j for C', (opt) =>
    expect(compilerOptionProblem(c, opt)).toMatch(/not an allowed c compiler option/),
  );
  it('interpreted languages take none', () => {
    expect(compilerOptionProblem(findLanguage('python')!, '-O')).toBe('python takes no compiler options');
  });
  it('every compiled template with an allowlist has an {options} slot, and only those', () => {
    for (const lang of LANGUAGES)
      expect([lang.id, (lang.compile ?? []).includes('{options}')]).toEqual([
        lang.id,
        !!lang.compilerOptions,
      ]);
  });
});

describe('decideJudgedVerdict', () => {
  const ok = (verdict: Verdict): { verdict: Verdict; message: string | null } => ({ verdict, message: null });
  it('accepted when every case is', () => {
    expect(
      decideJudgedVerdict(null, [ok(Verdict.Accepted), ok(Verdict.Accepted)], DEFAULT_LIMITS).verdict,
    ).toBe(Verdict.Accepted);
  });
  it('the first failing case otherwise, named in the message', () => {
    const d = decideJudgedVerdict(
      null,
      [ok(Verdict.Accepted), ok(Verdict.TimeLimitExceeded), ok(Verdict.WrongAnswer)],
      DEFAULT_LIMITS,
    );
    expect(d).toEqual({ verdict: Verdict.TimeLimitExceeded, message: 'test case 2: time_limit_exceeded' });
  });
  it('internal error when no case ran', () => {
    expect(decideJudgedVerdict(null, [], DEFAULT_LIMITS).verdict).toBe(Verdict.InternalError);
  });
});
