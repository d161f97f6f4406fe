import * as CDX from '@cyclonedx/cyclonedx-library';
import { buildBom, serializeBom, type BomSubject } from './cyclonedx-bom';
import type { ImageFacts } from './image-facts';

const FACTS: ImageFacts = {
  os: { id: 'debian', versionId: '12', release: '12.15' },
  debs: [
    {
      name: 'bash',
      version: '5.2.15-2+b13',
      architecture: 'amd64',
      source: 'bash',
      sourceVersion: '5.2.15-2',
    },
    {
      name: 'libgmp10',
      version: '2:6.2.1+dfsg1-1.1',
      architecture: 'amd64',
      source: 'gmp',
      sourceVersion: '2:6.2.1+dfsg1-1.1',
    },
    {
      name: 'python3.11',
      version: '3.11.2-6+deb12u9',
      architecture: 'amd64',
      source: 'python3.11',
      sourceVersion: '3.11.2-6+deb12u9',
    },
    {
      name: 'tzdata',
      version: '2025b-0+deb12u2',
      architecture: 'all',
      source: 'tzdata',
      sourceVersion: '2025b-0+deb12u2',
    },
  ],
  npm: [
    {
      name: '@types/node',
      version: '18.19.130',
      license: 'MIT',
      paths: ['/usr/local/lib/node_modules/@types/node'],
    },
    {
      name: 'typescript',
      version: '5.9.3',
      license: 'Apache-2.0',
      paths: ['/usr/local/lib/node_modules/typescript'],
    },
    { name: 'odd', version: '1.0.0', license: 'SEE LICENSE IN LICENSE.md', paths: ['/a/node_modules/odd'] },
  ],
};
const SUBJECT: BomSubject = { image: 'judgebox/typescript', version: '5.9.3', build: 'f'.repeat(64) };

interface Json {
  serialNumber: string;
  metadata: { component: { name: string; version: string; type: string } };
  components: {
    name: string;
    group?: string;
    type: string;
    purl?: string;
    'bom-ref': string;
    licenses?: unknown[];
  }[];
  dependencies: { ref: string; dependsOn?: string[] }[];
}

describe('CycloneDX BOM of an image', () => {
  const json = serializeBom(buildBom(FACTS, SUBJECT));
  const bom = JSON.parse(json) as Json;
  const purls = bom.components.map((c) => c.purl);

  it('is valid CycloneDX 1.6 JSON (the strict schema)', async () => {
    expect(JSON.parse(json)).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6' });
    const validator = new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot6);
    expect(await validator.validate(json)).toBeNull();
  });

  it('describes the image with the version its label gives', () => {
    expect(bom.metadata.component).toMatchObject({
      type: 'container',
      name: 'judgebox/typescript',
      version: '5.9.3',
    });
  });

  it('gives Debian packages purls with arch, distro and (when it differs) the source', () => {
    expect(purls).toEqual(
      expect.arrayContaining([
        'pkg:deb/debian/python3.11@3.11.2-6+deb12u9?arch=amd64&distro=debian-12',
        'pkg:deb/debian/bash@5.2.15-2+b13?arch=amd64&distro=debian-12&upstream=bash%405.2.15-2',
        'pkg:deb/debian/libgmp10@2:6.2.1+dfsg1-1.1?arch=amd64&distro=debian-12&upstream=gmp',
        'pkg:deb/debian/tzdata@2025b-0+deb12u2?arch=all&distro=debian-12',
      ]),
    );
  });

  it('gives npm packages purls (scope as namespace) and their licenses', () => {
    expect(purls).toEqual(
      expect.arrayContaining(['pkg:npm/%40types/node@18.19.130', 'pkg:npm/typescript@5.9.3']),
    );
    const types = bom.components.find((c) => c.name === 'node');
    expect(types).toMatchObject({ group: '@types', licenses: [{ license: { id: 'MIT' } }] });
    expect(bom.components.find((c) => c.name === 'odd')?.licenses).toEqual([
      { license: { name: 'SEE LICENSE IN LICENSE.md' } },
    ]);
  });

  it('hangs the Debian packages off the OS component, the OS and npm packages off the image', () => {
    const os = bom.components.find((c) => c.type === 'operating-system');
    expect(os).toMatchObject({ name: 'debian', version: '12.15' });
    const deps = new Map(bom.dependencies.map((d) => [d.ref, d.dependsOn ?? []]));
    expect(deps.get(os!['bom-ref'])).toHaveLength(FACTS.debs.length);
    expect(deps.get('judgebox/typescript')).toEqual(
      expect.arrayContaining([os!['bom-ref'], 'pkg:npm/typescript@5.9.3', 'pkg:npm/%40types/node@18.19.130']),
    );
  });

  it('is reproducible: the same facts give the same bytes, other facts another serial number', () => {
    expect(serializeBom(buildBom(FACTS, SUBJECT))).toBe(json);
    expect(bom.serialNumber).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const other = JSON.parse(serializeBom(buildBom({ ...FACTS, npm: [] }, SUBJECT))) as Json;
    expect(other.serialNumber).not.toBe(bom.serialNumber);
    expect(json).not.toMatch(/timestamp/);
  });

  it('without an os-release lists the packages under the image itself', async () => {
    const noOs = serializeBom(buildBom({ ...FACTS, os: null }, SUBJECT));
    const parsed = JSON.parse(noOs) as Json;
    expect(parsed.components.some((c) => c.type === 'operating-system')).toBe(false);
    expect(parsed.components.find((c) => c.name === 'bash')?.purl).toBe(
      'pkg:deb/debian/bash@5.2.15-2+b13?arch=amd64&upstream=bash%405.2.15-2',
    );
    expect(await new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot6).validate(noOs)).toBeNull();
  });
});
