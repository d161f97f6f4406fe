import { createHash } from 'node:crypto';
import { SANDBOX_UID } from '../../apps/worker/src/sandbox/container-spec';
import type { InitChannel } from '../../apps/worker/src/sandbox/init-channel';
import type { InitEntry } from '../../apps/worker/src/sandbox/init-protocol';
import { asWorkerStarts, useInitSandbox } from './support/init-sandbox';

/**
 * The init (jbinit) makes a submission's files itself, as the sandbox user, and opens a file as a
 * command's fd 3 (bubblewrap's inner filter). Spoken to directly, in a container confined as every
 * sandbox is: it must make exactly what it is asked, and refuse paths that climb out, anything that
 * would replace or follow what a program left (a file, a symlink), and report why. It also removes
 * what a submission left (how a slot is cleaned), following no symlink. Commands start
 * as the worker starts them (under gVisor through gvisorCommand, which drops to the sandbox user)
 * and look with Python: coreutils' stat and ls fail under gVisor (docs/security-modes.md).
 */
const py = (code: string, ...args: string[]): string[] => ['python3', '-c', code, ...args];
const STAT = [
  'import os, sys',
  'for p in sys.argv[1:]:',
  '    s = os.lstat(p)',
  '    print(f"{s.st_mode & 0o7777:o} {s.st_uid} {p}")',
].join('\n');
const CAT = 'import sys; sys.stdout.write(open(sys.argv[1]).read())';
const LS = 'import os, sys; print("\\n".join(sorted(os.listdir(sys.argv[1]))))';
const SHA = 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())';
const FDS = 'import os; print(os.read(3, 100).decode(), end=""); print(sorted(os.listdir("/proc/self/fd")))';

describe('security: the sandbox init makes files and opens fd 3 safely', () => {
  const sandbox = useInitSandbox('init-files');
  let channel: InitChannel;
  beforeAll(() => (channel = sandbox.channel()));

  /** Runs a command through the init; its exit code, stdout and stderr. */
  async function run(
    cmd: string[],
    fd3?: string,
  ): Promise<{ code: number | null; out: string; err: string }> {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const started = asWorkerStarts(cmd);
    const collect = (s: string, d: Buffer): number => (s === 'stdout' ? out : err).push(Buffer.from(d));
    const exited = channel.run(started, 65_536, collect, fd3);
    channel.closeStdin();
    const exit = await exited;
    return {
      code: exit?.exitCode ?? null,
      out: Buffer.concat(out).toString(),
      err: Buffer.concat(err).toString(),
    };
  }

  const make = (entries: InitEntry[]): Promise<void> => channel.makeFiles(entries, 10_000);
  const ls = async (dir: string): Promise<string[]> =>
    (await run(py(LS, dir))).out.split('\n').filter(Boolean);

  it('makes directories and files with their modes, as the sandbox user, and missing parents 0755', async () => {
    await make([
      { path: '/work/d', mode: 0o700 },
      { path: '/work/d/main.py', mode: 0o644, content: Buffer.from('print(1)\n') },
      { path: '/work/n/e/s/t.bin', mode: 0o755, content: Buffer.from([0, 1, 2]) },
    ]);
    const r = await run(py(STAT, '/work/d', '/work/d/main.py', '/work/n', '/work/n/e/s/t.bin'));
    expect(r.out.trim().split('\n')).toEqual([
      `700 ${SANDBOX_UID} /work/d`,
      `644 ${SANDBOX_UID} /work/d/main.py`,
      `755 ${SANDBOX_UID} /work/n`,
      `755 ${SANDBOX_UID} /work/n/e/s/t.bin`,
    ]);
    expect((await run(py(CAT, '/work/d/main.py'))).out).toBe('print(1)\n');
  });

  it('makes a file larger than a frame whole, from appends', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 5);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) % 251;
    await make([{ path: '/work/big', mode: 0o600, content: big }]);
    const r = await run(py(SHA, '/work/big'));
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
    expect(await ls('/tmp')).not.toContain('x');
  });

  it('never replaces a file, nor writes through a symlink a program left', async () => {
    await make([{ path: '/work/once', mode: 0o644, content: Buffer.from('first') }]);
    await expect(make([{ path: '/work/once', mode: 0o644, content: Buffer.from('second') }])).rejects.toThrow(
      /\/work\/once: File exists/,
    );
    expect((await run(py(CAT, '/work/once'))).out).toBe('first');
    expect((await run(py('import os; os.symlink("/tmp/target", "/work/link")'))).code).toBe(0);
    await expect(make([{ path: '/work/link', mode: 0o644, content: Buffer.from('x') }])).rejects.toThrow(
      /File exists/,
    );
    expect(await ls('/tmp')).not.toContain('target');
  });

  it('stops at the first entry it cannot make, and says which', async () => {
    await expect(
      make([
        { path: '/work/ok-1', mode: 0o644, content: Buffer.from('1') },
        { path: '/proc/forbidden', mode: 0o644, content: Buffer.from('2') },
        { path: '/work/never', mode: 0o644, content: Buffer.from('3') },
      ]),
    ).rejects.toThrow(/^\/proc\/forbidden: /);
    const names = await ls('/work');
    expect(names).toContain('ok-1');
    expect(names).not.toContain('never');
  });

  /** Removes, in `dir`, every entry whose name starts with `prefix` (how a slot is cleaned). */
  const wipe = (dir: string, prefix = ''): Promise<void> =>
    make([{ path: dir, mode: 0, removeNamesStartingWith: prefix }]);

  it('removes every entry of a directory with all it holds, locked directories too, never following a symlink', async () => {
    await make([
      { path: '/work/w/a/b/c', mode: 0o644, content: Buffer.from('deep') },
      { path: '/work/w/.hidden', mode: 0o600, content: Buffer.from('dot') },
      { path: '/work/w/locked/inner/f', mode: 0o644, content: Buffer.from('x') },
      { path: '/work/kept/file', mode: 0o644, content: Buffer.from('must stay') },
    ]);
    const links = [
      'import os',
      'os.symlink("/work/kept", "/work/w/link-to-dir")',
      'os.symlink("/work/kept/file", "/work/w/a/link-to-file")',
      'os.chmod("/work/w/locked/inner", 0)',
      'os.chmod("/work/w/locked", 0)',
      'os.chmod("/work/w/a/b", 0o500)',
    ].join('\n');
    expect((await run(py(links))).code).toBe(0);
    await wipe('/work/w');
    expect(await ls('/work/w')).toEqual([]);
    expect((await run(py(CAT, '/work/kept/file'))).out).toBe('must stay');
    expect(await ls('/work/kept')).toEqual(['file']);
  });

  it('removes only the names with the prefix given', async () => {
    await make([
      { path: '/work/p/jb-1/x', mode: 0o644, content: Buffer.from('x') },
      { path: '/work/p/jb-2', mode: 0o700 },
      { path: '/work/p/other', mode: 0o644, content: Buffer.from('y') },
    ]);
    await wipe('/work/p', 'jb-');
    expect(await ls('/work/p')).toEqual(['other']);
  });

  it('refuses a tree deeper than it goes, a prefix with a slash, and what is not a directory, and says so', async () => {
    // 130 directories below /work/deep: two more than jbinit descends (WIPE_DEPTH); what it cannot
    // remove makes the cleaning fail, and the worker then replaces the slot.
    const deep = `/work/deep/${Array.from({ length: 130 }, () => 'd').join('/')}`;
    await make([{ path: deep, mode: 0o700 }]);
    await expect(wipe('/work/deep')).rejects.toThrow(/^\/work\/deep: Too many levels of symbolic links/);
    await expect(wipe('/work', 'a/b')).rejects.toThrow(/^\/work: Invalid argument/);
    await make([{ path: '/work/plain', mode: 0o644, content: Buffer.from('x') }]);
    await expect(wipe('/work/plain')).rejects.toThrow(/^\/work\/plain: Not a directory/);
    expect((await run(py('import os; os.symlink("/work/p", "/work/dirlink")'))).code).toBe(0);
    await expect(wipe('/work/dirlink')).rejects.toThrow(/^\/work\/dirlink: Not a directory/);
    expect(await ls('/work/p')).toEqual(['other']);
    // A tree it can reach goes whole.
    await make([{ path: `/work/shallow/${Array.from({ length: 100 }, () => 'd').join('/')}`, mode: 0o700 }]);
    await wipe('/work/shallow');
    expect(await ls('/work/shallow')).toEqual([]);
  });

  it('opens a file as fd 3 of a command, and fails the command when it cannot', async () => {
    // Opened as the sandbox user, before the command starts (under gVisor by the init's child,
    // still root there): a file only that user may read.
    await make([{ path: '/work/three', mode: 0o600, content: Buffer.from('via fd 3\n') }]);
    const three = await run(py(FDS), '/work/three');
    expect(three).toMatchObject({
      code: 0,
      out: "via fd 3\n['0', '1', '2', '3', '4']\n",
    });
    const missing = await run(['true'], '/work/missing');
    expect(missing.code).toBe(126);
    expect(missing.err).toMatch(/cannot open \/work\/missing/);
  });
});
