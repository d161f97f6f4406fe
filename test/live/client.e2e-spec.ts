import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import {
  JudgeboxClient,
  JudgeboxLiveError,
  JudgeboxNotFoundError,
  JudgeboxValidationError,
  outputBytes,
  type TestCaseResult,
  type WebSocketLike,
} from '@judgebox/client';
import { startLiveStack, type LiveStack } from '../support/live-stack';

const C_SUM =
  '#include <stdio.h>\nint main(void){long a,b;if(scanf("%ld %ld",&a,&b)!=2)return 1;printf("%ld\\n",a+b);return 0;}';
const ECHO =
  'import sys\nprint("ready", flush=True)\nfor line in sys.stdin:\n    print("echo:", line.strip(), flush=True)';

describe('@judgebox/client against the real stack (API, worker, Redis, Docker)', () => {
  let stack: LiveStack;
  let client: JudgeboxClient;
  beforeAll(async () => {
    stack = await startLiveStack();
    client = new JudgeboxClient({
      url: stack.baseUrl,
      // Node 20 has no global WebSocket: the `ws` package fits the client's WebSocketLike.
      webSocket: (url, headers) => new WebSocket(url, { headers }) as unknown as WebSocketLike,
    });
  });
  afterAll(() => stack.close());

  it('languages() lists the catalog', async () => {
    const languages = await client.languages();
    expect(languages.map((l) => l.id)).toEqual(expect.arrayContaining(['python', 'c']));
  });

  it('run() answers the finished submission', async () => {
    const view = await client.run({ language: 'python', source: 'print(6 * 7)' });
    expect(view.result).toMatchObject({ verdict: 'ok', run: { stdout: '42\n', exitCode: 0 } });
  });

  it('judge() reports each test case as it finishes, then the result', async () => {
    const seen: TestCaseResult[] = [];
    const view = await client.judge(
      {
        language: 'c',
        source: C_SUM,
        testCases: [
          { stdin: '1 2', expectedOutput: '3' },
          { stdin: '1 1', expectedOutput: '3' },
        ],
      },
      { onTestCase: (tc) => seen.push(tc) },
    );
    expect(seen.map((tc) => tc.verdict)).toEqual(['accepted', 'wrong_answer']);
    expect(view.result?.verdict).toBe('wrong_answer');
  });

  it('live() streams output and takes stdin while the program runs', async () => {
    const run = client.live({ language: 'python', source: ECHO });
    let stdout = '';
    for await (const message of run) {
      if (message.type !== 'output' || message.stream !== 'stdout') continue;
      stdout += new TextDecoder().decode(outputBytes(message.data, message.encoding));
      if (stdout === 'ready\n') run.stdin.write('hi\n');
      if (stdout.includes('echo: hi')) run.stdin.end();
    }
    expect(stdout).toBe('ready\necho: hi\n');
    const view = await run.result;
    expect(view.id).toBe(await run.id);
    expect(view.result?.verdict).toBe('ok');
  });

  it('errors are typed and carry the API error body', async () => {
    const refused = await client.run({ language: 'nope', source: 'x' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(JudgeboxValidationError);
    expect((refused as JudgeboxValidationError).status).toBe(400);
    expect((refused as JudgeboxValidationError).errors[0].field).toBe('language');

    await expect(client.get(randomUUID())).rejects.toBeInstanceOf(JudgeboxNotFoundError);

    const run = client.live({ language: 'nope', source: 'x' });
    const live = await (async () => {
      for await (const _ of run) void _;
    })().catch((e: unknown) => e);
    expect(live).toBeInstanceOf(JudgeboxLiveError);
    expect((live as JudgeboxLiveError).code).toBe(4004);
    expect((live as JudgeboxLiveError).body).toMatchObject({ statusCode: 400 });
    await expect(run.result).rejects.toBeInstanceOf(JudgeboxLiveError);
  });
});
