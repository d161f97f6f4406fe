import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readRootfsFacts } from './rootfs-reader';

const STATUS = 'Package: bash\nStatus: install ok installed\nArchitecture: amd64\nVersion: 5.2.15-2+b13\n';

describe('readRootfsFacts', () => {
  let root: string;
  let outside: string;

  function put(path: string, content: string): void {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sbom-rootfs-'));
    outside = mkdtempSync(join(tmpdir(), 'sbom-outside-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('reads dpkg status, os-release (in usr/lib), debian_version and npm manifests', async () => {
    put('var/lib/dpkg/status', STATUS);
    put('usr/lib/os-release', 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n');
    put('etc/debian_version', '12.15\n');
    put('usr/local/lib/node_modules/typescript/package.json', '{"name":"typescript","version":"5.9.3"}');
    put('usr/local/lib/node_modules/typescript/lib/package.json', '{"type":"commonjs"}');
    const facts = await readRootfsFacts(root);
    expect(facts.os).toEqual({ id: 'debian', versionId: '12', release: '12.15' });
    expect(facts.debs.map((d) => d.name)).toEqual(['bash']);
    expect(facts.npm).toEqual([
      {
        name: 'typescript',
        version: '5.9.3',
        license: null,
        paths: ['/usr/local/lib/node_modules/typescript'],
      },
    ]);
  });

  it('follows no symbolic link out of the tree, and skips the builder setup folder', async () => {
    writeFileSync(join(outside, 'status'), STATUS);
    mkdirSync(join(outside, 'node_modules', 'evil'), { recursive: true });
    writeFileSync(join(outside, 'node_modules', 'evil', 'package.json'), '{"name":"evil","version":"6.6.6"}');
    mkdirSync(join(root, 'var/lib/dpkg'), { recursive: true });
    symlinkSync(join(outside, 'status'), join(root, 'var/lib/dpkg/status'));
    symlinkSync(join(outside, 'node_modules'), join(root, 'node_modules'));
    mkdirSync(join(root, 'etc'));
    symlinkSync('/etc/os-release', join(root, 'etc/os-release'));
    put('.jbsetup/node_modules/setup-only/package.json', '{"name":"setup-only","version":"1.0.0"}');
    expect(await readRootfsFacts(root)).toEqual({ os: null, debs: [], npm: [] });
  });

  it('refuses a path that is not a directory', async () => {
    put('file', 'x');
    await expect(readRootfsFacts(join(root, 'file'))).rejects.toThrow(/not a directory/);
  });
});
