import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIRST_TIER_IMAGES } from '@judgebox/domain';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'build-images-background.sh');

/**
 * scripts/build-images-background.sh with a stand-in for build-images.sh (it lists two first-tier
 * images and two others, and records each build with the priority it ran at), in a cache folder of
 * its own: the lock, the order and the priority, without building any image.
 */
describe('background image build', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jb-bg-build-'));
  const builds = join(dir, 'builds.txt');
  const log = join(dir, 'logs', 'background-build.log');
  const standIn = join(dir, 'build-images.sh');
  const listed = [FIRST_TIER_IMAGES[0], 'lua', FIRST_TIER_IMAGES[1], 'perl'];
  writeFileSync(
    standIn,
    [
      '#!/usr/bin/env bash',
      `if [ "$1" = --list ]; then printf '%s\\n' ${listed.join(' ')}; exit 0; fi`,
      `echo "$1 $(nice) $(ionice -p $$ 2>/dev/null || echo none)" >> ${builds}`,
      'sleep 2',
    ].join('\n'),
  );
  chmodSync(standIn, 0o755);
  const env = { ...process.env, JUDGEBOX_CACHE_DIR: dir, JB_BUILD_IMAGES_SCRIPT: standIn };
  const start = (): string => {
    const run = spawnSync('bash', [SCRIPT], { env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(0);
    return run.stderr;
  };

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const finished = async (): Promise<void> => {
    const deadline = Date.now() + 60_000;
    while (!(existsSync(log) && /done in/.test(readFileSync(log, 'utf8')))) {
      if (Date.now() > deadline)
        throw new Error(`not done: ${existsSync(log) ? readFileSync(log, 'utf8') : ''}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  it('builds every image but the first tier, once each, at the lowest priority; a second start starts nothing', async () => {
    expect(start()).toMatch(/building the other images in the background/);
    // At once and again later, while the first builder runs: it holds the lock from the start.
    expect(start()).toMatch(/already running/);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(start()).toMatch(/already running/);
    await finished();
    const lines = readFileSync(builds, 'utf8').trim().split('\n');
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['lua', 'perl']);
    for (const line of lines) expect(line).toMatch(/^\w+ 19 (idle|none)$/);
    expect(readFileSync(log, 'utf8')).toMatch(/done in .*: 2 images, 0 failed/);
  });

  it('lets a new builder start once the last one has finished', async () => {
    rmSync(log);
    expect(start()).toMatch(/building the other images in the background/);
    await finished();
    expect(readFileSync(builds, 'utf8').trim().split('\n')).toHaveLength(4);
  });
});
