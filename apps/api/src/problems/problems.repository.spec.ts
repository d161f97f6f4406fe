import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Redis } from 'ioredis';
import type { AppConfig } from '@judgebox/config';
import { contentKeys } from '@judgebox/content-store';
import type { ProblemVersionRecord } from './problem-record';
import { ProblemsRepository } from './problems.repository';

/** Integration: the Lua scripts against the real Redis of the tests, under a fresh prefix. */
describe('ProblemsRepository (real Redis)', () => {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6389';
  const prefix = `test-${randomUUID()}`;
  const redis = new Redis(url);
  const keys = contentKeys(prefix);
  const repo = new ProblemsRepository({
    REDIS_URL: url,
    QUEUE_PREFIX: prefix,
    PROBLEMS_QUOTA_BYTES: 100,
  } as AppConfig);

  afterAll(async () => {
    const found = await redis.keys(`${prefix}:*`);
    if (found.length > 0) await redis.del(...found);
    redis.disconnect();
    repo.onApplicationShutdown();
  });

  const record = (id: string, version: number, files: Record<string, string> = {}): ProblemVersionRecord => {
    const refs = Object.fromEntries(Object.entries(files).map(([n, sha]) => [n, { sha256: sha, bytes: 0 }]));
    return {
      id,
      version,
      createdAt: '',
      name: 'p',
      limits: {},
      judge: {},
      files: refs,
      refs: [...new Set(Object.values(files))],
    };
  };
  const bytes = (text: string): AsyncIterable<Buffer> => Readable.from([Buffer.from(text)]);
  /** Stages `text` and commits it as file `name` of the next version; returns the hash. */
  async function addFile(
    id: string,
    base: number,
    name: string,
    text: string,
    others: Record<string, string> = {},
  ) {
    const staged = await repo.stage(bytes(text), 1_000);
    const next = record(id, base + 1, { ...others, [name]: staged.sha256 });
    return { outcome: await repo.commit(next, base, [staged]), sha: staged.sha256, staged };
  }
  const refsOf = async (sha: string) => redis.hget(keys.blob(sha), 'refs');
  const used = async () => Number((await redis.get(keys.usedBytes)) ?? 0);

  it('creates, reads the current or a given version, refuses stale and unknown bases', async () => {
    const id = randomUUID();
    expect(await repo.commit(record(id, 1), 0)).toEqual({ kind: 'ok', version: 1 });
    expect(await repo.commit(record(id, 1), 0)).toEqual({ kind: 'conflict' });
    expect(await repo.commit(record(id, 2), 1)).toEqual({ kind: 'ok', version: 2 });
    expect(await repo.commit(record(id, 2), 1)).toEqual({ kind: 'conflict' });
    expect(await repo.commit(record(randomUUID(), 2), 1)).toEqual({ kind: 'gone' });
    const current = await repo.read(id);
    expect(current).toMatchObject({ kind: 'ok', record: { version: 2 } });
    expect(await repo.read(id, 7)).toEqual({ kind: 'no-version' });
    expect(await repo.read(randomUUID())).toEqual({ kind: 'gone' });
  });

  it('counts references: a file shared by versions and problems lives until the last one drops it', async () => {
    const id = randomUUID();
    await repo.commit(record(id, 1), 0);
    const before = await used();
    const { sha } = await addFile(id, 1, 'a', 'shared!');
    expect(await used()).toBe(before + 7);
    const other = randomUUID();
    await repo.commit(record(other, 1), 0);
    const again = await addFile(other, 1, 'b', 'shared!');
    expect(again.outcome).toEqual({ kind: 'ok', version: 2 });
    expect(await used()).toBe(before + 7); // stored once
    expect(await redis.exists(keys.staged(again.staged.uploadId, 0))).toBe(0);
    expect(await refsOf(sha)).toBe('2');
    await repo.commit(record(id, 3, { a: sha }), 2);
    await repo.prune(id);
    expect(await refsOf(sha)).toBe('2'); // versions 2 and 3 of `id` -> 3 only, plus `other`
    await repo.delete(id);
    expect(await refsOf(sha)).toBe('1');
    await repo.delete(other);
    expect(await redis.exists(keys.blob(sha), keys.chunk(sha, 0))).toBe(0);
    expect(await used()).toBe(before);
  });

  it('a pinned version outlives changes and deletion until its pin; pruning is scheduled for then', async () => {
    const id = randomUUID();
    await repo.commit(record(id, 1), 0);
    const { sha } = await addFile(id, 1, 'a', 'pinned');
    const until = Date.now() + 60_000;
    expect(await repo.read(id, undefined, until)).toMatchObject({ kind: 'ok', record: { version: 2 } });
    await repo.commit(record(id, 3), 2);
    await repo.prune(id);
    expect(await repo.versions(id)).toEqual([2, 3]);
    await repo.delete(id);
    expect(await repo.read(id, 2)).toEqual({ kind: 'gone' });
    expect(await redis.zscore(`${prefix}:problems:prune`, id)).toBe(String(until));
    await repo.pruneDue(until - 1);
    expect(await refsOf(sha)).toBe('1');
    await repo.pruneDue(until);
    expect(await redis.exists(keys.blob(sha), `${prefix}:problem:${id}`)).toBe(0);
    expect(await redis.zscore(`${prefix}:problems:prune`, id)).toBeNull();
  });

  it('refuses past the quota (leaving the staged upload to the caller) and versions naming absent files', async () => {
    const id = randomUUID();
    await repo.commit(record(id, 1), 0);
    const over = await addFile(id, 1, 'big', 'x'.repeat(101));
    expect(over.outcome).toEqual({ kind: 'quota', usedBytes: await used() });
    expect(await redis.exists(keys.staged(over.staged.uploadId, 0))).toBe(1);
    await repo.discard(over.staged);
    expect(await repo.commit(record(id, 2, { a: 'e'.repeat(64) }), 1)).toEqual({
      kind: 'missing',
      sha256: 'e'.repeat(64),
    });
    expect(await repo.read(id)).toMatchObject({ record: { version: 1 } });
  });

  it('commits several uploads with one version; the same content twice is stored once', async () => {
    const id = randomUUID();
    const before = await used();
    const a = await repo.stage(bytes('twin'), 1_000);
    const b = await repo.stage(bytes('twin'), 1_000);
    const c = await repo.stage(bytes('single'), 1_000);
    const next = record(id, 1, { a: a.sha256, b: b.sha256, c: c.sha256 });
    expect(await repo.commit(next, 0, [a, b, c])).toEqual({ kind: 'ok', version: 1 });
    expect(await used()).toBe(before + 4 + 6);
    expect(await refsOf(a.sha256)).toBe('1'); // one version names it, under two names
    expect(await redis.keys(`${keys.base}:staged:*`)).toEqual([]);
    await repo.delete(id);
    expect(await used()).toBe(before);
  });

  it('lists live problems with their current version', async () => {
    const id = randomUUID();
    await repo.commit(record(id, 1), 0);
    const listed = await repo.list(0, 1_000);
    expect(listed).toContainEqual(expect.objectContaining({ id, name: 'p', version: 1 }));
    await repo.delete(id);
    expect((await repo.list(0, 1_000)).map((p) => p.id)).not.toContain(id);
  });
});
