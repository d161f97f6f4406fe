import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Verdict } from '@judgebox/domain';
import { readSse } from '@judgebox/client';
import { createApi, type TestApi } from '../support/api';
import { startLiveStack, type LiveStack } from '../support/live-stack';

const C_SUM =
  '#include <stdio.h>\nint main(void){long a,b;if(scanf("%ld %ld",&a,&b)!=2)return 1;printf("%ld\\n",a+b);return 0;}';
const judged = {
  language: 'c',
  source: C_SUM,
  testCases: [
    { stdin: '1 2', expectedOutput: '3' },
    { stdin: '2 2', expectedOutput: '5' },
    { stdin: '5 5', expectedOutput: '10' },
  ],
};

/** Every event of the stream until the server ends it. */
async function events(baseUrl: string, id: string): Promise<{ event: string; data: any }[]> {
  const res = await fetch(`${baseUrl}/v1/submissions/${id}/events`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  const out: { event: string; data: any }[] = [];
  for await (const m of readSse(res.body!)) out.push({ event: m.event, data: JSON.parse(m.data) });
  return out;
}

function expectJudgedEvents(got: { event: string; data: any }[]): void {
  expect(got.map((e) => e.event)).toEqual(['compiled', 'testCase', 'testCase', 'testCase', 'finished']);
  expect(got[0].data.compile.exitCode).toBe(0);
  expect(got.slice(1, 4).map((e) => [e.data.testCase.index, e.data.testCase.verdict])).toEqual([
    [0, Verdict.Accepted],
    [1, Verdict.WrongAnswer],
    [2, Verdict.Accepted],
  ]);
  for (const e of got.slice(1, 4))
    expect(e.data.testCase).toMatchObject({
      cpuTimeMs: expect.any(Number),
      peakMemoryBytes: expect.any(Number),
    });
  expect(got[4].data.submission).toMatchObject({
    state: 'finished',
    result: { verdict: Verdict.WrongAnswer },
  });
}

describe('GET /v1/submissions/:id/events (Server-Sent Events, real worker)', () => {
  let stack: LiveStack;
  let other: TestApi;
  let otherUrl: string;
  beforeAll(async () => {
    stack = await startLiveStack({ EVENTS_MAX_STREAMS: 2 });
    // A second API process on the same queue: events come through Redis, not through memory.
    other = await createApi({ QUEUE_PREFIX: stack.api.prefix });
    await other.app.listen(0, '127.0.0.1');
    otherUrl = `http://127.0.0.1:${(other.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await other.close();
    await stack.close();
  });

  it('while judging: compiled, each case as it finishes, then finished, read from another API process', async () => {
    const posted = await stack.api.request.post('/v1/submissions').send(judged).expect(202);
    expectJudgedEvents(await events(otherUrl, posted.body.id));
  });

  it('after it finished: the same events, replayed from the result', async () => {
    const posted = await stack.api.request.post('/v1/submissions?wait=true').send(judged).expect(200);
    expectJudgedEvents(await events(stack.baseUrl, posted.body.id));
  });

  it('a plain run: compiled (null for Python), then finished with its run', async () => {
    const posted = await stack.api.request
      .post('/v1/submissions')
      .send({ language: 'python', source: 'print(7)' });
    const got = await events(stack.baseUrl, posted.body.id);
    expect(got.map((e) => e.event)).toEqual(['compiled', 'finished']);
    expect(got[0].data.compile).toBeNull();
    expect(got[1].data.submission.result.run.stdout).toBe('7\n');
  });

  it('each case goes out as the worker judged it: with groups, its score; the end has the groups scored', async () => {
    const grouped = { ...judged, groups: [{ name: 'all', points: 10, testCases: [0, 1, 2] }] };
    const posted = await stack.api.request.post('/v1/submissions').send(grouped).expect(202);
    const got = await events(stack.baseUrl, posted.body.id);
    expect(got.filter((e) => e.event === 'testCase').map((e) => e.data.testCase.score)).toEqual([1, 0, 1]);
    expect(got.at(-1)?.data.submission.result.scoring).toBeTruthy();
  });

  it('an unknown submission answers 404, a malformed id 400', async () => {
    expect((await fetch(`${stack.baseUrl}/v1/submissions/${randomUUID()}/events`)).status).toBe(404);
    expect((await fetch(`${stack.baseUrl}/v1/submissions/nope/events`)).status).toBe(400);
  });

  it('past EVENTS_MAX_STREAMS open streams, another answers 503 with Retry-After', async () => {
    const slow = { language: 'python', source: 'import time\ntime.sleep(3)' };
    const posted = await stack.api.request.post('/v1/submissions').send(slow);
    const url = `${stack.baseUrl}/v1/submissions/${posted.body.id}/events`;
    const open = [new AbortController(), new AbortController()];
    const streams = await Promise.all(open.map((c) => fetch(url, { signal: c.signal })));
    const reader = streams.map((s) => s.body!.getReader());
    await new Promise((r) => setTimeout(r, 300)); // both streams have started
    const refused = await fetch(url);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    for (const c of open) c.abort();
    await Promise.all(reader.map((r) => r.cancel().catch(() => undefined)));
  });
});
