import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SBOM_SPEC } from '../../apps/sbom/src/cyclonedx-bom';
import { defaultSbomDir, SBOM_LABEL } from '../../apps/sbom/src/sbom-store';

const root = join(__dirname, '..', '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

describe('docs/images.md tells the truth', () => {
  const doc = read('docs/images.md');
  const script = read('scripts/build-images.sh');

  it('names the label, the folder and the CycloneDX version the code uses', () => {
    expect(doc).toContain(SBOM_LABEL);
    expect(script).toContain(SBOM_LABEL);
    expect(doc).toContain(`${defaultSbomDir()}/`);
    expect(doc).toContain(`CycloneDX](https://cyclonedx.org/) ${SBOM_SPEC.version}`);
  });

  it('documents the command and the build settings that exist', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.sbom).toContain('apps/sbom/src/main.ts');
    for (const setting of ['JUDGEBOX_REFRESH_BASE', 'JUDGEBOX_FORCE_REBUILD']) {
      expect(doc).toContain(setting);
      expect(script).toContain(`\${${setting}:-0}`);
    }
  });

  it('is linked from README', () => {
    expect(read('README.md')).toContain('(docs/images.md)');
  });
});
