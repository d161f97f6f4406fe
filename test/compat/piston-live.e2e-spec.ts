import type { Job } from 'bullmq';
import {
  interactiveInputKey,
  interactiveOutputKey,
  type SubmissionJobData,
  type SubmissionJobResult,
} from '@judgebox/queue';
import { connect, pythonInit, streamText, type Received } from './piston-socket';
import { startPistonStack, type PistonStack } from '../support/piston-stack';

/**
 * The Piston socket is live, as Piston's: the program runs while the client talks to it. Real API,
 * worker, Redis, Docker and a real `ws` client.
 */
jest.setTimeout(90_000);

describe('Piston v2 WebSocket /api/v2/connect: live sessions', () => {
  let stack: PistonStack;

  beforeAll(async () => {
    stack = await startPistonStack({ PISTON_WS_MAX_MESSAGES: 50 });
  });

  afterAll(async () => {
    await stack?.close();
  });

  const stdin = (data: string): Record<string, unknown> => ({ type: 'data', stream: 'stdin', data });
  const exits = (received: Received[]): Received[] => received.filter((m) => m.type === 'exit');
  /** The finished job of the one live session whose program is `source`. */
  const finishedJob = async (source: string): Promise<Job<SubmissionJobData, SubmissionJobResult>> => {
    for (;;) {
      const jobs = (await stack.api.queue.getJobs(['completed', 'failed'])) as Job<
        SubmissionJobData,
        SubmissionJobResult
      >[];
      const job = jobs.find((j) => j.data.interactive && j.data.request.files[0].content === source);
      if (job) return job;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  it('is interactive: the second line is sent only after the answer to the first has arrived', async () => {
    const socket = await connect(stack.wsUrl);
    socket.send(
      pythonInit('name = input()\nprint("hello", name, flush=True)\nage = input()\nprint(name, "is", age)'),
    );
    socket.send(stdin('ada\n'));
    await socket.stdout('hello ada\n');
    // The program is still running, blocked on its second read: nothing has ended.
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.send(stdin('36\n'));
    const { received, code } = await socket.closed;
    expect(code).toBe(4999);
    expect(streamText(received, 'stdout')).toBe('hello ada\nada is 36\n');
    const firstReply = received.findIndex((m) => m.type === 'data');
    expect(received.findIndex((m) => m.type === 'exit')).toBeGreaterThan(firstReply);
    expect(exits(received)).toEqual([
      { type: 'exit', stage: 'run', code: 0, signal: null, status: null, message: null },
    ]);
  });

  it('output arrives while the program runs, before it reads anything', async () => {
    const socket = await connect(stack.wsUrl);
    socket.send(pythonInit('import sys\nprint("prompt>", flush=True)\nprint("echo", sys.stdin.read())'));
    await socket.stdout('prompt>\n');
    socket.send(stdin('late\u0004'));
    const { received } = await socket.closed;
    expect(streamText(received, 'stdout')).toBe('prompt>\necho late\n');
  });

  it('C: a compile stage with its exit, then the run stage talking to the client', async () => {
    const socket = await connect(stack.wsUrl);
    socket.send({
      type: 'init',
      language: 'c',
      version: '*',
      files: [
        {
          name: 'main.c',
          content:
            '#include <stdio.h>\nint main(void){int x;\nwhile(scanf("%d",&x)==1){printf("%d\\n",2*x);fflush(stdout);}\nreturn 4;}',
        },
      ],
    });
    socket.send(stdin('20\n'));
    await socket.stdout('40\n');
    socket.send(stdin('21\n\u0004'));
    const { received, code } = await socket.closed;
    expect(code).toBe(4999);
    const events = received
      .filter((m) => m.type !== 'data')
      .map((m) => [m.type, m.stage ?? m.language, m.code]);
    expect(events).toEqual([
      ['runtime', 'c', undefined],
      ['stage', 'compile', undefined],
      ['exit', 'compile', 0],
      ['stage', 'run', undefined],
      ['exit', 'run', 4],
    ]);
    expect(streamText(received, 'stdout')).toBe('40\n42\n');
    expect(exits(received)[1]).toMatchObject({ status: 'RE', message: 'Exited with error status 4' });
  });

  it('C: a compile error is the compile stage (its stderr live), and nothing runs', async () => {
    const socket = await connect(stack.wsUrl);
    socket.send({
      type: 'init',
      language: 'c',
      version: '*',
      files: [{ name: 'main.c', content: 'int main(void){ oops }' }],
    });
    const { received, code } = await socket.closed;
    expect(code).toBe(4999);
    expect(received.filter((m) => m.type === 'stage').map((m) => m.stage)).toEqual(['compile']);
    expect(streamText(received, 'stderr')).toMatch(/error/);
    expect(exits(received)).toEqual([
      {
        type: 'exit',
        stage: 'compile',
        code: 1,
        signal: null,
        status: 'RE',
        message: 'Exited with error status 1',
      },
    ]);
  });

  it('a signal kills the running program at once; every signal is a SIGKILL here', async () => {
    const source = 'import time\nprint("sleeping", flush=True)\ntime.sleep(25)';
    const socket = await connect(stack.wsUrl);
    socket.send(pythonInit(source, { run_timeout: 20_000 }));
    await socket.stdout('sleeping\n');
    const signalledAt = Date.now();
    socket.send({ type: 'signal', signal: 'SIGTERM' });
    const { received, code } = await socket.closed;
    expect(Date.now() - signalledAt).toBeLessThan(5_000);
    expect(code).toBe(4999);
    expect(exits(received)).toEqual([
      {
        type: 'exit',
        stage: 'run',
        code: null,
        signal: 'SIGKILL',
        status: 'SG',
        message: 'Caught fatal signal SIGKILL',
      },
    ]);
  });

  it('a client that goes away kills its job promptly, and its streams expire soon', async () => {
    const source = 'import time\nprint("waiting", flush=True)\ntime.sleep(25)';
    const socket = await connect(stack.wsUrl);
    socket.send(pythonInit(source, { run_timeout: 20_000 }));
    await socket.stdout('waiting\n');
    socket.terminate();
    const job = await finishedJob(source);
    expect(job.returnvalue.run).toMatchObject({ signal: 'SIGKILL', killedBy: null });
    expect(job.returnvalue.run?.wallTimeMs).toBeLessThan(10_000);
    for (const key of [
      interactiveInputKey(stack.api.prefix, job.id!),
      interactiveOutputKey(stack.api.prefix, job.id!),
    ]) {
      const ttl = await stack.api.redis.ttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(30);
    }
  });

  it('output over the socket stops at the output limit (OL)', async () => {
    const socket = await connect(stack.wsUrl);
    socket.send(pythonInit('import sys\nfor _ in range(48): sys.stdout.write("x" * 65536)'));
    const { received, code } = await socket.closed;
    expect(code).toBe(4999);
    expect(streamText(received, 'stdout')).toBe('x'.repeat(1_048_576));
    expect(exits(received)).toEqual([
      {
        type: 'exit',
        stage: 'run',
        code: null,
        signal: 'SIGKILL',
        status: 'OL',
        message: 'stdout length exceeded',
      },
    ]);
  });

  it('stdin is bounded in all: messages that together pass stdinBytes end the session (4002)', async () => {
    const socket = await connect(stack.wsUrl);
    socket.send(pythonInit('import time\ntime.sleep(20)', { run_timeout: 20_000 }));
    await socket.next('runtime');
    socket.send(stdin('y'.repeat(600_000)));
    socket.send(stdin('y'.repeat(600_000)));
    const { received, code } = await socket.closed;
    expect(code).toBe(4002);
    expect(received.at(-1)).toEqual({ type: 'error', message: 'stdin must be at most 1048576 bytes in all' });
  });
});
