import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Redis } from 'ioredis';
import { ContentMissingError, ContentTooLargeError } from './content-errors';
import { CONTENT_CHUNK_BYTES, contentKeys } from './content-keys';
import { readContent } from './read-content';
import { discardStaged, stageUpload } from './stage-upload';

/** Integration: against the real Redis of the tests (REDIS_URL), under a fresh prefix. */
describe('content store: staging and reading (real Redis)', () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6389');
  const prefix = `test-${randomUUID()}`;
  const keys = contentKeys(prefix);

  afterAll(async () => {
    const found = await redis.keys(`${prefix}:*`);
    if (found.length > 0) await redis.del(...found);
    redis.disconnect();
  });

  function pieces(content: Buffer, size: number): AsyncIterable<Buffer> {
    const out: Buffer[] = [];
    for (let at = 0; at < content.length; at += size) out.push(content.subarray(at, at + size));
    return Readable.from(out);
  }
  /** Makes a staged upload readable as a committed file would be (the commit script's rename). */
  async function commit(uploadId: string, sha: string, chunks: number, bytes: number): Promise<void> {
    for (let i = 0; i < chunks; i++) await redis.rename(keys.staged(uploadId, i), keys.chunk(sha, i));
    await redis.hset(keys.blob(sha), { bytes, chunks, refs: 1 });
  }

  it('re-chunks any piece sizes into CONTENT_CHUNK_BYTES values, hashing the whole', async () => {
    const content = Buffer.alloc(2 * CONTENT_CHUNK_BYTES + 123);
    for (let i = 0; i < content.length; i++) content[i] = (i * 31) & 0xff;
    const staged = await stageUpload(redis, prefix, pieces(content, 70_001), 10 * CONTENT_CHUNK_BYTES);
    expect(staged).toMatchObject({
      sha256: createHash('sha256').update(content).digest('hex'),
      bytes: content.length,
      chunks: 3,
    });
    expect(await redis.ttl(keys.staged(staged.uploadId, 0))).toBeGreaterThan(0);
    expect(await redis.strlen(keys.staged(staged.uploadId, 2))).toBe(123);
    await commit(staged.uploadId, staged.sha256, staged.chunks, staged.bytes);
    const back: Buffer[] = [];
    for await (const chunk of readContent(redis, prefix, staged)) back.push(chunk);
    expect(Buffer.concat(back).equals(content)).toBe(true);
  });

  it('an empty file is one empty chunk', async () => {
    const staged = await stageUpload(redis, prefix, pieces(Buffer.alloc(0), 1), 10);
    expect(staged).toMatchObject({ bytes: 0, chunks: 1 });
    await discardStaged(redis, prefix, staged);
    expect(await redis.exists(keys.staged(staged.uploadId, 0))).toBe(0);
  });

  it('past maxBytes: throws and leaves no staged chunk', async () => {
    const content = Buffer.alloc(CONTENT_CHUNK_BYTES * 2, 1);
    const before = await redis.keys(`${keys.base}:staged:*`);
    await expect(
      stageUpload(redis, prefix, pieces(content, 65_536), CONTENT_CHUNK_BYTES + 5),
    ).rejects.toThrow(ContentTooLargeError);
    expect(await redis.keys(`${keys.base}:staged:*`)).toEqual(before);
  });

  it('reading a file that is not stored, or lost a chunk, throws ContentMissingError', async () => {
    const missing = { sha256: 'f'.repeat(64), bytes: 1 };
    await expect(readContent(redis, prefix, missing).next()).rejects.toThrow(ContentMissingError);
    await redis.hset(keys.blob(missing.sha256), { bytes: 1, chunks: 2, refs: 1 });
    await redis.set(keys.chunk(missing.sha256, 0), 'x');
    const reader = readContent(redis, prefix, missing);
    expect((await reader.next()).value).toEqual(Buffer.from('x'));
    await expect(reader.next()).rejects.toThrow(ContentMissingError);
  });
});
