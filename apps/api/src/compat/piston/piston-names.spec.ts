import { findLanguage, LANGUAGES } from '@judgebox/domain';
import { findPistonLanguage, PISTON_NAMES, pistonAliases, semverOf } from './piston-names';

describe('Piston runtime names', () => {
  it('names only catalog languages, and never a language another name already means', () => {
    for (const [id, names] of Object.entries(PISTON_NAMES)) {
      expect(findLanguage(id)?.id).toBe(id);
      for (const name of names) {
        expect(findPistonLanguage(name)?.id).toBe(id);
        const native = findLanguage(name);
        if (native) expect(native.id).toBe(id);
      }
    }
  });

  it("resolves Piston's own names and aliases (pp is Pascal, cl Common Lisp, prolog SWI-Prolog)", () => {
    expect(findPistonLanguage('pp')?.id).toBe('pascal');
    expect(findPistonLanguage('CL')?.id).toBe('common-lisp');
    expect(findPistonLanguage('prolog')?.id).toBe('swi-prolog');
    expect(findPistonLanguage('rscript')?.id).toBe('r');
    expect(findPistonLanguage('nasm')?.id).toBe('nasm');
    expect(findPistonLanguage('nasm32')).toBeUndefined();
  });

  it('lists our aliases, then the Piston names, without the id or repeats', () => {
    const pascal = LANGUAGES.find((l) => l.id === 'pascal')!;
    expect(pistonAliases(pascal)).toEqual(['fpc', 'pas', 'freepascal', 'pp']);
    for (const lang of LANGUAGES) {
      const aliases = pistonAliases(lang);
      expect(new Set(aliases).size).toBe(aliases.length);
      expect(aliases).not.toContain(lang.id);
    }
  });

  it('turns image versions into semver, leading zeros and Debian suffixes dropped', () => {
    expect(semverOf('2.16.01')).toBe('2.16.1');
    expect(semverOf('17.0.21.1')).toBe('17.0.21');
    expect(semverOf('2.2.9.debian')).toBe('2.2.9');
    expect(semverOf('8.7')).toBe('8.7.0');
    expect(semverOf('10.0.2')).toBe('10.0.2');
    expect(semverOf(null)).toBeUndefined();
  });
});
