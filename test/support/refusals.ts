import { createApi, type TestApi } from './api';

/** The 400 every validation failure answers with. */
export interface BadRequest {
  statusCode: number;
  message: string[];
  errors: { field: string; message: string }[];
}

/** A valid submission; refusal tests change one field of it. */
export const VALID_SUBMISSION = { language: 'python', source: 'print(1)' };

export interface RefusalSuite {
  /** The API, started in `beforeAll`. */
  api: () => TestApi;
  /** POSTs `body` and expects a 400 whose errors name `field` with `message`. */
  refused: (body: unknown, field: string, message: string | RegExp, url?: string) => Promise<void>;
}

/**
 * One API without a worker for a describe block of client errors of POST /v1/submissions; after
 * each test nothing may have been queued. Call it at the top of the block.
 */
export function useRefusalSuite(): RefusalSuite {
  let api: TestApi | undefined;
  const started = (): TestApi => {
    if (!api) throw new Error('the API is not started yet (use it inside a test)');
    return api;
  };

  beforeAll(async () => {
    api = await createApi();
  });
  afterAll(() => api?.close());
  afterEach(async () => {
    expect(await started().queue.getJobCountByTypes('waiting', 'prioritized', 'delayed')).toBe(0);
  });

  async function refused(body: unknown, field: string, message: string | RegExp, url = '/v1/submissions') {
    const res = await started()
      .request.post(url)
      .send(body as object)
      .expect(400);
    const answer = res.body as BadRequest;
    expect(answer).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const expected =
      typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message);
    expect(answer.errors).toContainEqual({ field, message: expected });
    expect(answer.message.find((m) => m.startsWith(`${field} `))).toBeDefined();
  }

  return { api: started, refused };
}
