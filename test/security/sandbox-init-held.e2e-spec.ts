import type { InitChannel } from '../../apps/worker/src/sandbox/init-channel';
import { JBWAIT } from '../../apps/worker/src/sandbox/init-protocol';
import { asWorkerStarts as started, useInitSandbox } from './support/init-sandbox';

/**
 * A held command (init protocol 5): the init starts a command whose end, jbwait, waits
 * for the command line the worker sends later; namespace isolation builds a slot's next inner
 * sandbox that way while the slot is idle. Spoken to directly, in a container confined as every
 * sandbox is: nothing of a held command (output, end) is reported before it is let go, its clock
 * starts then, stdin reaches what it execs, and one killed while held ends as it died. Under gVisor
 * commands start as the worker starts them there (gvisorCommand).
 */
const WAIT = [JBWAIT];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('security: the sandbox init holds a command until it is let go', () => {
  const sandbox = useInitSandbox('init-held');
  let channel: InitChannel;
  beforeAll(() => (channel = sandbox.channel()));

  /** Lets the held command go with `cmd` (and `stdin`); its exit, stdout, stderr and wall time. */
  async function go(cmd: string[], stdin?: string) {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const exited = channel.go(cmd, 1 << 20, (s, d) => void (s === 'stdout' ? out : err).push(Buffer.from(d)));
    if (stdin) channel.writeStdin(Buffer.from(stdin));
    channel.closeStdin();
    const exit = await exited;
    return {
      code: exit?.exitCode ?? null,
      wallTimeMs: exit?.wallTimeMs ?? null,
      out: Buffer.concat(out).toString(),
      err: Buffer.concat(err).toString(),
    };
  }

  it('runs what it is let go with: arguments, stdin, output, exit code; no descriptor of its own is left', async () => {
    await channel.makeFiles([{ path: '/work/three', mode: 0o600, content: Buffer.from('x') }], 10_000);
    channel.hold(started(WAIT), '/work/three');
    const code = [
      'import os, sys',
      'print(sys.argv[1:], sys.stdin.read(), sorted(os.listdir("/proc/self/fd")))',
      'sys.exit(7)',
    ].join('\n');
    const r = await go(['python3', '-c', code, 'a b', ''], 'from stdin');
    expect(r).toMatchObject({ code: 7, out: "['a b', ''] from stdin ['0', '1', '2', '3']\n", err: '' });
  });

  it('reports nothing before it is let go, and counts its time from then', async () => {
    // What the held part writes waits in its pipe; its setup (here a second's sleep) is not timed.
    channel.hold(started(['sh', '-c', 'echo early; sleep 1; exec "$0"', JBWAIT]));
    await sleep(1_500);
    const sent = performance.now();
    const r = await go(['cat'], 'late\n');
    const seen = performance.now() - sent;
    expect(r).toMatchObject({ code: 0, out: 'early\nlate\n' });
    // Counted from the go frame: never more than the worker saw since it sent it (under gVisor the
    // held part may still be starting then), never from when the command was held (1.5 s before).
    expect(r.wallTimeMs).toBeLessThanOrEqual(Math.ceil(seen) + 5);
  });

  it('takes a long command line whole (up to the init frame size)', async () => {
    channel.hold(started(WAIT));
    const args = Array.from({ length: 7 }, (_, i) => String(i).repeat(100_000));
    const r = await go(['python3', '-c', 'import sys; print(sum(map(len, sys.argv[1:])))', ...args]);
    expect(r).toMatchObject({ code: 0, out: '700000\n' });
  });

  it('ends with 127 and says why when what it is let go with cannot be run', async () => {
    channel.hold(started(WAIT));
    const r = await go(['/nonexistent/program']);
    expect(r.code).toBe(127);
    expect(r.err).toMatch(/cannot run \/nonexistent\/program/);
  });

  it('finds what it runs as execvp does: in PATH, a script without #! under /bin/sh; a directory is 126', async () => {
    await channel.makeFiles(
      [{ path: '/work/plain', mode: 0o755, content: Buffer.from('echo plain "$1"\n') }],
      10_000,
    );
    channel.hold(started(WAIT));
    expect(await go(['env', 'X=1', 'sh', '-c', 'echo $X'])).toMatchObject({ code: 0, out: '1\n' });
    channel.hold(started(WAIT));
    expect(await go(['/work/plain', 'arg'])).toMatchObject({ code: 0, out: 'plain arg\n' });
    channel.hold(started(WAIT));
    const dir = await go(['/work']);
    expect(dir.code).toBe(126);
    expect(dir.err).toMatch(/cannot run \/work: Permission denied/);
  });

  it('ends as it died when killed while held, and the init runs the next command', async () => {
    channel.hold(started(WAIT));
    expect(channel.killAll()).toBe(true);
    await sleep(300);
    const sent = performance.now();
    const r = await go(['echo', 'never']);
    expect(r).toMatchObject({ code: 137, out: '' });
    expect(r.wallTimeMs).toBeLessThanOrEqual(Math.ceil(performance.now() - sent) + 5);
    const out: Buffer[] = [];
    const next = await channel.run(started(['echo', 'next']), 1024, (_s, d) => void out.push(Buffer.from(d)));
    expect(next?.exitCode).toBe(0);
    expect(Buffer.concat(out).toString()).toBe('next\n');
  });

  it('reports what a held command that failed before it was let go wrote, and its status', async () => {
    // As bubblewrap does when it cannot build the sandbox: it says why and exits before the go.
    channel.hold(started(['sh', '-c', 'echo cannot build >&2; exit 3']));
    await sleep(500);
    const sent = performance.now();
    const r = await go(['echo', 'never']);
    const seen = performance.now() - sent;
    expect(r).toMatchObject({ code: 3, out: '', err: 'cannot build\n' });
    // No time when it died before the go frame (under gVisor it may still be starting then).
    expect(r.wallTimeMs).toBeGreaterThanOrEqual(0);
    expect(r.wallTimeMs).toBeLessThanOrEqual(Math.ceil(seen) + 5);
  });

  it('holds one command at a time, and lets go only one that is held', async () => {
    await expect(channel.go(['true'], 1, () => undefined)).rejects.toThrow(/no command is held/);
    channel.hold(started(WAIT));
    expect(() => channel.hold(started(WAIT))).toThrow(/already running/);
    await expect(channel.run(['true'], 1, () => undefined)).rejects.toThrow(/held/);
    expect((await go(['true'])).code).toBe(0);
  });
});
