import { randomUUID } from 'node:crypto';
import { SubmissionsService } from '../../apps/api/src/submissions/submissions.service';
import { type TestApi, createApi } from '../support/api';
import { useJudgingStack } from '../support/judging-stack';
import { unb64, judge0Calls } from './judge0-calls';

/** Judge0 CE contract with settings: a path prefix, X-Auth-Token, DELETE; and the error formats. */
jest.setTimeout(120_000);

describe('Judge0 CE compatibility', () => {
  const stack = useJudgingStack();
  const http = stack.http;
  const { submitAndWait } = judge0Calls(stack.api);

  describe('configured: prefix, X-Auth-Token, DELETE enabled', () => {
    let other: TestApi;

    beforeAll(async () => {
      other = await createApi({
        QUEUE_PREFIX: stack.prefix(),
        JUDGE0_PREFIX: '/judge0',
        JUDGE0_AUTH_TOKENS: ['one', 'two'],
        JUDGE0_ENABLE_DELETE: true,
        WAIT_TIMEOUT_MS: 0,
      });
    });

    afterAll(async () => {
      await other?.close();
    });

    it('answers 401 (empty body) without a configured token, under the prefix only', async () => {
      const res = await other.request.get('/judge0/languages').expect(401);
      expect(res.text).toBe('');
      await other.request.get('/judge0/languages').set('X-Auth-Token', 'three').expect(401);
      await other.request.get('/judge0/languages').set('X-Auth-Token', 'two').expect(200);
      await other.request.get('/languages').set('X-Auth-Token', 'two').expect(404);
      // The native API is not affected by Judge0 tokens.
      await other.request.get('/v1/languages').expect(200);
    });

    it('DELETE removes a finished submission and answers it base64-encoded; wait=true refused when waiting is off', async () => {
      // Submitted through the other API (same queue): this one does not allow wait=true.
      const refused = await other.request
        .post('/judge0/submissions?wait=true')
        .set('X-Auth-Token', 'one')
        .send({ source_code: 'print("bye")', language_id: 71 })
        .expect(400);
      expect(refused.body).toEqual({ error: 'wait not allowed' });
      const done = await submitAndWait({ source_code: 'print("bye")', language_id: 71 });
      const deleted = await other.request
        .delete(`/judge0/submissions/${done.token}`)
        .set('X-Auth-Token', 'one')
        .expect(200);
      expect(unb64(deleted.body.stdout)).toBe('bye\n');
      await other.request.get(`/judge0/submissions/${done.token}`).set('X-Auth-Token', 'one').expect(404);
    });
  });

  it('the native API keeps its own 400 format', async () => {
    const res = await http().post('/v1/submissions').send({}).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, errors: expect.any(Array) });
  });

  it('an unexpected failure is a 500 with an errorId, its details only in the log', async () => {
    const broken = await createApi(
      {},
      {
        override: (b) =>
          b
            .overrideProvider(SubmissionsService)
            .useValue({ find: () => Promise.reject(new Error('secret detail')) }),
      },
    );
    try {
      const res = await broken.request.get(`/submissions/${randomUUID()}`).expect(500);
      expect(res.body).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        errorId: expect.any(String),
      });
    } finally {
      await broken.close();
    }
  });

  it('a full queue answers 503 {"error": "queue is full"} with Retry-After', async () => {
    const idle = await createApi({ MAX_QUEUED: 1 }); // its own prefix: no worker takes the job
    try {
      await idle.request.post('/submissions').send({ source_code: 'print(1)', language_id: 71 }).expect(201);
      const full = await idle.request
        .post('/submissions')
        .send({ source_code: 'print(1)', language_id: 71 })
        .expect(503);
      expect(full.body).toEqual({ error: 'queue is full' });
      expect(full.headers['retry-after']).toEqual(expect.any(String));
    } finally {
      await idle.close();
    }
  });
});
