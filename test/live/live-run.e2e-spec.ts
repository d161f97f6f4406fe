import { Verdict } from '@judgebox/domain';
import { startLiveStack, type LiveStack } from '../support/live-stack';
import { connectLive, outputBytes } from './live-socket';

const ECHO =
  'import sys\nprint("ready", flush=True)\nfor line in sys.stdin:\n    print("echo:", line.strip(), flush=True)';
const C_SUM =
  '#include <stdio.h>\nint main(void){long a,b;if(scanf("%ld %ld",&a,&b)!=2)return 1;printf("%ld\\n",a+b);return 0;}';

describe('live socket /v1/live: a program talks to its client while it runs (real worker)', () => {
  let stack: LiveStack;
  beforeAll(async () => {
    stack = await startLiveStack();
  });
  afterAll(() => stack.close());

  it('Python: output while it runs, stdin while it runs, eof, then the final result in the native shape', async () => {
    const socket = await connectLive(stack.liveUrl);
    socket.send({ type: 'start', submission: { language: 'python', source: ECHO } });
    const accepted = await socket.next('accepted');
    await socket.stdout('ready');
    socket.send({ type: 'stdin', data: 'hello\n' });
    await socket.stdout('echo: hello');
    socket.send({ type: 'stdin', data: Buffer.from('bytes\n').toString('base64'), encoding: 'base64' });
    await socket.stdout('echo: bytes');
    socket.send({ type: 'eof' });
    const { code, received } = await socket.closed;
    expect(code).toBe(1000);
    const types = received.map((m) => m.type);
    expect(types.indexOf('compiled')).toBeLessThan(types.indexOf('finished'));
    expect(received.find((m) => m.type === 'compiled')?.compile).toBeNull();
    const finished = received.find((m) => m.type === 'finished');
    expect(finished?.submission).toMatchObject({ id: accepted.id, state: 'finished', language: 'python' });
    expect(finished?.submission.result).toMatchObject({ verdict: Verdict.Ok, run: { exitCode: 0 } });
    // GET shows the same submission.
    const got = await stack.api.request.get(`/v1/submissions/${accepted.id}`).expect(200);
    expect(got.body.result.verdict).toBe(Verdict.Ok);
  });

  it('C judged: compile result, each test case as it ends, then finished; stdin is refused for a judged run', async () => {
    const socket = await connectLive(stack.liveUrl);
    socket.send({
      type: 'start',
      submission: {
        language: 'c',
        source: C_SUM,
        testCases: [
          { stdin: '1 2', expectedOutput: '3' },
          { stdin: '2 2', expectedOutput: '5' },
        ],
      },
    });
    const { code, received } = await socket.closed;
    expect(code).toBe(1000);
    const events = received.filter((m) => ['compiled', 'testCase', 'finished'].includes(m.type));
    expect(events.map((m) => m.type)).toEqual(['compiled', 'testCase', 'testCase', 'finished']);
    expect(events[0].compile.exitCode).toBe(0);
    expect(events[1].testCase).toMatchObject({ index: 0, verdict: Verdict.Accepted });
    expect(events[2].testCase).toMatchObject({ index: 1, verdict: Verdict.WrongAnswer });
    expect(events[2].testCase.wallTimeMs).toEqual(expect.any(Number));
    expect(events[3].submission.result.verdict).toBe(Verdict.WrongAnswer);

    const judged = await connectLive(stack.liveUrl);
    judged.send({ type: 'start', submission: { language: 'python', source: 'print(1)', testCases: [{}] } });
    judged.send({ type: 'stdin', data: 'x' });
    const refused = await judged.closed;
    expect(refused.code).toBe(4000);
    expect(refused.received.find((m) => m.type === 'error')?.message).toMatch(/judged/);
  });

  it('kill stops the program at once; the result says it was killed', async () => {
    const socket = await connectLive(stack.liveUrl);
    const source = 'import time\nprint("started", flush=True)\ntime.sleep(20)';
    socket.send({
      type: 'start',
      submission: { language: 'python', source, limits: { wallTimeMs: 25_000 } },
    });
    await socket.stdout('started');
    socket.send({ type: 'kill' });
    const { code, received } = await socket.closed;
    expect(code).toBe(1000);
    const run = received.find((m) => m.type === 'finished')?.submission.result.run;
    expect(run.signal).toBe('SIGKILL');
    expect(run.wallTimeMs).toBeLessThan(20_000);
  });

  it('output keeps the batch rules: at most outputBytes per stream, base64 where it is not UTF-8, a character never cut', async () => {
    const socket = await connectLive(stack.liveUrl);
    const source = [
      'import sys',
      'sys.stdout.buffer.write("é".encode() * 600); sys.stdout.flush()',
      'sys.stderr.buffer.write(b"\\xff\\xfe"); sys.stderr.flush()',
      'sys.stdout.write("x" * 100000)',
    ].join('\n');
    socket.send({ type: 'start', submission: { language: 'python', source, limits: { outputBytes: 2048 } } });
    const { received } = await socket.closed;
    const stdout = outputBytes(received, 'stdout');
    expect(stdout.length).toBeLessThanOrEqual(2048);
    expect(stdout.subarray(0, 1200).toString('utf8')).toBe('é'.repeat(600));
    for (const m of received.filter((x) => x.type === 'output' && x.encoding === 'utf8'))
      expect(m.data).not.toContain('\ufffd');
    expect(received.filter((m) => m.type === 'output' && m.stream === 'stderr')[0]).toMatchObject({
      encoding: 'base64',
      data: Buffer.from([0xff, 0xfe]).toString('base64'),
    });
    const result = received.find((m) => m.type === 'finished')?.submission.result;
    expect(result.verdict).toBe(Verdict.OutputLimitExceeded);
  });

  it('a client that goes away kills its job', async () => {
    const socket = await connectLive(stack.liveUrl);
    const source = 'import time\nprint("started", flush=True)\ntime.sleep(20)';
    socket.send({
      type: 'start',
      submission: { language: 'python', source, limits: { wallTimeMs: 25_000 } },
    });
    const { id } = await socket.next('accepted');
    await socket.stdout('started');
    socket.terminate();
    const deadline = Date.now() + 15_000;
    let state = '';
    while (Date.now() < deadline && state !== 'finished') {
      await new Promise((r) => setTimeout(r, 200));
      state = (await stack.api.request.get(`/v1/submissions/${id}`)).body.state;
    }
    expect(state).toBe('finished');
  });
});
