import { languageVersionsKey } from '@judgebox/queue';
import { connect, pythonInit, streamText } from './piston-socket';
import { startPistonStack, type PistonStack } from '../support/piston-stack';

/**
 * The Piston socket's protocol (engineer-man/piston docs/api-v2.md, api/src/api/v2.js): events,
 * close codes, errors and bounds, against the real API, worker, Redis and Docker. Live behaviour
 * (interactivity, signals, disconnects, caps) is in piston-live.e2e-spec.ts.
 */
jest.setTimeout(90_000);

describe('Piston v2 WebSocket /api/v2/connect: protocol', () => {
  let stack: PistonStack;
  let wsUrl: string;

  beforeAll(async () => {
    stack = await startPistonStack({
      PISTON_WS_INIT_TIMEOUT_MS: 1_000,
      PISTON_WS_MAX_MESSAGES: 20,
      PISTON_WS_MAX_CONNECTIONS: 3,
    });
    wsUrl = stack.wsUrl;
  });

  afterAll(async () => {
    await stack?.close();
  });

  const init = (extra: Record<string, unknown> = {}): Record<string, unknown> =>
    pythonInit(
      'import sys\nfor line in sys.stdin: print("got", line.strip())\nprint("bye", file=sys.stderr)',
      extra,
    );

  it('init, stdin data, end of input (EOT): runtime, stage, data and exit events, then 4999', async () => {
    const socket = await connect(wsUrl);
    socket.send(init());
    socket.send({ type: 'data', stream: 'stdin', data: 'one\n' });
    socket.send({ type: 'data', stream: 'stdin', data: 'two\n\u0004' });
    const { received, code, reason } = await socket.closed;
    expect(code).toBe(4999);
    expect(reason).toBe('Job Completed');
    expect(received[0]).toEqual({
      type: 'runtime',
      language: 'python',
      version: expect.stringMatching(/^3\./),
    });
    expect(received[1]).toEqual({ type: 'stage', stage: 'run' });
    expect(received.filter((m) => m.type === 'stage')).toHaveLength(1);
    expect(streamText(received, 'stdout')).toBe('got one\ngot two\n');
    expect(streamText(received, 'stderr')).toBe('bye\n');
    expect(received.at(-1)).toEqual({
      type: 'exit',
      stage: 'run',
      code: 0,
      signal: null,
      status: null,
      message: null,
    });
  });

  it("init's own stdin reaches the program first (without an added newline), then the socket's", async () => {
    const socket = await connect(wsUrl);
    socket.send(init({ stdin: 'zero\n' }));
    socket.send({ type: 'data', stream: 'stdin', data: 'one\n\u0004' });
    const { received, code } = await socket.closed;
    expect(code).toBe(4999);
    expect(streamText(received, 'stdout')).toBe('got zero\ngot one\n');
  });

  it('close codes: 4001 without init, 4000 on a second init, 4003 data before init, 4004 not stdin, 4005 bad signal', async () => {
    const idle = await connect(wsUrl);
    expect(await idle.closed).toMatchObject({ code: 4001, reason: 'Initialization Timeout' });

    const twice = await connect(wsUrl);
    twice.send(init());
    await twice.next('runtime');
    twice.send(init());
    expect(await twice.closed).toMatchObject({ code: 4000, reason: 'Already Initialized' });

    const early = await connect(wsUrl);
    early.send({ type: 'data', stream: 'stdin', data: 'x' });
    expect(await early.closed).toMatchObject({ code: 4003, reason: 'Not yet initialized' });

    const stdout = await connect(wsUrl);
    stdout.send(init());
    await stdout.next('runtime');
    stdout.send({ type: 'data', stream: 'stdout', data: 'x' });
    expect(await stdout.closed).toMatchObject({ code: 4004, reason: 'Can only write to stdin' });

    const signal = await connect(wsUrl);
    signal.send(init());
    await signal.next('runtime');
    signal.send({ type: 'signal', signal: 'SIGNOPE' });
    expect(await signal.closed).toMatchObject({ code: 4005, reason: 'Invalid signal' });
  });

  it('errors are an error event then 4002: bad init, malformed JSON, too much stdin in one message', async () => {
    const bad = await connect(wsUrl);
    bad.send(init({ version: '1.x' }));
    const closed = await bad.closed;
    expect(closed).toMatchObject({ code: 4002, reason: 'Notified Error' });
    expect(closed.received).toEqual([{ type: 'error', message: 'python-1.x runtime is unknown' }]);

    const garbage = await connect(wsUrl);
    garbage.sendRaw('{not json');
    expect((await garbage.closed).received).toEqual([
      { type: 'error', message: expect.stringContaining('JSON') },
    ]);

    const flood = await connect(wsUrl);
    flood.send(init());
    await flood.next('runtime');
    flood.send({ type: 'data', stream: 'stdin', data: 'x'.repeat(1_048_577) });
    const floodClosed = await flood.closed;
    expect(floodClosed.code).toBe(4002);
    expect(floodClosed.received.at(-1)).toEqual({
      type: 'error',
      message: expect.stringMatching(/stdin .* at most 1048576 bytes/),
    });
  });

  it('bounds: message size (1009), number of messages, sockets at once (503 before the upgrade)', async () => {
    const big = await connect(wsUrl);
    big.sendRaw('x'.repeat(stack.api.config.BODY_LIMIT_BYTES + 1));
    expect((await big.closed).code).toBe(1009);

    const chatty = await connect(wsUrl);
    chatty.send(init());
    for (let i = 0; i < 25; i++) chatty.send({ type: 'data', stream: 'stdin', data: 'x' });
    const chattyClosed = await chatty.closed;
    expect(chattyClosed.code).toBe(4002);
    expect(chattyClosed.received.at(-1)).toEqual({
      type: 'error',
      message: 'a socket may send at most 20 messages',
    });

    const open = await Promise.all([connect(wsUrl), connect(wsUrl), connect(wsUrl)]);
    await expect(connect(wsUrl)).rejects.toThrow(/503/);
    await Promise.all(open.map((s) => s.closed)); // each ends at the init timeout
    const again = await connect(wsUrl);
    again.send(init({ version: '0.0.1' }));
    expect((await again.closed).code).toBe(4002);
  });
});

describe('Piston v2 WebSocket /api/v2/connect: no worker free', () => {
  let stack: PistonStack;

  beforeAll(async () => {
    stack = await startPistonStack({ WAIT_TIMEOUT_MS: 1_500 }, false);
    await stack.api.redis.hset(languageVersionsKey(stack.api.prefix), 'python', '3.11.2');
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('a job no worker takes within WAIT_TIMEOUT_MS is withdrawn: an error event, then 4002', async () => {
    const socket = await connect(stack.wsUrl);
    socket.send(pythonInit('print(1)'));
    const { received, code } = await socket.closed;
    expect(code).toBe(4002);
    expect(received.map((m) => m.type)).toEqual(['runtime', 'error']);
    expect(received[1].message).toMatch(/no worker was free/);
    expect(await stack.api.queue.getJobCounts('waiting', 'active')).toEqual({ waiting: 0, active: 0 });
  });
});
