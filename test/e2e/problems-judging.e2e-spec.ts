import type { INestApplication } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApi, type TestApi } from '../support/api';
import { numbers, SUM_C } from '../support/problems';
import { startWorker } from '../support/worker';
import { testPrefix } from '../support/prefix';

/**
 * Stored problems judged by real workers: test data far over the inline bound, read from Redis
 * by two workers (as on two machines: each its own disk cache), the version recorded in results.
 */
jest.setTimeout(240_000);

describe('stored problems, judged', () => {
  const prefix = testPrefix();
  const cacheDirs = [mkdtempSync(join(tmpdir(), 'jb-cache-a-')), mkdtempSync(join(tmpdir(), 'jb-cache-b-'))];
  let api: TestApi;
  const workers: INestApplication[] = [];
  const big = numbers(24, 7);
  const bigSha = createHash('sha256').update(big.data).digest('hex');
  let problemId = '';

  beforeAll(async () => {
    for (const dir of cacheDirs)
      workers.push(await startWorker(prefix, { CONTENT_CACHE_DIR: dir, WORKER_CONCURRENCY: 1 }));
    api = await createApi({ QUEUE_PREFIX: prefix });
  });

  afterAll(async () => {
    await api?.close();
    for (const w of workers) await w.close();
    for (const dir of cacheDirs) rmSync(dir, { recursive: true, force: true });
  });

  const upload = (id: string, name: string, content: Buffer | string) =>
    api.request
      .put(`/v1/problems/${id}/files/${encodeURIComponent(name)}`)
      .set('content-type', 'application/octet-stream')
      .send(Buffer.from(content))
      .expect(200);
  const submit = async (body: object): Promise<any> => {
    const res = await api.request.post('/v1/submissions?wait=true').send(body).expect(200);
    return res.body.result;
  };

  it('stores a problem with 24 MiB of test data in files and inline cases', async () => {
    const p = (await api.request.post('/v1/problems').send({ name: 'sum' }).expect(201)).body;
    problemId = p.id;
    await upload(problemId, 'big.in', big.data);
    await upload(problemId, 'big.ans', `${big.sum}\n`);
    await upload(problemId, 'small.in', '1 2 3\n');
    const put = await api.request
      .put(`/v1/problems/${problemId}`)
      .send({
        testCases: [
          { stdin: '40 2', expectedOutput: '42' },
          { stdinFile: 'small.in', expectedOutput: '6' },
          { stdinFile: 'big.in', expectedOutputFile: 'big.ans' },
        ],
        compare: 'tokens',
        limits: { cpuTimeMs: 8_000, wallTimeMs: 20_000 },
      })
      .expect(200);
    expect(put.body).toMatchObject({ version: 5, bytes: big.data.length + String(big.sum).length + 1 + 6 });
  });

  it('submissions on two workers: accepted, each worker read the data from Redis into its own cache', async () => {
    const results = await Promise.all(
      Array.from({ length: 4 }, () => submit({ language: 'c', source: SUM_C, problemId })),
    );
    for (const result of results) {
      expect(result.verdict).toBe('accepted');
      expect(result.problem).toEqual({ id: problemId, version: 5 });
      expect(result.limits).toMatchObject({ cpuTimeMs: 8_000, wallTimeMs: 20_000 });
      expect(result.testCases.map((c: any) => c.stdout)).toEqual(['42\n', '6\n', `${big.sum}\n`]);
    }
    for (const dir of cacheDirs) {
      expect(existsSync(join(dir, bigSha))).toBe(true);
      expect(readdirSync(dir).filter((n) => n.endsWith('.part'))).toEqual([]);
    }
  });

  it('a wrong program gets its verdict per case, on the data of the problem', async () => {
    const result = await submit({ language: 'python', source: 'print(6)', problemId });
    expect(result.verdict).toBe('wrong_answer');
    expect(result.testCases.map((c: any) => c.verdict)).toEqual(['wrong_answer', 'accepted', 'wrong_answer']);
  });

  it('an older version stays judgeable while a submission pins it; the result names it', async () => {
    await api.request
      .put(`/v1/problems/${problemId}`)
      .send({ testCases: [{ stdinFile: 'small.in', expectedOutput: '7' }] })
      .expect(200);
    const kept = await api.request.get(`/v1/problems/${problemId}`).expect(200);
    expect(kept.body.versions).toEqual([5, 6]);
    const current = await submit({ language: 'c', source: SUM_C, problemId });
    expect(current).toMatchObject({ verdict: 'wrong_answer', problem: { id: problemId, version: 6 } });
    const older = await submit({ language: 'c', source: SUM_C, problemId, problemVersion: 5 });
    expect(older).toMatchObject({ verdict: 'accepted', problem: { id: problemId, version: 5 } });
  });

  it("hostile: a program searching the whole filesystem finds no expected answer (the worker's cache is not in its sandbox)", async () => {
    const id = randomUUID();
    const answer = `ANSWER-${id}\n`;
    const p = (await api.request.post('/v1/problems').send({}).expect(201)).body;
    await upload(p.id, 'secret.ans', answer);
    await api.request
      .put(`/v1/problems/${p.id}`)
      .send({ testCases: [{ stdin: 'x', expectedOutputFile: 'secret.ans' }], limits: { wallTimeMs: 20_000 } })
      .expect(200);
    // The pattern is put together at run time, so the program's own source does not match it;
    // a copy of the answer given as a file of the submission proves the search finds what it can see.
    const search = `p="ANS""WER-${id}"; grep -rl --exclude-dir=proc --exclude-dir=sys -e "$p" / 2>/dev/null; echo searched`;
    const result = await submit({
      language: 'bash',
      files: [
        { name: 'main.sh', content: search },
        { name: 'control.txt', content: answer },
      ],
      problemId: p.id,
    });
    expect(result.verdict).toBe('wrong_answer');
    const found = result.testCases[0].stdout.trim().split('\n');
    expect(found.pop()).toBe('searched');
    expect(found.length).toBeGreaterThan(0);
    for (const path of found) expect(path).toMatch(/\/control\.txt$/);
    // It was on the judging worker's disk all along, outside the sandbox.
    const sha = createHash('sha256').update(answer).digest('hex');
    expect(cacheDirs.some((dir) => existsSync(join(dir, sha)))).toBe(true);
  });

  it('a stored checker and groups (the judging options of a submission) judge the stored files', async () => {
    const p = (await api.request.post('/v1/problems').send({}).expect(201)).body;
    await upload(p.id, '1.in', '2 3\n');
    await upload(p.id, '1.ans', '5\n');
    await upload(p.id, '2.in', big.data);
    await upload(p.id, '2.ans', `${big.sum}\n`);
    // testlib's conventions: argv input output answer; exit 0 accepted, 1 wrong answer.
    const checker =
      'import sys\nout, ans = (open(f).read().split() for f in sys.argv[2:4])\nsys.exit(0 if out[:1] == ans[:1] else 1)';
    await api.request
      .put(`/v1/problems/${p.id}`)
      .send({
        testCases: [
          { stdinFile: '1.in', expectedOutputFile: '1.ans' },
          { stdinFile: '2.in', expectedOutputFile: '2.ans' },
        ],
        checker: { language: 'python', source: checker },
        groups: [
          { name: 'small', points: 30, testCases: [0] },
          { name: 'big', points: 70, testCases: [1], dependencies: ['small'] },
        ],
        limits: { cpuTimeMs: 8_000, wallTimeMs: 20_000 },
      })
      .expect(200);
    const result = await submit({ language: 'c', source: SUM_C, problemId: p.id });
    expect(result).toMatchObject({ verdict: 'accepted', scoring: { total: 100 }, problem: { id: p.id } });
    expect(result.testCases.map((c: any) => c.verdict)).toEqual(['accepted', 'accepted']);
  });

  describe('client errors of submissions naming a problem', () => {
    const refused = async (body: object, field: string, message: RegExp): Promise<void> => {
      const res = await api.request.post('/v1/submissions').send(body).expect(400);
      expect(res.body.errors).toContainEqual({ field, message: expect.stringMatching(message) });
    };
    const base = { language: 'c', source: SUM_C };
    it('400: problemId not a UUID', () =>
      refused({ ...base, problemId: 'x' }, 'problemId', /must be a UUID/));
    it('400: test cases, stdin or limits with problemId', async () => {
      const id = randomUUID();
      await refused(
        { ...base, problemId: id, testCases: [{ stdin: '1' }] },
        'testCases',
        /problem supplies the test cases/,
      );
      await refused({ ...base, problemId: id, stdin: '1' }, 'stdin', /problem supplies the test cases/);
      await refused(
        { ...base, problemId: id, limits: { cpuTimeMs: 100 } },
        'limits',
        /problem supplies the limits/,
      );
    });
    it('400: problemVersion without problemId, or not a positive integer', async () => {
      await refused({ ...base, problemVersion: 1 }, 'problemVersion', /only allowed together with problemId/);
      await refused({ ...base, problemId: randomUUID(), problemVersion: 0 }, 'problemVersion', /at least 1/);
    });
    it('404: unknown problem, or a version no longer kept', async () => {
      await api.request
        .post('/v1/submissions')
        .send({ ...base, problemId: randomUUID() })
        .expect(404);
      const res = await api.request
        .post('/v1/submissions')
        .send({ ...base, problemId, problemVersion: 2 })
        .expect(404);
      expect(res.body.message).toMatch(/has no version 2/);
    });
    it('409: a problem without test cases', async () => {
      const p = (await api.request.post('/v1/problems').send({}).expect(201)).body;
      const res = await api.request
        .post('/v1/submissions')
        .send({ ...base, problemId: p.id })
        .expect(409);
      expect(res.body.message).toMatch(/has no test cases/);
    });
  });
});
