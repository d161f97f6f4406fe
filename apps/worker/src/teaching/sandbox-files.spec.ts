import { buffer } from 'node:stream/consumers';
import { pack } from 'tar-stream';
import { phaseOutcome } from '../sandbox/fake-sandbox.driver';
import type { PhaseSpec } from '../sandbox/sandbox-driver';
import { readSandboxFiles } from './sandbox-files';

type Entry = { name: string; type?: 'file' | 'symlink'; content?: string; linkname?: string };

async function tarOf(entries: Entry[]): Promise<Buffer> {
  const p = pack();
  for (const e of entries)
    if (e.type === 'symlink') p.entry({ name: e.name, type: 'symlink', linkname: e.linkname });
    else p.entry({ name: e.name, type: 'file' }, e.content ?? '');
  p.finalize();
  return buffer(p as AsyncIterable<Buffer>);
}

/** A sandbox whose `find` prints `listing` and whose `tar` prints `archive`; records the commands. */
function fakeExec(listing: string, archive: Buffer) {
  const cmds: string[][] = [];
  const exec = (phase: PhaseSpec) => {
    cmds.push(phase.cmd);
    const stdout = phase.cmd[0] === 'find' ? Buffer.from(listing) : archive;
    return Promise.resolve(phaseOutcome({ stdout, exitCode: phase.cmd[0] === 'find' ? 1 : 0 }));
  };
  return { exec, cmds };
}

describe('readSandboxFiles', () => {
  const caps = { fileBytes: 10, totalBytes: 15 };

  it('lists without following links, then archives only regular files within the caps', async () => {
    const { exec, cmds } = fakeExec(
      'f 2 a\nl 11 link\nd 4096 dir\nf 11 big\nf 8 b\nf 8 c\n',
      await tarOf([
        { name: 'a', content: 'hi' },
        { name: 'b', content: '12345678' },
      ]),
    );
    const got = await readSandboxFiles(exec, '/work', ['a', 'link', 'dir', 'big', 'b', 'c', 'gone'], caps);
    expect(Object.fromEntries([...got].map(([n, r]) => [n, r.problem ?? r.content.toString()]))).toEqual({
      a: 'hi',
      link: 'not a regular file',
      dir: 'not a regular file',
      big: 'larger than 10 bytes',
      b: '12345678',
      c: 'the files together exceed 15 bytes',
      gone: 'not found',
    });
    expect(cmds[0].slice(0, 3)).toEqual(['find', '/work/a', '/work/link']);
    expect(cmds[1]).toEqual(['tar', '-c', '-f', '-', '--no-recursion', '-C', '/work', '--', 'a', 'b']);
  });

  it('keeps nothing from the archive but regular files of the listed name and size', async () => {
    const { exec } = fakeExec(
      'f 2 a\nf 2 b\nf 2 c\n',
      await tarOf([
        { name: 'a', type: 'symlink', linkname: '/etc/shadow' },
        { name: 'b', content: 'longer than listed' },
        { name: 'other', content: 'x' },
        { name: 'c', content: 'ok' },
      ]),
    );
    const got = await readSandboxFiles(exec, '/tmp/d', ['a', 'b', 'c'], caps);
    expect([...got].map(([n, r]) => [n, r.problem ?? r.content.toString()])).toEqual([
      ['a', 'changed while read'],
      ['b', 'changed while read'],
      ['c', 'ok'],
    ]);
  });
});
