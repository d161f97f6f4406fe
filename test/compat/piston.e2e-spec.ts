import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Worker } from 'bullmq';
import { valid } from 'semver';
import { LIMIT_RANGES } from '@judgebox/domain';
import { languageVersionsKey, redisOptionsFromUrl, SUBMISSIONS_QUEUE } from '@judgebox/queue';
import { createApi, type TestApi } from '../support/api';
import { startWorker } from '../support/worker';
import { connect } from './piston-socket';

/**
 * Contract tests of the Piston v2 adapter, written from Piston's public documentation
 * (engineer-man/piston docs/api-v2.md and its v2 router), against the real API, worker and Docker.
 * The WebSocket's live sessions are in piston-socket.e2e-spec.ts.
 */
jest.setTimeout(60_000);

describe('Piston v2 compatibility', () => {
  let api: TestApi;
  let worker: INestApplication | undefined;

  beforeAll(async () => {
    const prefix = `test-${randomUUID()}`;
    worker = await startWorker(prefix);
    api = await createApi({ QUEUE_PREFIX: prefix });
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
  });

  const execute = async (body: Record<string, unknown>, status = 200): Promise<any> => {
    const res = await api.request.post('/api/v2/execute').send(body);
    expect({ status: res.status, body: res.body }).toMatchObject({ status });
    return res.body;
  };
  const py = (content: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    language: 'python',
    version: '*',
    files: [{ name: 'main.py', content }],
    ...extra,
  });
  const c = (content: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    language: 'c',
    version: '*',
    files: [{ name: 'main.c', content }],
    ...extra,
  });
  const STAGE_KEYS = [
    'stdout',
    'stderr',
    'output',
    'code',
    'signal',
    'message',
    'status',
    'cpu_time',
    'wall_time',
    'memory',
  ];

  describe('GET /api/v2/runtimes', () => {
    it('lists every language a worker reported, with semver versions and aliases', async () => {
      const runtimes = (await api.request.get('/api/v2/runtimes').expect(200)).body;
      const native = (await api.request.get('/v1/languages').expect(200)).body;
      expect(runtimes).toHaveLength(native.length);
      for (const r of runtimes) {
        expect(Object.keys(r).sort()).toEqual(['aliases', 'language', 'version']);
        expect(valid(r.version)).toBe(r.version);
      }
      expect(runtimes).toContainEqual({
        language: 'python',
        version: expect.stringMatching(/^3\.\d+\.\d+$/),
        aliases: ['python3', 'py', 'py3'],
      });
      // Versions are the images' own, coerced to semver (a fourth part is dropped).
      const java = native.find((l: any) => l.id === 'java');
      expect(runtimes.find((r: any) => r.language === 'java').version).toBe(
        java.version.split('.').slice(0, 3).join('.'),
      );
    });
  });

  describe('POST /api/v2/execute', () => {
    it('runs Python by alias with a version range; the answer has Piston shape and no compile stage', async () => {
      const runtimes = (await api.request.get('/api/v2/runtimes').expect(200)).body;
      const version = runtimes.find((r: any) => r.language === 'python').version;
      const body = await execute({ ...py('print("hi")'), language: 'py', version: '3.x' });
      expect(body).toEqual({ language: 'python', version, run: expect.any(Object) });
      expect(Object.keys(body.run).sort()).toEqual([...STAGE_KEYS].sort());
      expect(body.run).toMatchObject({
        stdout: 'hi\n',
        stderr: '',
        output: 'hi\n',
        code: 0,
        signal: null,
        status: null,
        message: null,
      });
      expect(body.run.wall_time).toBeGreaterThan(0);
      expect(body.run.cpu_time).toBeGreaterThanOrEqual(0);
      expect(body.run.memory).toBeGreaterThan(0);
      // The exact version and other selectors resolve to the same runtime.
      for (const selector of [version, `^${version.split('.')[0]}`, `>=${version}`, '*'])
        expect((await execute({ ...py('print(1)'), language: 'python3', version: selector })).version).toBe(
          version,
        );
    });

    it('refuses an unknown language or a version that matches nothing, as Piston does', async () => {
      expect(await execute({ ...py('x'), version: '2.x' }, 400)).toEqual({
        message: 'python-2.x runtime is unknown',
      });
      expect(await execute({ ...py('x'), version: 'not a range' }, 400)).toEqual({
        message: 'python-not a range runtime is unknown',
      });
      expect(await execute({ ...py('x'), language: 'brainfuck' }, 400)).toEqual({
        message: 'brainfuck-* runtime is unknown',
      });
    });

    it('files in utf8, base64 and hex; the first utf8 file is the entry; args and stdin', async () => {
      const main = [
        'import sys',
        'print(open("data.txt").read().strip(), open("blob.bin", "rb").read().hex())',
        'print(sys.argv[1:])',
        'print(repr(sys.stdin.read()))',
      ].join('\n');
      const body = await execute({
        language: 'python',
        version: '3',
        files: [
          { name: 'data.txt', content: Buffer.from('from base64\n').toString('base64'), encoding: 'base64' },
          { name: 'main.py', content: main, encoding: 'utf8' },
          { name: 'blob.bin', content: '00ff10', encoding: 'hex' },
        ],
        args: ['a b', '--x'],
        stdin: 'line one\nline two',
      });
      // Piston's REST execute ends stdin with a newline when it lacks one.
      expect(body.run.stdout).toBe("from base64 00ff10\n['a b', '--x']\n'line one\\nline two\\n'\n");
      expect(body.run.code).toBe(0);
    });

    it("a file without a name gets the language's file name", async () => {
      const body = await execute({
        language: 'python',
        version: '*',
        files: [{ content: 'import os\nprint(os.path.basename(__file__))' }],
      });
      expect(body.run.stdout).toBe('main.py\n');
    });

    it('C: a compile stage and a run stage, each with its measurements', async () => {
      const body = await execute(
        c('#include <stdio.h>\nint main(int c, char **v){ printf("%s %d\\n", v[1], c); return 0; }', {
          args: ['x'],
        }),
      );
      expect(body.language).toBe('c');
      expect(Object.keys(body.compile).sort()).toEqual([...STAGE_KEYS].sort());
      expect(body.compile).toMatchObject({ code: 0, signal: null, status: null, message: null });
      expect(body.compile.wall_time).toBeGreaterThan(0);
      expect(body.run).toMatchObject({ stdout: 'x 2\n', code: 0, signal: null, status: null });
    });

    it('C: a compile error is the compile stage, repeated as run (as Piston does for old clients)', async () => {
      const body = await execute(c('int main(void) { return nope; }'));
      expect(body.compile).toMatchObject({
        code: 1,
        status: 'RE',
        signal: null,
        message: 'Exited with error status 1',
      });
      expect(body.compile.stderr).toContain('nope');
      expect(body.compile.output).toBe(body.compile.stdout + body.compile.stderr);
      expect(body.run).toEqual(body.compile);
    });

    it('RE: a non-zero exit code', async () => {
      const body = await execute(py('import sys\nprint("out")\nprint("err", file=sys.stderr)\nsys.exit(3)'));
      expect(body.run).toMatchObject({
        stdout: 'out\n',
        stderr: 'err\n',
        output: 'out\nerr\n',
        code: 3,
        signal: null,
        status: 'RE',
        message: 'Exited with error status 3',
      });
    });

    it('SG: death by a signal has a signal name and no code', async () => {
      const body = await execute(c('#include <signal.h>\nint main(void){ raise(SIGSEGV); return 0; }'));
      expect(body.run).toMatchObject({
        code: null,
        signal: 'SIGSEGV',
        status: 'SG',
        message: 'Caught fatal signal SIGSEGV',
      });
    });

    it('SG with SIGKILL: the memory limit (run_memory_limit, bytes)', async () => {
      const body = await execute(
        py('x = bytearray(200 * 1024 * 1024)\nprint(len(x))', { run_memory_limit: 64 * 1024 * 1024 }),
      );
      expect(body.run).toMatchObject({
        code: null,
        signal: 'SIGKILL',
        status: 'SG',
        message: 'Memory limit exceeded',
        stdout: '',
      });
    });

    it('TO: run_timeout is the wall time, run_cpu_time the CPU time (ms)', async () => {
      const wall = await execute(py('import time\ntime.sleep(5)', { run_timeout: 400 }));
      expect(wall.run).toMatchObject({
        code: null,
        signal: 'SIGKILL',
        status: 'TO',
        message: 'Time limit exceeded (wall clock)',
      });
      expect(wall.run.wall_time).toBeLessThan(3_000);
      const cpu = await execute(py('while True: pass', { run_cpu_time: 200, run_timeout: 5_000 }));
      expect(cpu.run).toMatchObject({
        code: null,
        signal: 'SIGKILL',
        status: 'TO',
        message: 'Time limit exceeded',
      });
    });

    it('OL and EL: stdout or stderr past the output limit', async () => {
      const twoMb = 2 * LIMIT_RANGES.outputBytes.default;
      const ol = await execute(py(`import sys\nsys.stdout.write("x" * ${twoMb})`));
      expect(ol.run).toMatchObject({
        code: null,
        signal: 'SIGKILL',
        status: 'OL',
        message: 'stdout length exceeded',
      });
      expect(ol.run.stdout.length).toBeLessThanOrEqual(LIMIT_RANGES.outputBytes.default);
      const el = await execute(py(`import sys\nsys.stderr.write("x" * ${twoMb})`));
      expect(el.run).toMatchObject({
        code: null,
        signal: 'SIGKILL',
        status: 'EL',
        message: 'stderr length exceeded',
      });
    });

    it('limits above the configured maximum answer 400 with the maximum; -1 means the maximum', async () => {
      const mib = 1_048_576;
      const cases: [string, number, string][] = [
        ['run_timeout', 30_001, 'run_timeout cannot exceed the configured limit of 30000'],
        ['run_cpu_time', 15_001, 'run_cpu_time cannot exceed the configured limit of 15000'],
        [
          'run_memory_limit',
          1_025 * mib,
          `run_memory_limit cannot exceed the configured limit of ${1_024 * mib}`,
        ],
        ['compile_timeout', 15_001, 'compile_timeout cannot exceed the configured limit of 15000'],
        ['compile_cpu_time', 10_001, 'compile_cpu_time cannot exceed the configured limit of 10000'],
        [
          'compile_memory_limit',
          513 * mib,
          `compile_memory_limit cannot exceed the configured limit of ${512 * mib}`,
        ],
        ['run_timeout', -5, 'run_timeout must be non-negative'],
        ['run_timeout', 50, 'run_timeout must be at least 100'],
      ];
      for (const [field, value, message] of cases)
        expect(await execute(c('int main(void){return 0;}', { [field]: value }), 400)).toEqual({ message });
      expect(await execute(py('x', { run_timeout: '1000' }), 400)).toEqual({
        message: 'If specified, run_timeout must be a number',
      });
      const max = await execute(py('print(1)', { run_memory_limit: -1, compile_memory_limit: -1 }));
      expect(max.run).toMatchObject({ stdout: '1\n', status: null });
    });

    it("compile limits at or under the server's are accepted and do not change the compile stage", async () => {
      const body = await execute(
        c('int main(void){return 0;}', {
          compile_timeout: 10_000,
          compile_cpu_time: 5_000,
          compile_memory_limit: 256 * 1_048_576,
        }),
      );
      expect(body.compile).toMatchObject({ code: 0, status: null });
      expect(body.run).toMatchObject({ code: 0, status: null });
    });

    it('refuses malformed requests with Piston messages, and the native rules in Piston shape', async () => {
      const bad: [Record<string, unknown>, string][] = [
        [{ version: '*', files: [] }, 'language is required as a string'],
        [{ language: 'python', files: [] }, 'version is required as a string'],
        [{ language: 'python', version: '*' }, 'files is required as an array'],
        [
          { language: 'python', version: '*', files: [{ name: 'a.py' }] },
          'files[0].content is required as a string',
        ],
        [
          { language: 'python', version: '*', files: [{ content: 'AA==', encoding: 'base64' }] },
          'files must include at least one utf8 encoded file',
        ],
        [
          { ...py('x'), files: [{ content: 'x' }, { content: 'zz', encoding: 'hex' }] },
          'files[1].content must be valid hex (encoding is "hex")',
        ],
        [
          { ...py('x'), files: [{ content: 'x', encoding: 'utf16' }] },
          'files[0].encoding must be one of utf8, base64, hex',
        ],
      ];
      for (const [body, message] of bad) expect(await execute(body, 400)).toEqual({ message });
      // Native rules (file names, argument types), reported in Piston's shape.
      expect(await execute({ ...py('x'), files: [{ name: '../main.py', content: 'x' }] }, 400)).toEqual({
        message: expect.stringMatching(/^files\[0\]\.name /),
      });
      expect(await execute(py('x', { args: [1] }), 400)).toEqual({
        message: expect.stringMatching(/^args\[0\] /),
      });
      // Unknown fields are ignored, as Piston does.
      expect((await execute(py('print(2)', { unknown_field: true }))).run.stdout).toBe('2\n');
    });

    it('a body that is not JSON answers 415 with a message; the native API keeps its own error shape', async () => {
      const res = await api.request
        .post('/api/v2/execute')
        .set('content-type', 'text/plain')
        .send('print(1)')
        .expect(415);
      expect(res.body.message).toBe('request body must be application/json');
      const native = await api.request
        .post('/v1/submissions')
        .send({ language: 'brainfuck', source: 'x' })
        .expect(400);
      expect(native.body).toMatchObject({ statusCode: 400, errors: [{ field: 'language' }] });
    });
  });
});

describe('Piston v2 compatibility: without a worker (wait timeout, shutdown, origins, OpenAPI)', () => {
  let api: TestApi;

  beforeAll(async () => {
    // No worker: the job stays queued.
    api = await createApi({ WAIT_TIMEOUT_MS: 300 });
    await api.redis.hset(languageVersionsKey(api.prefix), 'python', '3.11.2');
  });

  afterAll(async () => {
    await api?.close();
  });

  it('answers 503 with a message once WAIT_TIMEOUT_MS has passed', async () => {
    const res = await api.request
      .post('/api/v2/execute')
      .send({ language: 'python', version: '3', files: [{ content: 'print(1)' }] })
      .expect(503);
    expect(res.body).toEqual({
      message: expect.stringMatching(/^no result within 300 ms \(submission .* is queued\)/),
    });
  });

  it('at shutdown, open sockets are closed with 1001 and do not hold the server', async () => {
    const own = await createApi({ PISTON_WS_INIT_TIMEOUT_MS: 60_000 });
    await own.app.listen(0, '127.0.0.1');
    const { port } = own.app.getHttpServer().address() as AddressInfo;
    const socket = await connect(`ws://127.0.0.1:${port}/api/v2/connect`);
    const started = Date.now();
    await own.close();
    expect((await socket.closed).code).toBe(1001);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a socket from a browser origin outside CORS_ORIGINS is refused with 403', async () => {
    const own = await createApi({ CORS_ORIGINS: 'https://ok.example' });
    await own.app.listen(0, '127.0.0.1');
    const { port } = own.app.getHttpServer().address() as AddressInfo;
    const url = `ws://127.0.0.1:${port}/api/v2/connect`;
    try {
      await expect(connect(url, 'https://evil.example')).rejects.toThrow(/403/);
      const ok = await connect(url, 'https://ok.example');
      ok.send({ type: 'init', language: 'python', version: '0.0.1', files: [{ content: 'x' }] });
      expect((await ok.closed).code).toBe(4002);
      // Not a browser (no Origin): allowed, as for the REST routes.
      const plain = await connect(url);
      plain.sendRaw('{');
      expect((await plain.closed).code).toBe(4002);
    } finally {
      await own.close();
    }
  });

  it('is in the OpenAPI document beside the native routes', async () => {
    const doc = await api.request.get('/docs-json').expect(200);
    expect(doc.body.paths).toHaveProperty(['/api/v2/execute', 'post']);
    expect(doc.body.paths).toHaveProperty(['/api/v2/runtimes', 'get']);
    expect(doc.body.paths).toHaveProperty(['/v1/submissions', 'post']);
  });
});

/**
 * XX: the sandbox failing is an infrastructure fault, which the real worker cannot be made to
 * produce on demand; a BullMQ worker that fails every job stands in for a broken Docker engine.
 */
describe('Piston v2 compatibility: internal errors', () => {
  let api: TestApi;
  let failing: Worker | undefined;

  beforeAll(async () => {
    api = await createApi();
    await api.redis.hset(languageVersionsKey(api.prefix), 'python', '3.11.2');
    failing = new Worker(SUBMISSIONS_QUEUE, () => Promise.reject(new Error('docker engine unreachable')), {
      connection: redisOptionsFromUrl(api.config.REDIS_URL),
      prefix: api.prefix,
    });
  });

  afterAll(async () => {
    await failing?.close();
    await api?.close();
  });

  it('XX: the run stage carries the reason, no code, no signal', async () => {
    const res = await api.request
      .post('/api/v2/execute')
      .send({ language: 'python', version: '3.11.2', files: [{ content: 'print(1)' }] })
      .expect(200);
    expect(res.body).toEqual({
      language: 'python',
      version: '3.11.2',
      run: {
        stdout: '',
        stderr: '',
        output: '',
        code: null,
        signal: null,
        message: 'docker engine unreachable',
        status: 'XX',
        cpu_time: null,
        wall_time: null,
        memory: null,
      },
    });
  });
});
