import { pack } from 'tar-stream';
import { buffer } from 'node:stream/consumers';
import { ArtifactCache } from './artifact-cache';
import { filesOfTar } from './artifact-tar';

const file = (name: string, bytes: number) => [{ name, content: Buffer.alloc(bytes) }];

describe('ArtifactCache', () => {
  it('evicts the least recently used to stay within its bytes', () => {
    const cache = new ArtifactCache(250);
    cache.set('a', file('a', 99));
    cache.set('b', file('b', 99));
    expect(cache.get('a')).toBeDefined(); // a is now the most recent
    cache.set('c', file('c', 99));
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map(Boolean)).toEqual([true, false, true]);
    expect(cache.size).toEqual({ entries: 2, bytes: 200 });
  });
  it('does not keep what alone exceeds it, and replaces an entry under the same key', () => {
    const cache = new ArtifactCache(100);
    cache.set('big', file('x', 200));
    expect(cache.get('big')).toBeUndefined();
    cache.set('k', file('k', 10));
    cache.set('k', file('k', 20));
    expect(cache.size).toEqual({ entries: 1, bytes: 21 });
  });
});

describe('filesOfTar', () => {
  it('keeps regular files with safe names and their executable bit; drops links, dirs and escapes', async () => {
    const p = pack();
    p.entry({ name: './', type: 'directory' });
    p.entry({ name: './main', mode: 0o755 }, Buffer.from('ELF'));
    p.entry({ name: './sub/a.class', mode: 0o600 }, Buffer.from('cafe'));
    p.entry({ name: './link', type: 'symlink', linkname: '/etc/passwd' });
    p.entry({ name: '../escape', mode: 0o644 }, Buffer.from('x'));
    p.entry({ name: '/abs', mode: 0o644 }, Buffer.from('x'));
    p.finalize();
    const files = await filesOfTar(await buffer(p as AsyncIterable<Buffer>));
    expect(files.map((f) => [f.name, f.mode, f.content.toString()])).toEqual([
      ['main', 0o755, 'ELF'],
      ['sub/a.class', 0o644, 'cafe'],
    ]);
  });
});
