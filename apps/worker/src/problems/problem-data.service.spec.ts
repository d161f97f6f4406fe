import { createHash, randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { Redis } from 'ioredis';
import type { AppConfig } from '@judgebox/config';
import { contentKeys } from '@judgebox/content-store';
import { submissionRequest } from '@judgebox/testing';
import { InvalidSubmissionError } from '../submissions/submission-runner.service';
import { ProblemData } from './problem-data.service';

/** Integration: reads a stored file from the real Redis of the tests into a fresh cache folder. */
describe('ProblemData (real Redis)', () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6389');
  const prefix = `test-${randomUUID()}`;
  const keys = contentKeys(prefix);
  const data = new ProblemData(redis, {
    QUEUE_PREFIX: prefix,
    CONTENT_CACHE_DIR: '',
    CONTENT_CACHE_MAX_BYTES: 1_048_576,
  } as AppConfig);

  beforeAll(() => data.onModuleInit());
  afterAll(async () => {
    await data.onApplicationShutdown();
    const found = await redis.keys(`${prefix}:*`);
    if (found.length > 0) await redis.del(...found);
    redis.disconnect();
  });

  const judged = (stdinRef: { sha256: string; bytes: number }) =>
    submissionRequest({
      judge: {
        testCases: [{ stdin: '', expectedOutput: 'ok', encoding: 'utf8', stdinRef }],
        compare: 'exact',
        floatTolerance: 0,
        stopOnFirstFailure: false,
      },
      problem: { id: 'p', version: 3 },
    });

  it('gives a stored stdin as a stream from the cache, inline expected output as bytes', async () => {
    const content = Buffer.from('stored input\n');
    const sha256 = createHash('sha256').update(content).digest('hex');
    await redis.hset(keys.blob(sha256), { bytes: content.length, chunks: 1, refs: 1 });
    await redis.set(keys.chunk(sha256, 0), content);
    const cases = await data.prepare(judged({ sha256, bytes: content.length }));
    const chunks: Buffer[] = [];
    for await (const c of cases.stdin(0) as AsyncIterable<Buffer>) chunks.push(c);
    expect(Buffer.concat(chunks)).toEqual(content);
    expect(cases.expected(0)).toEqual(Buffer.from('ok'));
    await cases.close();
  });

  it('a file no longer stored is an unrecoverable job naming the problem version', async () => {
    const gone = { sha256: 'a'.repeat(64), bytes: 3 };
    await expect(data.prepare(judged(gone))).rejects.toThrow(InvalidSubmissionError);
    await expect(data.prepare(judged(gone))).rejects.toThrow(
      /files of problem p version 3 are no longer stored/,
    );
  });

  it('inline test cases need no cache', async () => {
    const inline = submissionRequest({
      judge: {
        testCases: [{ stdin: 'in', expectedOutput: null, encoding: 'utf8' }],
        compare: 'exact',
        floatTolerance: 0,
        stopOnFirstFailure: false,
      },
    });
    const before = readdirSync(data['cache']!.dir);
    const cases = await data.prepare(inline);
    expect([cases.stdin(0), cases.expected(0)]).toEqual([Buffer.from('in'), null]);
    expect(readdirSync(data['cache']!.dir)).toEqual(before);
  });
});
