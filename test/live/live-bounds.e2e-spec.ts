import WebSocket from 'ws';
import { LIVE_CLOSE } from '@judgebox/domain';
import { startLiveStack, type LiveStack } from '../support/live-stack';
import { connectLive, refusedStatus, type LiveTestSocket } from './live-socket';

const code = (name: keyof typeof LIVE_CLOSE): number => LIVE_CLOSE[name][0];
const hello = { language: 'python', source: 'print("hi")' };

async function closedWith(
  socket: LiveTestSocket,
): Promise<{ code: number; error: string | undefined; body: any }> {
  const { code: c, received } = await socket.closed;
  const error = received.find((m) => m.type === 'error');
  return { code: c, error: error?.message, body: error?.body };
}

describe('live socket: every message a stranger sends is bounded, each refusal a clear close code (no worker)', () => {
  let stack: LiveStack;
  beforeAll(async () => {
    stack = await startLiveStack(
      {
        LIVE_WS_START_TIMEOUT_MS: 300,
        LIVE_WS_MAX_MESSAGES: 4,
        BODY_LIMIT_BYTES: 1_048_576,
        WAIT_TIMEOUT_MS: 1_000,
      },
      false,
    );
  });
  afterAll(() => stack.close());

  it('a message that is not JSON closes with 4000', async () => {
    const s = await connectLive(stack.liveUrl);
    s.sendRaw('{nope');
    expect(await closedWith(s)).toMatchObject({
      code: code('badMessage'),
      error: 'a message must be valid JSON',
    });
  });

  it('an unknown type closes with 4000', async () => {
    const s = await connectLive(stack.liveUrl);
    s.send({ type: 'init' });
    expect(await closedWith(s)).toMatchObject({
      code: code('badMessage'),
      error: expect.stringMatching(/type must be/),
    });
  });

  it('stdin that is not base64 though it says so closes with 4000', async () => {
    const s = await connectLive(stack.liveUrl);
    s.send({ type: 'start', submission: hello });
    s.send({ type: 'stdin', data: '!!!', encoding: 'base64' });
    expect(await closedWith(s)).toMatchObject({
      code: code('badMessage'),
      error: 'data is not valid base64',
    });
  });

  it('stdin before start closes with 4003', async () => {
    const s = await connectLive(stack.liveUrl);
    s.send({ type: 'stdin', data: 'x' });
    expect((await closedWith(s)).code).toBe(code('notStarted'));
  });

  it('a second start closes with 4002', async () => {
    const s = await connectLive(stack.liveUrl);
    s.send({ type: 'start', submission: hello });
    s.send({ type: 'start', submission: hello });
    expect((await closedWith(s)).code).toBe(code('alreadyStarted'));
  });

  it('no start in time closes with 4001', async () => {
    const s = await connectLive(stack.liveUrl);
    expect((await closedWith(s)).code).toBe(code('startTimeout'));
  });

  it('an invalid submission closes with 4004 and the API error body naming each field', async () => {
    const s = await connectLive(stack.liveUrl);
    s.send({ type: 'start', submission: { language: 'cobol-1959', source: 'x', bogus: 1 } });
    const { code: c, body } = await closedWith(s);
    expect(c).toBe(code('invalidSubmission'));
    expect(body).toMatchObject({ statusCode: 400 });
    expect(body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['language', 'bogus']),
    );
  });

  it('more messages than LIVE_WS_MAX_MESSAGES close with 4009', async () => {
    const s = await connectLive(stack.liveUrl);
    s.send({ type: 'start', submission: hello });
    for (let i = 0; i < 4; i++) s.send({ type: 'stdin', data: 'x' });
    expect((await closedWith(s)).code).toBe(code('tooManyMessages'));
  });

  it('stdin past stdinBytes in all closes with 4010', async () => {
    const s = await connectLive(stack.liveUrl);
    s.send({ type: 'start', submission: { ...hello, stdin: 'y'.repeat(400_000) } });
    s.send({ type: 'stdin', data: 'x'.repeat(400_000) });
    s.send({ type: 'stdin', data: 'x'.repeat(400_000) });
    expect((await closedWith(s)).code).toBe(code('stdinTooLarge'));
  });

  it('no worker free within WAIT_TIMEOUT_MS closes with 4503 and the job is withdrawn', async () => {
    const s = await connectLive(stack.liveUrl);
    s.send({ type: 'start', submission: hello });
    const { id } = await s.next('accepted');
    expect((await closedWith(s)).code).toBe(code('unavailable'));
    expect(await stack.api.queue.getJob(id)).toBeUndefined();
  });
});

describe('live socket: idle time, message size, open sockets, path and origin (no worker)', () => {
  let stack: LiveStack;
  beforeAll(async () => {
    stack = await startLiveStack(
      {
        LIVE_WS_IDLE_TIMEOUT_MS: 500,
        LIVE_WS_MAX_CONNECTIONS: 1,
        BODY_LIMIT_BYTES: 4_096,
        CORS_ORIGINS: ['http://allowed.example'],
      },
      false,
    );
  });
  afterAll(() => stack.close());

  it('a socket quiet for LIVE_WS_IDLE_TIMEOUT_MS closes with 4008', async () => {
    const s = await connectLive(stack.liveUrl);
    expect((await closedWith(s)).code).toBe(code('idleTimeout'));
  });

  it('a message larger than BODY_LIMIT_BYTES closes with 1009', async () => {
    const s = await connectLive(stack.liveUrl);
    s.send({ type: 'start', submission: { ...hello, source: 'x'.repeat(5_000) } });
    expect((await s.closed).code).toBe(1009);
  });

  it('past LIVE_WS_MAX_CONNECTIONS open sockets, the upgrade answers 503', async () => {
    const first = await connectLive(stack.liveUrl);
    expect(await refusedStatus(stack.liveUrl)).toBe(503);
    first.terminate();
  });

  it('an unknown socket path answers 404, an origin the API does not allow 403', async () => {
    expect(await refusedStatus(stack.liveUrl.replace('/v1/live', '/v1/nope'))).toBe(404);
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(stack.liveUrl, { origin: 'http://evil.example' });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(403);
  });
});
