import { createHash, randomUUID } from 'node:crypto';
import { contentKeys } from '@judgebox/content-store';
import { PROBLEM_BOUNDS } from '@judgebox/domain';
import { createApi, type TestApi } from '../support/api';

/** Stored problems through the real API and Redis (no worker): CRUD, files, versions, bounds. */
describe('API: stored problems', () => {
  let api: TestApi;
  const MiB = 1_048_576;

  beforeAll(async () => {
    api = await createApi({ PROBLEM_MAX_BYTES: 40 * MiB, PROBLEMS_QUOTA_BYTES: 200 * MiB });
  });
  afterAll(() => api?.close());

  const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
  const create = async (body: object = {}): Promise<any> =>
    (await api.request.post('/v1/problems').send(body).expect(201)).body;
  const upload = (id: string, name: string, content: Buffer | string) =>
    api.request
      .put(`/v1/problems/${id}/files/${encodeURIComponent(name)}`)
      .set('content-type', 'application/octet-stream')
      .send(Buffer.from(content));
  const used = async (): Promise<number> =>
    Number((await api.redis.get(contentKeys(api.prefix).usedBytes)) ?? 0);

  describe('CRUD and versions', () => {
    it('creates version 1 with inline cases, reads it back, lists it', async () => {
      const body = {
        name: 'double',
        testCases: [{ stdin: '1', expectedOutput: '2' }],
        compare: 'tokens',
        limits: { cpuTimeMs: 1000 },
      };
      const res = await api.request.post('/v1/problems').send(body).expect(201);
      const p = res.body;
      expect(res.headers.location).toBe(`/v1/problems/${p.id}`);
      expect(p).toMatchObject({ ...body, version: 1, files: [], bytes: 0, versions: [1] });
      const got = await api.request.get(`/v1/problems/${p.id}`).expect(200);
      expect(got.body).toEqual(p);
      const list = await api.request.get('/v1/problems?limit=1000').expect(200);
      expect(list.body.problems).toContainEqual(
        expect.objectContaining({ id: p.id, name: 'double', version: 1 }),
      );
    });

    it('every change is a new version; old versions are not kept unless pinned', async () => {
      const p = await create({ name: 'v' });
      await upload(p.id, 'a.in', '5\n').expect(200);
      const put = await api.request
        .put(`/v1/problems/${p.id}`)
        .send({ name: 'v2', testCases: [{ stdinFile: 'a.in', expectedOutput: '10' }] })
        .expect(200);
      expect(put.body).toMatchObject({ version: 3, name: 'v2', versions: [3] });
      expect(put.body.files).toEqual([{ name: 'a.in', sha256: sha('5\n'), bytes: 2 }]);
      const old = await api.request.get(`/v1/problems/${p.id}?version=1`).expect(404);
      expect(old.body.message).toMatch(/has no version 1: only the current version/);
      await api.request.get(`/v1/problems/${p.id}?version=3`).expect(200);
    });

    it('files: upload, download, replace, delete; the same content is stored once', async () => {
      const p = await create();
      const before = await used();
      const content = Buffer.from(`same ${randomUUID()}\n`);
      await upload(p.id, 'x.in', content).expect(200);
      const twice = await upload(p.id, 'tests/y.in', content).expect(200);
      expect(twice.body.files.map((f: any) => f.sha256)).toEqual([sha(content), sha(content)]);
      expect((await used()) - before).toBe(content.length);
      const down = await api.request
        .get(`/v1/problems/${p.id}/files/tests%2Fy.in`)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(down.headers.etag).toBe(`"${sha(content)}"`);
      expect(Buffer.compare(down.body, content)).toBe(0);
      await api.request.delete(`/v1/problems/${p.id}/files/x.in`).expect(200);
      const last = await api.request.delete(`/v1/problems/${p.id}/files/tests%2Fy.in`).expect(200);
      expect(last.body).toMatchObject({ files: [], bytes: 0, version: 5 });
      expect(await used()).toBe(before);
      expect(await api.redis.exists(contentKeys(api.prefix).blob(sha(content)))).toBe(0);
    });

    it('delete: 204, then 404 everywhere, and its files leave the store', async () => {
      const p = await create();
      const before = await used();
      await upload(p.id, 'big.in', Buffer.alloc(3 * MiB + 5, 7)).expect(200);
      expect((await used()) - before).toBe(3 * MiB + 5);
      await api.request.delete(`/v1/problems/${p.id}`).expect(204);
      await api.request.get(`/v1/problems/${p.id}`).expect(404);
      await api.request.delete(`/v1/problems/${p.id}`).expect(404);
      await api.request.put(`/v1/problems/${p.id}`).send({}).expect(404);
      await upload(p.id, 'a', 'x').expect(404);
      expect(await used()).toBe(before);
      const keys = await api.redis.keys(`${api.prefix}:problem:${p.id}*`);
      expect(keys).toEqual([]);
    });
  });

  describe('large test data', () => {
    it('stores 30 MiB streamed in chunks and reads it back byte for byte', async () => {
      const p = await create();
      const data = Buffer.alloc(30 * MiB);
      for (let i = 0; i < data.length; i += 4) data.writeUInt32LE((i * 2654435761) >>> 0, i);
      const res = await upload(p.id, 'huge.in', data).expect(200);
      expect(res.body.files).toEqual([{ name: 'huge.in', sha256: sha(data), bytes: data.length }]);
      expect(await api.redis.hget(contentKeys(api.prefix).blob(sha(data)), 'chunks')).toBe('30');
      const down = await api.request
        .get(`/v1/problems/${p.id}/files/huge.in`)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(sha(down.body)).toBe(sha(data));
      await api.request.delete(`/v1/problems/${p.id}`).expect(204);
    });
  });

  describe('client errors', () => {
    const id = randomUUID();
    it('400 for a bad id', async () => {
      const res = await api.request.get('/v1/problems/nope').expect(400);
      expect(res.body.errors).toContainEqual({ field: 'id', message: 'must be a UUID' });
    });
    it('404 for an unknown problem', () => api.request.get(`/v1/problems/${id}`).expect(404));
    it('400 for unknown fields and bad judge fields (the submission rules)', async () => {
      const res = await api.request
        .post('/v1/problems')
        .send({ language: 'c', compare: 'fuzzy', callbackUrl: 'https://example.com', unitTests: {} })
        .expect(400);
      const fields = res.body.errors.map((e: any) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['language', 'compare', 'callbackUrl', 'unitTests']));
    });
    it('400 for a test case naming a file the problem does not have', async () => {
      const res = await api.request
        .post('/v1/problems')
        .send({ testCases: [{ stdin: '1' }, { stdinFile: 'missing.in' }] })
        .expect(400);
      expect(res.body.errors).toEqual([
        { field: 'testCases[1].stdinFile', message: expect.stringMatching(/names no file of the problem/) },
      ]);
    });
    it('400 for a file and inline content together, and for bad file names', async () => {
      let res = await api.request
        .post('/v1/problems')
        .send({ testCases: [{ stdin: '1', stdinFile: 'a.in' }] })
        .expect(400);
      expect(res.body.errors[0]).toEqual({
        field: 'testCases[0].stdinFile',
        message: 'must not be given together with stdin',
      });
      res = await api.request
        .post('/v1/problems')
        .send({ testCases: [{ expectedOutputFile: '../x' }] })
        .expect(400);
      expect(res.body.errors[0].field).toBe('testCases[0].expectedOutputFile');
      const p = await create();
      res = await upload(p.id, '-rf', 'x').expect(400);
      expect(res.body.errors).toEqual([
        { field: 'name', message: expect.stringMatching(/must not start with "-"/) },
      ]);
    });
    it('400 for a limit out of range, a name too long, a bad version or list page', async () => {
      let res = await api.request
        .post('/v1/problems')
        .send({ limits: { cpuTimeMs: 1 } })
        .expect(400);
      expect(res.body.errors[0].field).toBe('limits.cpuTimeMs');
      res = await api.request
        .post('/v1/problems')
        .send({ name: 'n'.repeat(PROBLEM_BOUNDS.nameLength + 1) })
        .expect(400);
      expect(res.body.errors[0].field).toBe('name');
      const p = await create();
      res = await api.request.get(`/v1/problems/${p.id}?version=0`).expect(400);
      expect(res.body.errors[0].field).toBe('version');
      res = await api.request.get(`/v1/problems?limit=${PROBLEM_BOUNDS.listLimit + 1}`).expect(400);
      expect(res.body.errors[0].field).toBe('limit');
    });
    it('415 for a file that is not sent as application/octet-stream', async () => {
      const p = await create();
      await api.request
        .put(`/v1/problems/${p.id}/files/a.in`)
        .set('content-type', 'text/plain')
        .send('x')
        .expect(415);
      await api.request.put(`/v1/problems/${p.id}/files/a.in`).send({ json: true }).expect(415);
    });
    it('404 for a file the version does not have; 409 for deleting a file a test case names', async () => {
      const p = await create();
      await api.request.get(`/v1/problems/${p.id}/files/none`).expect(404);
      await api.request.delete(`/v1/problems/${p.id}/files/none`).expect(404);
      await upload(p.id, 'a.in', '1').expect(200);
      await api.request
        .put(`/v1/problems/${p.id}`)
        .send({ testCases: [{ stdinFile: 'a.in' }] })
        .expect(200);
      const res = await api.request.delete(`/v1/problems/${p.id}/files/a.in`).expect(409);
      expect(res.body.message).toMatch(/used by testCases\[0\]/);
    });
    it("413 for a file over PROBLEM_MAX_BYTES (the problem's files together); nothing is kept", async () => {
      const p = await create();
      const before = await used();
      await upload(p.id, 'a.in', Buffer.alloc(30 * MiB)).expect(200);
      const res = await upload(p.id, 'b.in', Buffer.alloc(11 * MiB, 1)).expect(413);
      expect(res.body.message).toMatch(/at most 10485760 bytes.*PROBLEM_MAX_BYTES \(41943040\)/);
      // Replacing a file counts the new content instead of the old.
      await upload(p.id, 'a.in', Buffer.alloc(39 * MiB, 2)).expect(200);
      expect((await used()) - before).toBe(39 * MiB);
      expect(await api.redis.keys(`${contentKeys(api.prefix).base}:staged:*`)).toEqual([]);
      await api.request.delete(`/v1/problems/${p.id}`).expect(204);
    });
  });

  describe('the total quota', () => {
    let small: TestApi;
    beforeAll(async () => {
      small = await createApi({ PROBLEMS_QUOTA_BYTES: 5 * MiB });
    });
    afterAll(() => small?.close());

    it('507 past PROBLEMS_QUOTA_BYTES; nothing kept; room again after a delete', async () => {
      const p = (await small.request.post('/v1/problems').send({}).expect(201)).body;
      const put = (name: string, bytes: number, fill: number) =>
        small.request
          .put(`/v1/problems/${p.id}/files/${name}`)
          .set('content-type', 'application/octet-stream')
          .send(Buffer.alloc(bytes, fill));
      await put('a', 4 * MiB, 1).expect(200);
      const res = await put('b', 2 * MiB, 2).expect(507);
      expect(res.body).toMatchObject({ statusCode: 507, error: 'Insufficient Storage' });
      expect(res.body.message).toMatch(
        /PROBLEMS_QUOTA_BYTES \(5242880 bytes; 4194304 used, the upload has 2097152/,
      );
      expect(await small.redis.keys(`${contentKeys(small.prefix).base}:staged:*`)).toEqual([]);
      // The same content again costs nothing: it is stored once.
      await put('a-again', 4 * MiB, 1).expect(200);
      await small.request.delete(`/v1/problems/${p.id}/files/a`).expect(200);
      await small.request.delete(`/v1/problems/${p.id}/files/a-again`).expect(200);
      await put('b', 2 * MiB, 2).expect(200);
      expect(Number(await small.redis.get(contentKeys(small.prefix).usedBytes))).toBe(2 * MiB);
    });
  });
});

/** supertest's parser for binary bodies (the response is a readable stream of bytes). */
function binary(res: unknown, done: (err: Error | null, body: Buffer) => void): void {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}
