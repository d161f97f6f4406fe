import { LANGUAGES } from '@judgebox/domain';
import { SAMPLES } from './samples';
import { fromHash, toHash } from './url-state';

describe('playground', () => {
  it('has a sample program for every catalog language', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(LANGUAGES.map((l) => l.id).sort());
  });

  it('keeps the whole state in the URL fragment and reads it back', () => {
    const state = {
      language: 'cpp',
      source: '#include <cstdio>\nint main(){puts("héllo ✓");}',
      stdin: '1 2\n',
      args: '--x\ny',
      tests: [{ stdin: '1', expected: '2' }],
    };
    expect(fromHash(toHash(state))).toEqual(state);
  });

  it('ignores what it cannot decode', () => {
    expect(fromHash('#lang=c&src=%%%&tests=bm90IGpzb24')).toEqual({ language: 'c' });
  });
});
