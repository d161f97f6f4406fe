import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pack } from 'tar-stream';
import { factsFromTar } from './image-reader';
import { sbomOfRootfs } from './image-sbom';

/**
 * Scoped npm packages (`@types/node`) live one folder deeper than plain ones. Both readers (a
 * rootfs on disk, an image's exported tar) and the BOM must keep them, with the scope as the
 * purl's namespace, beside plain packages; a long path (a PAX header in the tar) changes nothing.
 */
const DEEP = `app/${'deep/'.repeat(30)}node_modules`;
const MANIFESTS: Record<string, string> = {
  'usr/local/lib/node_modules/@types/node/package.json': '{"name":"@types/node","version":"18.19.130"}',
  'usr/local/lib/node_modules/typescript/package.json': '{"name":"typescript","version":"5.9.3"}',
  [`${DEEP}/@nestjs/core/package.json`]: '{"name":"@nestjs/core","version":"11.1.6"}',
  // A scoped package without a name in its manifest is named after its folders, scope included.
  'app/node_modules/@scope/nameless/package.json': '{"version":"1.0.0"}',
  // Not manifests: a scope folder's own file, and a module-type marker inside a scoped package.
  'app/node_modules/@types/package.json': '{"name":"bogus","version":"1.0.0"}',
  'usr/local/lib/node_modules/@types/node/ts5.6/package.json': '{"version":"9.9.9"}',
};
const EXPECTED = [
  '@nestjs/core@11.1.6',
  '@scope/nameless@1.0.0',
  '@types/node@18.19.130',
  'typescript@5.9.3',
];

describe('scoped npm packages in an SBOM', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'sbom-scoped-'));
    for (const [path, content] of Object.entries(MANIFESTS)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('are listed from a rootfs on disk, the scope as the purl namespace', async () => {
    const bom = JSON.parse(await sbomOfRootfs(root, { image: 'x', version: null, build: null })) as {
      components: { group?: string; name: string; purl?: string }[];
    };
    const npm = bom.components.filter((c) => c.purl?.startsWith('pkg:npm/'));
    expect(npm.map((c) => c.purl).sort()).toEqual([
      'pkg:npm/%40nestjs/core@11.1.6',
      'pkg:npm/%40scope/nameless@1.0.0',
      'pkg:npm/%40types/node@18.19.130',
      'pkg:npm/typescript@5.9.3',
    ]);
    expect(npm.find((c) => c.name === 'node')?.group).toBe('@types');
  });

  it('are listed from an image export (tar stream), long paths included', async () => {
    const p = pack();
    for (const [path, content] of Object.entries(MANIFESTS)) p.entry({ name: path }, content);
    p.finalize();
    const facts = await factsFromTar(Readable.from(await buffer(p as AsyncIterable<Buffer>)));
    expect(facts.npm.map((n) => `${n.name}@${n.version}`)).toEqual(EXPECTED);
  });
});
