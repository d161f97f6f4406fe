import { DEFAULT_LIMITS, LIMIT_RANGES, maxLimit, resolveLimits } from './limits';
import { expandCommand, findLanguage, LANGUAGES } from './languages';

describe('limits', () => {
  it('every default lies within its range', () => {
    for (const r of Object.values(LIMIT_RANGES)) expect(r.min <= r.default && r.default <= r.max).toBe(true);
  });
  it('client values override language overrides override defaults', () => {
    expect(resolveLimits({ cpuTimeMs: 100 }, { memoryMb: 512 })).toEqual({
      ...DEFAULT_LIMITS,
      cpuTimeMs: 100,
      memoryMb: 512,
    });
    expect(maxLimit('memoryMb', { memoryMb: 4096 })).toBe(4096);
  });
});

describe('languages', () => {
  it('ids and aliases are unique and found case-insensitively', () => {
    const keys = LANGUAGES.flatMap((l) => [l.id, ...l.aliases]);
    expect(new Set(keys).size).toBe(keys.length);
    expect(findLanguage('PY')?.id).toBe('python');
  });
  it('expands {entry} and {sources}', () => {
    expect(expandCommand(['gcc', '{sources}', '-o', 'x'], 'main.c', ['main.c', 'u.h', 'u.c'], '.c')).toEqual([
      'gcc',
      'main.c',
      'u.c',
      '-o',
      'x',
    ]);
    expect(expandCommand(['python3', '{entry}'], 'a.py', ['a.py'], '.py')).toEqual(['python3', 'a.py']);
  });
});
