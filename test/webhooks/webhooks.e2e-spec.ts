import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { WEBHOOK_BOUNDS } from '@judgebox/domain';
import { createApi, removeQueueKeys, TEST_REDIS_URL, type TestApi } from '../support/api';
import { startWorker } from '../support/worker';
import {
  startWebhookReceiver,
  verifyWebhook,
  type WebhookHit,
  type WebhookReceiver,
} from './webhook-receiver';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { quotaFrom } from '@judgebox/domain';
import { redisOptionsFromUrl } from '@judgebox/queue';
import { ApiKeyStore } from '../../apps/api/src/tenants/api-key.store';
import { WEBHOOKS_QUEUE } from '../../apps/api/src/webhooks/webhook-job';
import { testPrefix } from '../support/prefix';

/**
 * Native webhooks (`callbackUrl`): a signed POST of the result, verified by a receiver that follows
 * docs/deploy.md; retried with backoff; delivered by any API process. Real API processes, a real
 * worker and Docker, a receiver on loopback (allowed by WEBHOOK_ALLOW_HOSTS, as the address checks
 * refuse loopback otherwise).
 */
jest.setTimeout(120_000);

const SECRET = `whsec-${randomUUID()}`;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('native webhooks', () => {
  const prefix = testPrefix();
  let worker: INestApplication | undefined;
  let receiver: WebhookReceiver;
  const open = new Set<TestApi>();

  const startApi = async (overrides = {}): Promise<TestApi> => {
    const api = await createApi({
      QUEUE_PREFIX: prefix,
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_ALLOW_HOSTS: ['127.0.0.1'],
      ...overrides,
    });
    open.add(api);
    return api;
  };
  const stop = async (api: TestApi): Promise<void> => {
    open.delete(api);
    await api.close();
  };
  const submit = async (api: TestApi, source: string, path: string): Promise<string> => {
    const res = await api.request
      .post('/v1/submissions')
      .send({ language: 'python', source, callbackUrl: receiver.url(path) })
      .expect(202);
    return res.body.id as string;
  };
  /** Waits for `count` requests on `path`, then a quiet while for any more. */
  const settled = async (path: string, count: number, quietMs = 2_500): Promise<WebhookHit[]> => {
    const deadline = Date.now() + 60_000;
    while (receiver.hits(path).length < count && Date.now() < deadline) await sleep(100);
    await sleep(quietMs);
    return receiver.hits(path);
  };

  beforeAll(async () => {
    worker = await startWorker(prefix);
    receiver = await startWebhookReceiver();
  });

  afterAll(async () => {
    for (const api of open) await api.close();
    await worker?.close();
    await receiver?.close();
    const cleaner = await createApi({ QUEUE_PREFIX: prefix });
    const redis = new Redis(TEST_REDIS_URL);
    await removeQueueKeys(cleaner.queue, redis, prefix);
    redis.disconnect();
    await cleaner.close();
  });

  it('POSTs the finished submission once, signed; the receiver verifies it as documented', async () => {
    const api = await startApi();
    const id = await submit(api, 'print("hooked")', '/once');
    const [hit, ...more] = await settled('/once', 1);
    expect(more).toEqual([]);
    expect(hit.method).toBe('POST');
    expect(hit.headers['content-type']).toBe('application/json');
    expect(hit.headers['judgebox-submission-id']).toBe(id);
    expect(hit.headers['judgebox-delivery-attempt']).toBe('1');
    const signature = hit.headers['judgebox-signature'] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook(SECRET, hit.raw, signature)).toBe(true);
    // Anything else fails: another secret, a changed body, a stale or future timestamp.
    expect(verifyWebhook('another-secret-of-16', hit.raw, signature)).toBe(false);
    expect(verifyWebhook(SECRET, hit.raw.replace('hooked', 'hacked'), signature)).toBe(false);
    const t = Number(/t=(\d+)/.exec(signature)?.[1]);
    const tolerance = WEBHOOK_BOUNDS.signatureToleranceSeconds;
    expect(verifyWebhook(SECRET, hit.raw, signature, tolerance, t + tolerance + 1)).toBe(false);
    expect(verifyWebhook(SECRET, hit.raw, signature, tolerance, t - tolerance - 1)).toBe(false);
    // The body is what GET answers.
    const body = JSON.parse(hit.raw);
    const { body: view } = await api.request.get(`/v1/submissions/${id}`).expect(200);
    expect(body).toEqual(view);
    expect(body).toMatchObject({
      id,
      state: 'finished',
      result: { verdict: 'ok', run: { stdout: 'hooked\n' } },
    });
    await stop(api);
  });

  it('a failed try is retried after the backoff, signed again', async () => {
    const api = await startApi();
    await submit(api, 'print(2)', '/flaky/one');
    const hits = await settled('/flaky/one', 2);
    await stop(api);
    expect(hits).toHaveLength(2);
    expect(hits[1].at - hits[0].at).toBeGreaterThanOrEqual(WEBHOOK_BOUNDS.webhookBackoffMs - 100);
    expect(hits[1].headers['judgebox-delivery-attempt']).toBe('2');
    expect(hits[1].raw).toBe(hits[0].raw);
    for (const hit of hits)
      expect(verifyWebhook(SECRET, hit.raw, hit.headers['judgebox-signature'] as string)).toBe(true);
  });

  it('the accepting API stops before the submission finishes: another API process delivers it, once', async () => {
    const a = await startApi();
    const b = await startApi();
    const id = await submit(a, 'import time\ntime.sleep(2)\nprint("slept")', '/handover');
    await stop(a);
    const hits = await settled('/handover', 1);
    await stop(b);
    expect(hits).toHaveLength(1);
    expect(JSON.parse(hits[0].raw)).toMatchObject({ id, result: { run: { stdout: 'slept\n' } } });
  });

  describe('refused callbackUrl', () => {
    const tooLong = `https://example.com/${'a'.repeat(WEBHOOK_BOUNDS.callbackUrlLength)}`;
    it.each([
      ['a private address', 'http://10.0.0.1/hook', /private, loopback or reserved/],
      ['a private address', 'http://192.168.1.10:8080/hook', /private, loopback or reserved/],
      ['a link-local address', 'http://169.254.169.254/latest/meta-data', /private, loopback or reserved/],
      ['IPv6 loopback', 'http://[::1]/hook', /private, loopback or reserved/],
      ['a name for loopback', 'http://localhost/hook', /private, loopback or reserved/],
      ['another scheme', 'ftp://example.com/hook', /http or https/],
      ['not a URL', 'not a url', /valid URL/],
      ['not a string', 42, /must be a string/],
      ['too long', tooLong, /at most/],
    ])('%s (%#): 400 naming callbackUrl, nothing queued', async (_label, url, message) => {
      const api = await startApi({ WEBHOOK_ALLOW_HOSTS: [] });
      const res = await api.request
        .post('/v1/submissions')
        .send({ language: 'python', source: 'print(1)', callbackUrl: url })
        .expect(400);
      expect(res.body.errors).toEqual([{ field: 'callbackUrl', message: expect.stringMatching(message) }]);
      expect(await api.queue.count()).toBe(0);
      await stop(api);
    });

    it('without WEBHOOK_SECRET a callbackUrl is refused with 400', async () => {
      const api = await startApi({ WEBHOOK_SECRET: '' });
      const res = await api.request
        .post('/v1/submissions')
        .send({ language: 'python', source: 'print(1)', callbackUrl: receiver.url('/nosecret') })
        .expect(400);
      expect(res.body.errors).toEqual([
        { field: 'callbackUrl', message: expect.stringMatching(/WEBHOOK_SECRET/) },
      ]);
      await stop(api);
    });
  });
  // Last: once a key exists on the prefix, every request needs one.
  it('with API keys on, the delivery carries the submitting key as its owner, signed as before', async () => {
    const api = await startApi();
    const { key, token } = await new ApiKeyStore(api.redis, api.prefix).create('hooks', quotaFrom({}).quota);
    const res = await api.request
      .post('/v1/submissions')
      .set('Authorization', `Bearer ${token}`)
      .send({ language: 'python', source: 'print("keyed")', callbackUrl: receiver.url('/keyed') })
      .expect(202);
    const deliveries = new Queue(WEBHOOKS_QUEUE, { connection: redisOptionsFromUrl(TEST_REDIS_URL), prefix });
    const delivery = await deliveries.getJob(res.body.id as string);
    await deliveries.close();
    expect(delivery?.data).toMatchObject({ owner: key.id });
    const [hit] = await settled('/keyed', 1);
    expect(verifyWebhook(SECRET, hit.raw, hit.headers['judgebox-signature'] as string)).toBe(true);
    await stop(api);
  });
});
