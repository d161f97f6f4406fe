import {
  compileLimits,
  DEFAULT_LIMITS,
  findLanguage,
  LANGUAGES,
  LIMIT_NAMES,
  maxLimit,
  resolveLimits,
} from '@judgebox/domain';
import { createApi, type TestApi } from '../support/api';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('API: submissions without a worker', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await createApi({ WAIT_TIMEOUT_MS: 300 });
  });
  afterAll(() => api?.close());

  it('queues a valid submission: 202, id, Location, and GET shows it queued', async () => {
    const res = await api.request
      .post('/v1/submissions')
      .send({ language: 'python', source: 'print(1)' })
      .expect(202);
    expect(res.body).toEqual({
      id: expect.stringMatching(UUID),
      state: 'queued',
      language: 'python',
      createdAt: expect.any(String),
      result: null,
    });
    expect(res.headers.location).toBe(`/v1/submissions/${res.body.id}`);
    const got = await api.request.get(res.headers.location).expect(200);
    expect(got.body).toEqual(res.body);
  });

  it('turns source into the language file and fills every default', async () => {
    const res = await api.request
      .post('/v1/submissions')
      .send({ language: 'python', source: 'print(1)' })
      .expect(202);
    const job = await api.queue.getJob(res.body.id);
    expect(job?.data).toEqual({
      createdAt: res.body.createdAt,
      request: {
        language: 'python',
        files: [{ name: 'main.py', content: 'print(1)', encoding: 'utf8' }],
        entry: 'main.py',
        stdin: '',
        stdinEncoding: 'utf8',
        args: [],
        compilerOptions: [],
        judge: null,
        limits: DEFAULT_LIMITS,
        compileLimits: compileLimits(),
      },
      // The worker's log lines for the job carry the request's id (docs/operations.md).
      requestId: res.headers['x-request-id'],
    });
    expect(job?.opts).toMatchObject({ jobId: res.body.id, attempts: 2 });
  });

  it('accepts an alias and stores the canonical language id', async () => {
    const res = await api.request
      .post('/v1/submissions')
      .send({ language: 'Node', source: 'console.log(1)' })
      .expect(202);
    expect(res.body.language).toBe('javascript');
    expect((await api.queue.getJob(res.body.id))?.data.request.files[0].name).toBe('main.js');
  });

  it('keeps files, entry, base64, args and limits as given', async () => {
    const body = {
      language: 'c',
      files: [
        { name: 'util.c', content: 'int two(void){return 2;}' },
        {
          name: 'main.c',
          content: Buffer.from('int main(void){return 0;}').toString('base64'),
          encoding: 'base64',
        },
      ],
      entry: 'main.c',
      stdin: Buffer.from([0xff, 0x00]).toString('base64'),
      stdinEncoding: 'base64',
      args: ['--flag', 'ünïcode'],
      limits: { cpuTimeMs: 50, memoryMb: 1024 },
    };
    const res = await api.request.post('/v1/submissions?wait=false').send(body).expect(202);
    const { request } = (await api.queue.getJob(res.body.id))!.data;
    expect(request).toEqual({
      language: 'c',
      files: [{ ...body.files[0], encoding: 'utf8' }, body.files[1]],
      entry: 'main.c',
      stdin: body.stdin,
      stdinEncoding: 'base64',
      args: body.args,
      compilerOptions: [],
      judge: null,
      limits: { ...DEFAULT_LIMITS, cpuTimeMs: 50, memoryMb: 1024 },
      // Resolved once here and carried, so the worker does not derive them again.
      compileLimits: compileLimits(findLanguage('c')!.compileLimitOverrides),
    });
  });

  const raised = LANGUAGES.find((l) => Object.keys(l.limitOverrides).length > 0);
  (raised ? it : it.skip)(
    `applies a language's own defaults and maxima (${raised?.id ?? 'none in the catalog'})`,
    async () => {
      const lang = raised!;
      const plain = await api.request
        .post('/v1/submissions')
        .send({ language: lang.id, source: '' })
        .expect(202);
      expect((await api.queue.getJob(plain.body.id))?.data.request.limits).toEqual(
        resolveLimits(undefined, lang.limitOverrides),
      );
      const highest = Object.fromEntries(LIMIT_NAMES.map((n) => [n, maxLimit(n, lang.limitOverrides)]));
      const atMax = await api.request
        .post('/v1/submissions')
        .send({ language: lang.id, source: '', limits: highest })
        .expect(202);
      expect((await api.queue.getJob(atMax.body.id))?.data.request.limits).toEqual(highest);
    },
  );

  it('defaults the entry to the first file', async () => {
    const res = await api.request
      .post('/v1/submissions')
      .send({
        language: 'bash',
        files: [
          { name: 'run.sh', content: 'echo' },
          { name: 'lib/x.sh', content: '' },
        ],
      })
      .expect(202);
    expect((await api.queue.getJob(res.body.id))?.data.request.entry).toBe('run.sh');
  });

  it('answers wait=true with 202 and the id when no result comes in time', async () => {
    const started = Date.now();
    const res = await api.request
      .post('/v1/submissions?wait=true')
      .send({ language: 'bash', source: 'echo' })
      .expect(202);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(res.body).toMatchObject({ id: expect.stringMatching(UUID), state: 'queued', result: null });
  });
});
