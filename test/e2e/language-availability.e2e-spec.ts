import type { INestApplication } from '@nestjs/common';
import Docker from 'dockerode';
import { randomUUID } from 'node:crypto';
import {
  findLanguage,
  FIRST_TIER_IMAGES,
  LANGUAGES,
  resolveLimits,
  type SubmissionRequest,
} from '@judgebox/domain';
import { submissionJobOptions } from '@judgebox/queue';
import { createApi, removeQueueKeys, type TestApi } from '../support/api';
import { startWorker } from '../support/worker';
import { testPrefix } from '../support/prefix';

/**
 * Languages whose image is not built yet (npm start builds most in the background), with a real
 * worker, API and engine. The worker runs images under a tag of this test's own
 * (SANDBOX_IMAGE_TAG): an image "appears" when the test tags the built one, so no real image is
 * removed or rebuilt; only the test's tags are removed at the end.
 */
const TAG = `jbtest-${randomUUID().slice(0, 8)}`;
const docker = new Docker({ socketPath: process.env.DOCKER_SOCKET ?? '/var/run/docker.sock' });
const tagged = new Set<string>();

async function tagImage(folder: string): Promise<void> {
  await docker.getImage(`judgebox/${folder}:latest`).tag({ repo: `judgebox/${folder}`, tag: TAG });
  tagged.add(folder);
}

/** Polls until `check` passes (the worker looks every second, the heartbeat every 5 s). */
async function eventually(check: () => Promise<void>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

describe('languages whose image is not built yet', () => {
  let api: TestApi;
  let worker: INestApplication;
  const prefix = testPrefix();

  const available = async (): Promise<Record<string, boolean>> => {
    const res = await api.request.get('/v1/languages').expect(200);
    return Object.fromEntries(
      (res.body as { id: string; available: boolean }[]).map((l) => [l.id, l.available]),
    );
  };

  beforeAll(async () => {
    // Only the start-up probe's image: every other language is "still being built".
    await tagImage('bash');
    const overrides = {
      SANDBOX_IMAGE_TAG: TAG,
      SANDBOX_IMAGE_RECHECK_SECONDS: 1,
      SANDBOX_POOL: [{ image: '*', size: 0 }],
    };
    worker = await startWorker(prefix, overrides);
    api = await createApi({ QUEUE_PREFIX: prefix, ...overrides });
    await eventually(async () => expect((await available()).bash).toBe(true));
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    if (api) await removeQueueKeys(api.queue, api.redis, prefix).catch(() => undefined);
    for (const folder of tagged) {
      // Removes this tag only: judgebox/<folder>:latest keeps the image.
      await docker
        .getImage(`judgebox/${folder}:${TAG}`)
        .remove({ noprune: true })
        .catch(() => undefined);
    }
  });

  it('GET /v1/languages says which are available', async () => {
    const now = await available();
    expect(now).toMatchObject({ bash: true, dash: true, awk: true, lua: false, python: false });
    expect(Object.keys(now)).toHaveLength(LANGUAGES.length);
  });

  it('refuses a submission in one with 503, Retry-After and its name, and queues nothing', async () => {
    const res = await api.request
      .post('/v1/submissions')
      .send({ language: 'lua', source: 'print(1)' })
      .expect(503);
    expect(res.headers['retry-after']).toBe('30');
    expect(res.body.message).toMatch(/language lua is not ready yet/);
    const counts = await api.queue.getJobCounts('waiting', 'delayed', 'active', 'completed', 'failed');
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('the Judge0 adapter lists only ready languages and answers 503 for the others', async () => {
    const ids = (await api.request.get('/languages').expect(200)).body.map((l: { id: number }) => l.id);
    expect(ids).toContain(46); // Bash
    expect(ids).not.toContain(64); // Lua
    expect(ids).not.toContain(71); // Python
    const all = (await api.request.get('/languages/all').expect(200)).body.map((l: { id: number }) => l.id);
    expect(all).toContain(64);
    const res = await api.request
      .post('/submissions')
      .send({ source_code: 'print(1)', language_id: 64 })
      .expect(503);
    expect(res.headers['retry-after']).toBe('30');
    expect(res.body.error).toMatch(/language lua is not ready yet/);
    // A batch with one such language is refused whole: its Bash item is not queued either.
    const batch = await api.request
      .post('/submissions/batch')
      .send({
        submissions: [
          { source_code: 'echo 1', language_id: 46 },
          { source_code: 'print(1)', language_id: 64 },
        ],
      })
      .expect(503);
    expect(batch.body.error).toMatch(/language lua is not ready yet/);
    expect(await api.queue.getJobCountByTypes('waiting', 'active', 'completed', 'failed')).toBe(0);
  });

  it('the Piston adapter lists only ready runtimes and answers 503 for the others', async () => {
    const runtimes = (await api.request.get('/api/v2/runtimes').expect(200)).body.map(
      (r: { language: string }) => r.language,
    );
    expect(runtimes).toEqual(expect.arrayContaining(['bash', 'dash', 'awk']));
    expect(runtimes).not.toContain('lua');
    const res = await api.request
      .post('/api/v2/execute')
      .send({ language: 'lua', version: '*', files: [{ content: 'print(1)' }] })
      .expect(503);
    expect(res.headers['retry-after']).toBe('30');
    expect(JSON.stringify(res.body)).toMatch(/lua is not ready yet/);
  });

  it('a job that reaches the worker before its image is put back, and runs once the image is there', async () => {
    const perl = findLanguage('perl')!;
    const request: SubmissionRequest = {
      language: 'perl',
      files: [{ name: perl.sourceFile, content: 'print "late\\n";', encoding: 'utf8' }],
      entry: perl.sourceFile,
      stdin: '',
      stdinEncoding: 'utf8',
      args: [],
      compilerOptions: [],
      judge: null,
      limits: resolveLimits(undefined, perl.limitOverrides),
    };
    // Queued past the API's check (as when another worker said it had the image).
    const id = randomUUID();
    await api.queue.add(
      'submission',
      { request, createdAt: new Date().toISOString() },
      submissionJobOptions(id, 600),
    );
    await eventually(async () => expect(await api.queue.getJobState(id)).toBe('delayed'));
    await tagImage('perl');
    await eventually(async () => {
      const res = await api.request.get(`/v1/submissions/${id}`).expect(200);
      expect(res.body.state).toBe('finished');
      expect(res.body.result.run.stdout).toBe('late\n');
    }, 60_000);
  });

  it('readiness is down until the first tier is ready, and counts ready languages', async () => {
    const res = await api.request.get('/health/ready').expect(503);
    expect(res.body.details.languages).toMatchObject({ status: 'down', ready: 4, total: LANGUAGES.length });
  });

  it('an image built later is found without a restart, and its language runs', async () => {
    await tagImage('lua');
    await eventually(async () => expect((await available()).lua).toBe(true));
    const res = await api.request
      .post('/v1/submissions?wait=true')
      .send({ language: 'lua', source: 'print("appeared")' })
      .expect(200);
    expect(res.body.result.verdict).toBe('ok');
    expect(res.body.result.run.stdout).toBe('appeared\n');
  });

  it('readiness turns up once the first tier is there, whatever the rest', async () => {
    for (const folder of FIRST_TIER_IMAGES) if (!tagged.has(folder)) await tagImage(folder);
    await eventually(async () => {
      const res = await api.request.get('/health/ready').expect(200);
      expect(res.body.details.languages.status).toBe('up');
      expect(res.body.details.languages.ready).toBeLessThan(LANGUAGES.length);
    });
  });
});
