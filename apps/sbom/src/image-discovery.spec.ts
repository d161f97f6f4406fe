import { LANGUAGES } from '@judgebox/domain';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverImages, sandboxImages } from './image-discovery';
import { sbomFileName } from './sbom-store';

describe('image discovery', () => {
  it('finds image folders the way build-images.sh does (packages.txt or version.sh; not base, jbinit)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbom-images-'));
    try {
      for (const [folder, file] of [
        ['base', 'setup.sh'],
        ['jbinit', 'jbinit.c'],
        ['python', 'packages.txt'],
        ['custom', 'version.sh'],
        ['notes', 'README.md'],
      ]) {
        mkdirSync(join(dir, folder));
        writeFileSync(join(dir, folder, file), '');
      }
      expect(sandboxImages(dir)).toEqual(['judgebox/base', 'judgebox/custom', 'judgebox/python']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("covers every image of this checkout's language catalog", () => {
    const images = discoverImages(join(__dirname, '..', '..', '..'));
    expect(images[0]).toBe('judgebox/base');
    expect(images).toEqual(expect.arrayContaining(LANGUAGES.map((l) => `judgebox/${l.image}`)));
  });

  it('names SBOM files after the image', () => {
    expect(sbomFileName('judgebox/python')).toBe('python.cdx.json');
    expect(sbomFileName('judgebox/python:latest')).toBe('python.cdx.json');
    expect(sbomFileName('registry.example/x/y:1')).toBe('registry.example-x-y-1.cdx.json');
  });
});
