import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expandCommand, findLanguage, LANGUAGES } from './languages';
import { COMPILE_LIMITS, compileLimits, LIMIT_NAMES, LIMIT_RANGES, MAX_COMPILE_LIMITS } from './limits';

const IMAGES_DIR = join(__dirname, '..', '..', '..', 'sandbox-images');

describe('language catalog', () => {
  it('has at least 50 languages with unique ids', () => {
    expect(LANGUAGES.length).toBeGreaterThanOrEqual(50);
    expect(new Set(LANGUAGES.map((l) => l.id)).size).toBe(LANGUAGES.length);
  });

  it.each(LANGUAGES.map((l) => [l.id, l] as const))('%s is well formed', (_id, lang) => {
    expect(lang.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    expect(findLanguage(lang.id)).toBe(lang);
    expect(lang.sourceFile.endsWith(lang.sourceExtension)).toBe(true);
    expect(lang.run.length).toBeGreaterThan(0);
    for (const folderFile of ['packages.txt', 'version.sh', 'Dockerfile']) {
      expect(existsSync(join(IMAGES_DIR, lang.image, folderFile))).toBe(true);
    }
    // Overrides may only raise a default; compile overrides stay under their ceilings.
    for (const name of LIMIT_NAMES) {
      const run = lang.limitOverrides[name];
      if (run !== undefined) expect(run).toBeGreaterThanOrEqual(LIMIT_RANGES[name].default);
      const compile = lang.compileLimitOverrides?.[name];
      if (compile !== undefined) {
        expect(lang.compile).not.toBeNull();
        expect(compile).toBeGreaterThanOrEqual(COMPILE_LIMITS[name]);
        expect(compile).toBeLessThanOrEqual(MAX_COMPILE_LIMITS[name]);
      }
    }
  });

  it('applies compile overrides over the compile defaults', () => {
    expect(compileLimits()).toEqual(COMPILE_LIMITS);
    expect(compileLimits({ cpuTimeMs: 30_000 })).toEqual({ ...COMPILE_LIMITS, cpuTimeMs: 30_000 });
  });

  it('expands {entryStem} inside an item and keeps each name one argv item', () => {
    expect(expandCommand(['java', '-cp', '.', '{entryStem}'], 'Main.java', ['Main.java'], '.java')).toEqual([
      'java',
      '-cp',
      '.',
      'Main',
    ]);
    expect(expandCommand(['node', '{entryStem}.js'], 'a b.ts', ['a b.ts'], '.ts')).toEqual([
      'node',
      'a b.js',
    ]);
    expect(expandCommand(['x', '{entry}'], '$(id); rm -rf /', ['$(id); rm -rf /'], '.sh')).toEqual([
      'x',
      '$(id); rm -rf /',
    ]);
  });
});
