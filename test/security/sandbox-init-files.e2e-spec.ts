import Docker from 'dockerode';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadConfig } from '@judgebox/config';
import { DEFAULT_LIMITS } from '@judgebox/domain';
import { buildContainerSpec, isGvisor, SANDBOX_UID } from '../../apps/worker/src/sandbox/container-spec';
import { InitChannel } from '../../apps/worker/src/sandbox/init-channel';
import type { InitEntry } from '../../apps/worker/src/sandbox/init-protocol';

/**
 * The init (jbinit) makes a submission's files itself, as the sandbox user, and opens a file as a
 * command's fd 3 (bubblewrap's inner filter). Spoken to directly, in a container confined as every
 * sandbox is: it must make exactly what it is asked, and refuse paths that climb out, anything that
 * would replace or follow what a program left (a file, a symlink), and report why.
 */
const config = loadConfig();
const runtime = config.SANDBOX_RUNTIME;
const docker = new Docker({ socketPath: process.env.DOCKER_SOCKET ?? '/var/run/docker.sock' });
const profile = isGvisor(runtime)
  ? join(dirname(config.SECCOMP_PROFILE), 'profile-runsc.json')
  : config.SECCOMP_PROFILE;

describe('security: the sandbox init makes files and opens fd 3 safely', () => {
  let container: Docker.Container;
  let channel: InitChannel;

  /** Runs a command through the init; its exit code, stdout and stderr. */
  async function run(
    cmd: string[],
    fd3?: string,
  ): Promise<{ code: number | null; out: string; err: string }> {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const exited = channel.run(cmd, 65_536, (s, d) => (s === 'stdout' ? out : err).push(Buffer.from(d)), fd3);
    channel.closeStdin();
    const exit = await exited;
    return {
      code: exit?.exitCode ?? null,
      out: Buffer.concat(out).toString(),
      err: Buffer.concat(err).toString(),
    };
  }

  const make = (entries: InitEntry[]): Promise<void> => channel.makeFiles(entries, 10_000);

  beforeAll(async () => {
    const spec = buildContainerSpec({
      image: 'judgebox/python:latest',
      limits: DEFAULT_LIMITS,
      workerId: `init-files-${process.pid}`,
      queuePrefix: `init-files-${process.pid}`,
      seccompProfile: readFileSync(profile, 'utf8'),
      runtime,
    });
    container = await docker.createContainer(spec);
    channel = await InitChannel.attach(docker, container);
    await container.start();
    await channel.ready(30_000);
  });

  afterAll(async () => {
    channel?.close();
    await container?.remove({ force: true }).catch(() => undefined);
  });

  it('makes directories and files with their modes, as the sandbox user, and missing parents 0755', async () => {
    await make([
      { path: '/work/d', mode: 0o700 },
      { path: '/work/d/main.py', mode: 0o644, content: Buffer.from('print(1)\n') },
      { path: '/work/n/e/s/t.bin', mode: 0o755, content: Buffer.from([0, 1, 2]) },
    ]);
    const r = await run([
      'stat',
      '-c',
      '%a %u %n',
      '/work/d',
      '/work/d/main.py',
      '/work/n',
      '/work/n/e/s/t.bin',
    ]);
    expect(r.out.trim().split('\n')).toEqual([
      `700 ${SANDBOX_UID} /work/d`,
      `644 ${SANDBOX_UID} /work/d/main.py`,
      `755 ${SANDBOX_UID} /work/n`,
      `755 ${SANDBOX_UID} /work/n/e/s/t.bin`,
    ]);
    expect((await run(['cat', '/work/d/main.py'])).out).toBe('print(1)\n');
  });

  it('makes a file larger than a frame whole, from appends', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 5);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) % 251;
    await make([{ path: '/work/big', mode: 0o600, content: big }]);
    const r = await run([
      'python3',
      '-c',
      'import hashlib;print(hashlib.sha256(open("/work/big","rb").read()).hexdigest())',
    ]);
    const { createHash } = await import('node:crypto');
    expect(r.out.trim()).toBe(createHash('sha256').update(big).digest('hex'));
  });

  it.each([
    ['a parent step', '/work/../tmp/x'],
    ['a dot step', '/work/./x'],
    ['an empty step', '/work//x'],
    ['a relative path', 'work/x'],
    ['a trailing slash', '/work/x/'],
  ])('refuses %s (EINVAL) and makes nothing', async (_, path) => {
    await expect(make([{ path, mode: 0o644, content: Buffer.from('x') }])).rejects.toThrow(
      /Invalid argument/,
    );
    expect((await run(['ls', '-A', '/tmp'])).out).not.toMatch(/^x$/m);
  });

  it('never replaces a file, nor writes through a symlink a program left', async () => {
    await make([{ path: '/work/once', mode: 0o644, content: Buffer.from('first') }]);
    await expect(make([{ path: '/work/once', mode: 0o644, content: Buffer.from('second') }])).rejects.toThrow(
      /\/work\/once: File exists/,
    );
    expect((await run(['cat', '/work/once'])).out).toBe('first');
    expect((await run(['ln', '-s', '/tmp/target', '/work/link'])).code).toBe(0);
    await expect(make([{ path: '/work/link', mode: 0o644, content: Buffer.from('x') }])).rejects.toThrow(
      /File exists/,
    );
    expect((await run(['ls', '-A', '/tmp'])).out).not.toContain('target');
  });

  it('stops at the first entry it cannot make, and says which', async () => {
    await expect(
      make([
        { path: '/work/ok-1', mode: 0o644, content: Buffer.from('1') },
        { path: '/proc/forbidden', mode: 0o644, content: Buffer.from('2') },
        { path: '/work/never', mode: 0o644, content: Buffer.from('3') },
      ]),
    ).rejects.toThrow(/^\/proc\/forbidden: /);
    expect((await run(['ls', '/work'])).out.split('\n')).toEqual(expect.arrayContaining(['ok-1']));
    expect((await run(['ls', '/work'])).out).not.toContain('never');
  });

  it('opens a file as fd 3 of a command, and fails the command when it cannot', async () => {
    await make([{ path: '/work/three', mode: 0o600, content: Buffer.from('via fd 3\n') }]);
    expect(await run(['sh', '-c', 'cat <&3; ls /proc/self/fd | wc -l'], '/work/three')).toMatchObject({
      code: 0,
      out: 'via fd 3\n5\n',
    });
    const missing = await run(['true'], '/work/missing');
    expect(missing.code).toBe(126);
    expect(missing.err).toMatch(/cannot open \/work\/missing/);
  });
});
