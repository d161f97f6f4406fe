import { languageVersion, parseVersionLabel } from './image-version';

describe('image version labels', () => {
  it('reads the image version and the per-language items', () => {
    expect(parseVersionLabel('5.2.15 dash=0.5.12 awk=5.2.1')).toEqual({
      image: '5.2.15',
      languages: { dash: '0.5.12', awk: '5.2.1' },
    });
    expect(parseVersionLabel('3.11.2')).toEqual({ image: '3.11.2', languages: {} });
    // Any text before the items is the image's version.
    expect(parseVersionLabel('Python 3.12.3')).toEqual({ image: 'Python 3.12.3', languages: {} });
    expect(parseVersionLabel('gcc 13.2.0 d=13.2.0')).toEqual({
      image: 'gcc 13.2.0',
      languages: { d: '13.2.0' },
    });
  });

  it('gives a language its own version, else the image version, else null', () => {
    const labels = { bash: '5.2.15 dash=0.5.12' };
    expect(languageVersion({ id: 'dash', image: 'bash' }, labels)).toBe('0.5.12');
    expect(languageVersion({ id: 'bash', image: 'bash' }, labels)).toBe('5.2.15');
    expect(languageVersion({ id: 'python', image: 'python' }, labels)).toBeNull();
  });
});
