import { NotFoundException } from '@nestjs/common';
import { createApi, type TestApi } from '../support/api';
import { SubmissionsService } from '../../apps/api/src/submissions/submissions.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('API: HTTP edges', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await createApi({
      BODY_LIMIT_BYTES: 2048,
      CORS_ORIGINS: ['https://a.example', 'https://b.example'],
    });
  });
  afterAll(() => api?.close());

  it('answers malformed JSON with 400 and says so', async () => {
    const res = await api.request
      .post('/v1/submissions')
      .set('Content-Type', 'application/json')
      .send('{"language": "python", ')
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, message: expect.stringMatching(/^malformed JSON: /) });
  });

  it('refuses a JSON body that is not an object', async () => {
    await api.request
      .post('/v1/submissions')
      .set('Content-Type', 'application/json')
      .send('"python"')
      .expect(400);
    const res = await api.request.post('/v1/submissions').send([]).expect(400);
    expect(res.body.message).toEqual(expect.any(Array));
  });

  it('answers a non-JSON content type with 415', async () => {
    const form = await api.request
      .post('/v1/submissions')
      .type('form')
      .send('language=python&source=x')
      .expect(415);
    expect(form.body).toMatchObject({ statusCode: 415, message: 'request body must be application/json' });
    await api.request.post('/v1/submissions').set('Content-Type', 'text/plain').send('print(1)').expect(415);
  });

  it('answers a body over BODY_LIMIT_BYTES with 413 naming the limit', async () => {
    const res = await api.request
      .post('/v1/submissions')
      .send({ language: 'python', source: 'x'.repeat(4096) })
      .expect(413);
    expect(res.body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'request body exceeds 2048 bytes',
    });
  });

  it('answers CORS preflights for an allowed origin only', async () => {
    const ok = await api.request
      .options('/v1/submissions')
      .set('Origin', 'https://b.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type')
      .expect(204);
    expect(ok.headers['access-control-allow-origin']).toBe('https://b.example');
    const other = await api.request
      .options('/v1/submissions')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves the OpenAPI document and its UI', async () => {
    const doc = await api.request.get('/docs-json').expect(200);
    expect(doc.body.paths).toHaveProperty(['/v1/submissions', 'post']);
    expect(doc.body.paths).toHaveProperty(['/v1/submissions/{id}', 'get']);
    expect(doc.body.paths).toHaveProperty(['/v1/languages', 'get']);
    const ui = await api.request.get('/docs').expect(200);
    expect(ui.text).toContain('swagger');
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await api.request.get('/v1/nothing-here').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404 });
  });
});

describe('API: unexpected errors', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await createApi(
      {},
      {
        override: (b) =>
          b.overrideProvider(SubmissionsService).useValue({
            find: (id: string) =>
              Promise.reject(
                id === '00000000-0000-4000-8000-000000000000'
                  ? new NotFoundException('gone')
                  : new Error('secret detail'),
              ),
          }),
      },
    );
  });
  afterAll(() => api?.close());

  it('answers a 500 with an error id and no details', async () => {
    const res = await api.request.get('/v1/submissions/11111111-1111-4111-8111-111111111111').expect(500);
    expect(res.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      errorId: expect.stringMatching(UUID),
    });
    expect(JSON.stringify(res.body)).not.toContain('secret');
  });

  it('passes HTTP errors through unchanged', async () => {
    const res = await api.request.get('/v1/submissions/00000000-0000-4000-8000-000000000000').expect(404);
    expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'gone' });
  });
});
