import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContentRef } from '@judgebox/domain';
import { ContentCache } from './content-cache';

const refOf = (content: Buffer): ContentRef => ({
  sha256: createHash('sha256').update(content).digest('hex'),
  bytes: content.length,
});

describe('ContentCache', () => {
  let dir: string;
  const store = new Map<string, Buffer>();
  let fetches: string[];
  const source = async function* (ref: ContentRef): AsyncGenerator<Buffer> {
    fetches.push(ref.sha256);
    const content = store.get(ref.sha256);
    if (!content) throw new Error('not stored');
    await new Promise((r) => setImmediate(r));
    yield content.subarray(0, 3);
    yield content.subarray(3);
  };
  const put = (text: string): ContentRef => {
    const content = Buffer.from(text);
    const ref = refOf(content);
    store.set(ref.sha256, content);
    return ref;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cache-spec-'));
    fetches = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fetches once, then serves from disk; concurrent opens share the download', async () => {
    const cache = new ContentCache(dir, 1_000, source);
    await cache.init();
    const ref = put('hello world');
    const handles = await Promise.all([cache.open(ref), cache.open(ref), cache.open(ref)]);
    expect(fetches).toEqual([ref.sha256]);
    expect((await handles[0].readFile()).toString()).toBe('hello world');
    await Promise.all(handles.map((h) => h.close()));
    await (await cache.open(ref)).close();
    expect(fetches).toHaveLength(1);
    expect(await readFile(join(dir, ref.sha256), 'utf8')).toBe('hello world');
  });

  it('evicts the least recently used past its bound; an open file stays readable after eviction', async () => {
    const cache = new ContentCache(dir, 25, source);
    await cache.init();
    const a = put('a'.repeat(10));
    const b = put('b'.repeat(10));
    const c = put('c'.repeat(10));
    const held = await cache.open(a);
    await (await cache.open(b)).close();
    await (await cache.open(a)).close(); // a is now more recent than b
    await (await cache.open(c)).close();
    expect(cache.has(b.sha256)).toBe(false);
    expect(cache.has(a.sha256) && cache.has(c.sha256)).toBe(true);
    expect(cache.bytes).toBe(20);
    await (await cache.open(put('d'.repeat(10)))).close();
    expect(existsSync(join(dir, a.sha256))).toBe(false);
    expect((await held.readFile()).toString()).toBe('a'.repeat(10));
    await held.close();
  });

  it('refuses content that does not match its hash, leaving nothing behind', async () => {
    const cache = new ContentCache(dir, 1_000, source);
    await cache.init();
    const ref = put('genuine');
    store.set(ref.sha256, Buffer.from('forged!'));
    await expect(cache.open(ref)).rejects.toThrow(/hashing to/);
    await expect(cache.open({ ...ref, sha256: '../etc' })).rejects.toThrow(/not a content hash/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes in the files of a previous run and drops unfinished downloads', async () => {
    const ref = put('kept from before');
    writeFileSync(join(dir, ref.sha256), 'kept from before');
    writeFileSync(join(dir, `${ref.sha256}.x.part`), 'half');
    const cache = new ContentCache(dir, 1_000, source);
    await cache.init();
    expect(readdirSync(dir)).toEqual([ref.sha256]);
    await (await cache.open(ref)).close();
    expect(fetches).toEqual([]);
  });
});
