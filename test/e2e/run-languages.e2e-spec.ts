import { useJudgingStack } from '../support/judging-stack';
import { sandboxContainers } from '../support/worker';

/** Hello world and stdin echo in every language of the catalog, through the real HTTP API. */
const PROGRAMS: Record<string, { hello: string; echo: string }> = {
  python: { hello: 'print("hello, world")', echo: 'import sys\nsys.stdout.write(sys.stdin.read())' },
  javascript: {
    hello: 'console.log("hello, world")',
    echo: 'process.stdin.pipe(process.stdout)',
  },
  c: {
    hello: '#include <stdio.h>\nint main(void){puts("hello, world");return 0;}',
    echo: '#include <stdio.h>\nint main(void){int c;while((c=getchar())!=EOF)putchar(c);return 0;}',
  },
  cpp: {
    hello: '#include <iostream>\nint main(){std::cout<<"hello, world"<<std::endl;}',
    echo: '#include <iostream>\nint main(){std::cout<<std::cin.rdbuf();}',
  },
  bash: { hello: 'echo "hello, world"', echo: 'cat' },
};

describe('every language runs end to end', () => {
  const stack = useJudgingStack();
  const http = stack.http;

  it.each(Object.keys(PROGRAMS))('%s: hello world', async (language) => {
    const res = await http()
      .post('/v1/submissions?wait=true')
      .send({ language, source: PROGRAMS[language].hello })
      .expect(200);
    expect(res.body.state).toBe('finished');
    expect(res.body.result).toMatchObject({
      verdict: 'ok',
      run: { stdout: 'hello, world\n', exitCode: 0, signal: null },
    });
    expect(res.body.result.version).toEqual(expect.any(String));
    expect(res.body.result.run.wallTimeMs).toBeGreaterThan(0);
    expect(res.body.result.run.peakMemoryBytes).toBeGreaterThan(0);
  });

  it.each(Object.keys(PROGRAMS))('%s: stdin echo', async (language) => {
    const stdin = 'line one\nłódź ✓\n';
    const res = await http()
      .post('/v1/submissions?wait=true')
      .send({ language, source: PROGRAMS[language].echo, stdin })
      .expect(200);
    expect(res.body.result).toMatchObject({ verdict: 'ok', run: { stdout: stdin, stderr: '', exitCode: 0 } });
  });

  it('the README example: reversing stdin in Python', async () => {
    const res = await http()
      .post('/v1/submissions?wait=true')
      .send({ language: 'python', source: 'print(input()[::-1])', stdin: 'abc' })
      .expect(200);
    expect(res.body.result.verdict).toBe('ok');
    expect(res.body.result.run.stdout).toBe('cba\n');
    for (const key of ['cpuTimeMs', 'wallTimeMs', 'peakMemoryBytes'])
      expect(res.body.result.run[key]).toEqual(expect.any(Number));
  });

  it('the polling path: 202 with an id, then GET until finished', async () => {
    const posted = await http()
      .post('/v1/submissions')
      .send({ language: 'bash', source: 'echo polled' })
      .expect(202);
    const id: string = posted.body.id;
    let view = posted.body;
    for (let i = 0; i < 100 && view.state !== 'finished'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      view = (await http().get(`/v1/submissions/${id}`).expect(200)).body;
      expect(['queued', 'running', 'finished']).toContain(view.state);
    }
    expect(view).toMatchObject({
      id,
      state: 'finished',
      result: { verdict: 'ok', run: { stdout: 'polled\n' } },
    });
  });

  it('multi-file C program with a header and args passed without a shell', async () => {
    const res = await http()
      .post('/v1/submissions?wait=true')
      .send({
        language: 'c',
        files: [
          {
            name: 'main.c',
            content:
              '#include <stdio.h>\n#include "lib/greet.h"\nint main(int c,char**v){for(int i=1;i<c;i++)puts(v[i]);return greet();}',
          },
          { name: 'lib/greet.h', content: 'static int greet(void){return 0;}' },
        ],
        args: ['$HOME', '; rm -rf /', 'a b'],
      })
      .expect(200);
    expect(res.body.result).toMatchObject({ verdict: 'ok', run: { stdout: '$HOME\n; rm -rf /\na b\n' } });
  });

  it('base64 files and stdin; non-UTF-8 output comes back as base64', async () => {
    const res = await http()
      .post('/v1/submissions?wait=true')
      .send({
        language: 'python',
        files: [
          {
            name: 'main.py',
            content: Buffer.from('import sys\nsys.stdout.buffer.write(sys.stdin.buffer.read())').toString(
              'base64',
            ),
            encoding: 'base64',
          },
        ],
        stdin: Buffer.from([0xff, 0x00, 0xfe]).toString('base64'),
        stdinEncoding: 'base64',
      })
      .expect(200);
    expect(res.body.result.run.encoding).toBe('base64');
    expect(Buffer.from(res.body.result.run.stdout, 'base64')).toEqual(Buffer.from([0xff, 0x00, 0xfe]));
  });

  it('leaves no sandbox container behind, warm pool included, once the worker stops', async () => {
    await stack.stopWorker();
    expect(await sandboxContainers()).toEqual([]);
  });
});
