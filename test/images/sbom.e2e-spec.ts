import * as CDX from '@cyclonedx/cyclonedx-library';
import Docker from 'dockerode';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LanguageViewDto } from '../../apps/api/src/catalog/catalog.dto';
import { sbomOfImage, sbomOfRootfs } from '../../apps/sbom/src/image-sbom';
import { LABEL_SBOM_READER } from '../../apps/sbom/src/image-reader';
import { SBOM_LABEL, sha256 } from '../../apps/sbom/src/sbom-store';
import { useJudgingStack } from '../support/judging-stack';

/**
 * SBOMs of the real images (real Docker engine): what they list is what /v1/languages reports,
 * the builder's path (a rootfs on disk) and `npm run sbom`'s (an image in the engine) agree byte
 * for byte, and the command writes files and says which images lack their label.
 */
jest.setTimeout(300_000);

const ROOT = join(__dirname, '..', '..');
const docker = new Docker();

interface Component {
  name: string;
  group?: string;
  version?: string;
  purl?: string;
}

function npmRunSbom(args: string[]): SpawnSyncReturns<string> {
  return spawnSync('npm', ['run', '-s', 'sbom', '--', ...args], { cwd: ROOT, encoding: 'utf8' });
}

function components(json: string): Component[] {
  return (JSON.parse(json) as { components: Component[] }).components;
}

/** `2:3.11.2+dfsg-6~deb12u9` -> `3.11.2`: the upstream version a runtime prints about itself. */
function upstream(version: string): string {
  return version
    .replace(/^\d+:/, '')
    .replace(/-[^-]+$/, '')
    .replace(/[+~].*$/, '');
}

describe('SBOMs of the sandbox images', () => {
  describe('list the interpreter at the version /v1/languages reports', () => {
    const stack = useJudgingStack({
      worker: { SANDBOX_POOL: [{ image: '*', size: 0 }], WORKER_CONCURRENCY: 1 },
    });
    const http = stack.http;
    let reported: Map<string, string | null>;

    beforeAll(async () => {
      const body = (await http().get('/v1/languages').expect(200)).body as LanguageViewDto[];
      reported = new Map(body.map((l) => [l.id, l.version]));
    });

    it.each([
      // language id, its image, the component that is its runtime
      [
        'python',
        'judgebox/python',
        (c: Component) => /^python3\.\d+$/.test(c.name) && c.purl?.startsWith('pkg:deb/'),
      ],
      [
        'javascript',
        'judgebox/node',
        (c: Component) => c.name === 'nodejs' && c.purl?.startsWith('pkg:deb/'),
      ],
      ['typescript', 'judgebox/typescript', (c: Component) => c.purl?.startsWith('pkg:npm/typescript@')],
    ])('%s (%s)', async (language, image, isRuntime) => {
      const version = reported.get(language);
      expect(version).toEqual(expect.stringMatching(/^\d+\.\d+/));
      const { json } = await sbomOfImage(docker, image);
      const runtime = components(json).filter((c) => isRuntime(c));
      expect(runtime).toHaveLength(1);
      // An image holding more than its runtime may append other versions (`5.9.3 coffeescript=2.7.0`).
      expect(upstream(runtime[0].version!)).toBe(version!.split(' ')[0]);
      // The root is the image: its version is the image's label, whose first word is the runtime's.
      const root = (JSON.parse(json) as { metadata: { component: Component } }).metadata.component;
      expect(root.name).toBe(image);
      expect(root.version?.split(' ')[0]).toBe(version!.split(' ')[0]);
    });
  });

  it('the rootfs the builder reads and the image `npm run sbom` reads give the same bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbom-e2e-'));
    try {
      const { json } = await sbomOfImage(docker, 'judgebox/typescript');
      expect(await new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot6).validate(json)).toBeNull();
      // The image's filesystem unpacked on disk, as the chroot builder has it before the import.
      const container = await docker.createContainer({ Image: 'judgebox/typescript', Cmd: ['/nonexistent'] });
      try {
        const tar = spawnSync('sh', ['-c', `docker export ${container.id} | tar -x -C ${dir}`], {
          encoding: 'utf8',
        });
        expect(tar.stderr).toBe('');
      } finally {
        await container.remove({ force: true });
      }
      const labels = (await docker.getImage('judgebox/typescript').inspect()).Config.Labels ?? {};
      const fromRootfs = await sbomOfRootfs(dir, {
        image: 'judgebox/typescript',
        version: labels['io.judgebox.version'] ?? null,
        build: labels['io.judgebox.build'] ?? null,
      });
      expect(fromRootfs).toBe(json);
      expect(components(json).map((c) => c.purl)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^pkg:deb\/debian\/bash@.+\?arch=amd64&distro=debian-12/),
        ]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('npm run sbom writes a file per image, reports missing and unlabelled ones, leaves no container', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sbom-out-'));
    try {
      const missing = 'judgebox/no-such-image-sbom-test';
      const run = spawnSync(
        'npm',
        ['run', '-s', 'sbom', '--', '--check', '--out', out, 'judgebox/python', missing],
        {
          cwd: ROOT,
          encoding: 'utf8',
        },
      );
      expect(run.stdout).toMatch(new RegExp(`${missing}\\s+missing`));
      expect(run.stdout).toMatch(/judgebox\/python\s+\d+ components\s+label (matches|unlabelled|differs)/);
      expect(run.status).toBe(1);
      expect(components(readFileSync(join(out, 'python.cdx.json'), 'utf8')).length).toBeGreaterThan(50);
      const readers = await docker.listContainers({ all: true, filters: { label: [LABEL_SBOM_READER] } });
      expect(readers).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("--check passes when an image's label is its SBOM's sha256, fails when it is another", async () => {
    const tag = `judgebox/sbom-test-${randomUUID().slice(0, 8)}`;
    const out = mkdtempSync(join(tmpdir(), 'sbom-out-'));
    const built: string[] = [];
    // A label only: no layer, nothing run; the content stays judgebox/bash's.
    const relabel = (value: string): void => {
      const args = ['build', '-q', '--network', 'none', '--label', `${SBOM_LABEL}=${value}`, '-t', tag, '-'];
      const res = spawnSync('docker', args, { input: 'FROM judgebox/bash\n', encoding: 'utf8' });
      expect(res.status).toBe(0);
      built.push(res.stdout.trim());
    };
    try {
      relabel('0'.repeat(64));
      relabel(sha256((await sbomOfImage(docker, tag)).json));
      const ok = npmRunSbom(['--check', '--out', out, tag]);
      expect(ok.stdout).toMatch(/label matches/);
      expect(ok.status).toBe(0);
      relabel('f'.repeat(64));
      const bad = npmRunSbom(['--check', '--out', out, tag]);
      expect(bad.stdout).toMatch(/label differs/);
      expect(bad.status).toBe(1);
    } finally {
      rmSync(out, { recursive: true, force: true });
      for (const id of built.reverse())
        await docker
          .getImage(id)
          .remove({ force: true })
          .catch(() => undefined);
    }
  });
});
