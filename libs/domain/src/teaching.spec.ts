import { findLanguage } from './languages';
import { frameworksOf, parseLibraries, scoreTests, TEST_FRAMEWORKS } from './teaching';

describe('teaching', () => {
  it('scores passed weight over the weight of the tests that ran; skipped tests do not count', () => {
    const tests = [
      { name: 'a', status: 'passed' as const },
      { name: 'b', status: 'failed' as const },
      { name: 'c', status: 'error' as const },
      { name: 'd', status: 'skipped' as const },
    ];
    expect(scoreTests(tests, {})).toEqual({
      counts: { passed: 1, failed: 1, error: 1, skipped: 1, total: 4 },
      score: 0.333333,
    });
    expect(scoreTests(tests, { a: 6, b: 2, c: 0 }).score).toBe(0.75);
    expect(scoreTests([], {}).score).toBe(0);
    // A weight named after an Object.prototype member is a test name like any other.
    expect(scoreTests([{ name: 'constructor', status: 'failed' }], {}).score).toBe(0);
  });

  it('lists the frameworks of a language, each for catalog languages only', () => {
    expect(frameworksOf('python-ml')).toEqual(['pytest']);
    expect(frameworksOf('typescript')).toEqual(['node_test']);
    expect(frameworksOf('python')).toEqual([]);
    for (const f of Object.values(TEST_FRAMEWORKS))
      for (const id of Object.keys(f.languages)) expect(findLanguage(id)?.id).toBe(id);
  });

  it('reads an image libraries label', () => {
    expect(parseLibraries('numpy=1.24.2,pandas=1.5.3')).toEqual({ numpy: '1.24.2', pandas: '1.5.3' });
    expect(parseLibraries(undefined)).toEqual({});
    expect(parseLibraries('=1,x')).toEqual({});
  });
});
