import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { redisOptionsFromUrl, SUBMISSIONS_QUEUE } from '@judgebox/queue';
import { createApi, removeQueueKeys, TEST_REDIS_URL, type TestApi } from '../support/api';
import { startWorker } from '../support/worker';
import { DEFAULT_FIELDS_SORTED } from './judge0-docs';
import { testPrefix } from '../support/prefix';

/**
 * Judge0 callbacks (`callback_url`): delivered once a submission finishes by whichever API process
 * is running, once, with retries. Real APIs, real worker, real Docker, a local HTTP receiver.
 */
jest.setTimeout(120_000);

interface Hit {
  method: string;
  body: any;
  at: number;
}

interface Receiver {
  url(path: string): string;
  hits(path: string): Hit[];
  close(): Promise<void>;
}

/** Records every request by path. Paths starting with /flaky answer 500 to their first request. */
async function startReceiver(): Promise<Receiver> {
  const byPath = new Map<string, Hit[]>();
  const server = createServer((req: IncomingMessage, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      const path = req.url ?? '';
      const hits = byPath.get(path) ?? [];
      hits.push({ method: req.method ?? '', body: JSON.parse(data), at: Date.now() });
      byPath.set(path, hits);
      res.statusCode = path.startsWith('/flaky') && hits.length === 1 ? 500 : 204;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    hits: (path) => byPath.get(path) ?? [],
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const unb64 = (text: string): string => Buffer.from(text, 'base64').toString('utf8');
/** Longer than callbackRetryDelayMs: a delivery that would come twice has come by then. */
const QUIET_MS = 2_500;

describe('Judge0 callbacks', () => {
  let prefix: string;
  let worker: INestApplication | undefined;
  let receiver: Receiver;
  let queue: Queue;
  let redis: Redis;
  const open = new Set<TestApi>();

  /** An API process on the shared queue; closed by `stop` or at the end. */
  const startApi = async (): Promise<TestApi> => {
    const api = await createApi({ QUEUE_PREFIX: prefix, JUDGE0_CALLBACK_ALLOW_HOSTS: ['127.0.0.1'] });
    open.add(api);
    return api;
  };
  const stop = async (api: TestApi): Promise<void> => {
    open.delete(api);
    await api.close();
  };

  const submit = async (api: TestApi, source: string, path: string): Promise<string> => {
    const res = await api.request
      .post('/submissions')
      .send({ source_code: source, language_id: 71, callback_url: receiver.url(path) })
      .expect(201);
    return res.body.token as string;
  };

  /** Waits for `count` requests on `path`, then a quiet while for any more. */
  const settled = async (path: string, count: number): Promise<Hit[]> => {
    const deadline = Date.now() + 60_000;
    while (receiver.hits(path).length < count && Date.now() < deadline) await sleep(100);
    await sleep(QUIET_MS);
    return receiver.hits(path);
  };

  const state = async (token: string): Promise<string> =>
    (await (await queue.getJob(token))?.getState()) ?? 'unknown';

  beforeAll(async () => {
    prefix = testPrefix();
    worker = await startWorker(prefix);
    receiver = await startReceiver();
    queue = new Queue(SUBMISSIONS_QUEUE, { connection: redisOptionsFromUrl(TEST_REDIS_URL), prefix });
    redis = new Redis(TEST_REDIS_URL);
  });

  afterAll(async () => {
    for (const api of open) await api.close();
    await worker?.close();
    await receiver?.close();
    if (queue) await removeQueueKeys(queue, redis, prefix);
    await queue?.close();
    redis?.disconnect();
  });

  it('PUTs the default fields, base64, once; a failed try is retried callbackRetryDelayMs later', async () => {
    const api = await startApi();
    const token = await submit(api, 'print("called back")', '/flaky/retry?x=1');
    const hits = await settled('/flaky/retry?x=1', 2);
    await stop(api);
    expect(hits.map((h) => h.method)).toEqual(['PUT', 'PUT']);
    expect(hits[1].at - hits[0].at).toBeGreaterThanOrEqual(900);
    expect(hits[1].body).toEqual(hits[0].body);
    expect(hits[0].body).toMatchObject({ token, status: { id: 3, description: 'Accepted' } });
    expect(unb64(hits[0].body.stdout)).toBe('called back\n');
    expect(Object.keys(hits[0].body).sort()).toEqual(DEFAULT_FIELDS_SORTED);
  });

  it('the accepting API stops before the submission finishes: another API process delivers it, once', async () => {
    const a = await startApi();
    const b = await startApi();
    const token = await submit(a, 'import time\ntime.sleep(2)\nprint("slept")', '/handover');
    await stop(a);
    expect(await state(token)).not.toBe('completed');
    const hits = await settled('/handover', 1);
    await stop(b);
    expect(hits).toHaveLength(1);
    expect(hits[0].body).toMatchObject({ token, status: { id: 3 } });
    expect(unb64(hits[0].body.stdout)).toBe('slept\n');
  });

  it('a submission that finished while no API process ran is delivered by the next one to start', async () => {
    const a = await startApi();
    const token = await submit(a, 'print("later")', '/later');
    await stop(a);
    const deadline = Date.now() + 60_000;
    while ((await state(token)) !== 'completed' && Date.now() < deadline) await sleep(100);
    await sleep(500);
    expect(receiver.hits('/later')).toHaveLength(0);
    await startApi();
    const hits = await settled('/later', 1);
    expect(hits).toHaveLength(1);
    expect(unb64(hits[0].body.stdout)).toBe('later\n');
  });

  it('with two API processes running, each callback is PUT exactly once', async () => {
    const [a, b] = [await startApi(), await startApi()];
    const paths = ['/twice/1', '/twice/2', '/twice/3', '/twice/4'];
    const tokens = await Promise.all(paths.map((p, i) => submit(i % 2 === 0 ? a : b, `print(${i})`, p)));
    await settled(paths[paths.length - 1], 1);
    for (const [i, path] of paths.entries()) {
      expect(receiver.hits(path)).toHaveLength(1);
      expect(receiver.hits(path)[0].body.token).toBe(tokens[i]);
    }
  });

  it('a submission that failed for good (Internal Error) is called back too', async () => {
    // On a queue of its own, a worker whose every try fails as an unreachable engine would.
    const api = await createApi({ JUDGE0_CALLBACK_ALLOW_HOSTS: ['127.0.0.1'] });
    const failing = new Worker(
      SUBMISSIONS_QUEUE,
      () => Promise.reject(new Error('docker engine unreachable')),
      {
        connection: redisOptionsFromUrl(TEST_REDIS_URL),
        prefix: api.prefix,
      },
    );
    try {
      const token = await submit(api, 'print(1)', '/internal');
      const hits = await settled('/internal', 1);
      expect(hits).toHaveLength(1);
      expect(hits[0].body).toMatchObject({ token, status: { id: 13, description: 'Internal Error' } });
    } finally {
      await failing.close();
      await api.close();
    }
  });

  describe('refused addresses', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startApi();
    });
    afterAll(async () => {
      await stop(api);
    });

    it.each([
      ['http://10.0.0.1/hook', /private, loopback or reserved/],
      ['http://192.168.1.10:8080/hook', /private, loopback or reserved/],
      ['http://172.16.5.4/hook', /private, loopback or reserved/],
      ['http://169.254.169.254/latest/meta-data', /private, loopback or reserved/],
      ['http://[::1]:80/hook', /private, loopback or reserved/],
      ['http://localhost/hook', /private, loopback or reserved/],
      ['ftp://example.com/hook', /http or https/],
      ['not a url', /not a valid URL/],
    ])('refuses callback_url %s with 422', async (url, message) => {
      const res = await api.request
        .post('/submissions')
        .send({ source_code: 'print(1)', language_id: 71, callback_url: url })
        .expect(422);
      expect(res.body).toEqual({ callback_url: [expect.stringMatching(message)] });
    });
  });
});
