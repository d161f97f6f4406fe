import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { contentKeys } from '@judgebox/content-store';
import { createApi, type TestApi } from '../support/api';

/** Stored problems under concurrent changes and interrupted uploads, through the real API and Redis. */
describe('API: stored problems, concurrency and interrupted uploads', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await createApi();
  });
  afterAll(() => api?.close());

  const staged = () => api.redis.keys(`${contentKeys(api.prefix).base}:staged:*`);

  it('concurrent uploads to one problem each make a version; none is lost', async () => {
    const p = (await api.request.post('/v1/problems').send({}).expect(201)).body;
    const names = Array.from({ length: 10 }, (_, i) => `f${i}`);
    const answers = await Promise.all(
      names.map((name) =>
        api.request
          .put(`/v1/problems/${p.id}/files/${name}`)
          .set('content-type', 'application/octet-stream')
          .send(Buffer.from(`content of ${name}`)),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(names.map(() => 200));
    const final = (await api.request.get(`/v1/problems/${p.id}`).expect(200)).body;
    expect(final.version).toBe(1 + names.length);
    expect(final.files.map((f: any) => f.name).sort()).toEqual(names);
    expect(await staged()).toEqual([]);
  });

  it('an upload cut off mid-way keeps nothing', async () => {
    const p = (await api.request.post('/v1/problems').send({}).expect(201)).body;
    const server = api.app.getHttpServer();
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const req = httpRequest({
      port,
      host: '127.0.0.1',
      method: 'PUT',
      path: `/v1/problems/${p.id}/files/cut`,
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(8 * 1_048_576) },
    });
    req.on('error', () => undefined);
    req.write(Buffer.alloc(3 * 1_048_576, 1));
    for (let i = 0; i < 50 && (await staged()).length === 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect((await staged()).length).toBeGreaterThan(0); // received in part
    req.destroy();
    for (let i = 0; i < 50 && (await staged()).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await staged()).toEqual([]);
    const after = (await api.request.get(`/v1/problems/${p.id}`).expect(200)).body;
    expect(after).toMatchObject({ version: 1, files: [] });
  });
});
