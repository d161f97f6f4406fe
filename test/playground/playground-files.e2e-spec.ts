import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createApi, type TestApi } from '../support/api';

describe('the API serves the built playground at / and nothing else from disk', () => {
  let api: TestApi;
  beforeAll(async () => {
    execFileSync('node', [join(__dirname, '..', '..', 'scripts', 'build-playground.mjs')]);
    api = await createApi();
  });
  afterAll(() => api.close());

  it('serves the page, its bundle and its style, none from another host', async () => {
    const page = await api.request
      .get('/')
      .expect(200)
      .expect('content-type', /text\/html/);
    expect(page.text).toContain('<script type="module" src="app.js">');
    expect(page.text).not.toMatch(/https?:\/\//);
    await api.request
      .get('/app.js')
      .expect(200)
      .expect('content-type', /javascript/);
    await api.request
      .get('/app.css')
      .expect(200)
      .expect('content-type', /text\/css/);
  });

  it('answers 404 for any other file, and the API routes are untouched', async () => {
    for (const path of [
      '/package.json',
      '/..%2fpackage.json',
      '/chunks/../../package.json',
      '/.env',
      '/README.md',
    ])
      await api.request.get(path).expect(404);
    await api.request.get('/v1/languages').expect(200).expect('content-type', /json/);
  });
});
