import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { zipSync } from 'fflate';
import { SubmissionsService } from '../../apps/api/src/submissions/submissions.service';
import { createApi, type TestApi } from '../support/api';
import { startWorker } from '../support/worker';
import { DEFAULT_FIELDS_SORTED } from './judge0-docs';

/**
 * Contract of the Judge0 CE (v1.13.1) compatible API, written from Judge0's public documentation
 * (ce.judge0.com) and its published language and status lists. Real API, real worker, real Docker.
 */
jest.setTimeout(120_000);

describe('Judge0 CE compatibility', () => {
  let api: TestApi;
  let worker: INestApplication | undefined;
  let prefix: string;

  beforeAll(async () => {
    prefix = `test-${randomUUID()}`;
    worker = await startWorker(prefix);
    api = await createApi({ QUEUE_PREFIX: prefix });
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
  });

  const b64 = (text: string | Uint8Array): string => Buffer.from(text).toString('base64');
  const unb64 = (text: string): string => Buffer.from(text, 'base64').toString('utf8');
  /** Base64 wrapped at 60 characters, as Ruby's encode64 (and Judge0 itself) writes it. */
  const wrapped = (text: string): string => b64(text).replace(/.{60}/g, '$&\n');

  const submitAndWait = async (body: object, query = ''): Promise<any> => {
    const res = await api.request.post(`/submissions?wait=true${query}`).send(body).expect(201);
    return res.body;
  };

  /** Polls GET /submissions/batch until no submission is In Queue or Processing. */
  const waitForAll = async (tokens: string[], query = ''): Promise<any[]> => {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const res = await api.request.get(`/submissions/batch?tokens=${tokens.join(',')}${query}`).expect(200);
      const subs: any[] = res.body.submissions;
      if (subs.every((s) => s === null || s.status.id > 2)) return subs;
      if (Date.now() > deadline) throw new Error(`still running: ${JSON.stringify(subs)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  describe('languages, statuses and information', () => {
    it('GET /languages lists Judge0 ids and names for the languages we have', async () => {
      const res = await api.request.get('/languages').expect(200);
      const ids = res.body.map((l: any) => l.id);
      expect(ids).toEqual(
        expect.arrayContaining([
          71, 63, 50, 54, 62, 60, 73, 46, 74, 51, 72, 68, 85, 64, 61, 65, 67, 59, 80, 82, 78, 81, 56,
        ]),
      );
      for (const l of res.body) expect(Object.keys(l).sort()).toEqual(['id', 'name']);
      expect(res.body.find((l: any) => l.id === 71).name).toMatch(/^Python/);
      expect(res.body.find((l: any) => l.id === 54).name).toMatch(/^C\+\+/);
    });

    it('GET /languages/{id} and /languages/all', async () => {
      const one = await api.request.get('/languages/50').expect(200);
      expect(one.body).toMatchObject({ id: 50, is_archived: false, source_file: 'main.c' });
      expect(one.body.name).toMatch(/^C /);
      expect(one.body.compile_cmd).toMatch(/^gcc /);
      expect(one.body.run_cmd).toBe('./main');
      const py = await api.request.get('/languages/71').expect(200);
      expect(py.body.compile_cmd).toBeNull();
      await api.request.get('/languages/9999').expect(404);
      const all = await api.request.get('/languages/all').expect(200);
      expect(all.body.every((l: any) => l.is_archived === false)).toBe(true);
    });

    it("GET /statuses is exactly Judge0's list", async () => {
      const res = await api.request.get('/statuses').expect(200);
      expect(res.body).toEqual([
        { id: 1, description: 'In Queue' },
        { id: 2, description: 'Processing' },
        { id: 3, description: 'Accepted' },
        { id: 4, description: 'Wrong Answer' },
        { id: 5, description: 'Time Limit Exceeded' },
        { id: 6, description: 'Compilation Error' },
        { id: 7, description: 'Runtime Error (SIGSEGV)' },
        { id: 8, description: 'Runtime Error (SIGXFSZ)' },
        { id: 9, description: 'Runtime Error (SIGFPE)' },
        { id: 10, description: 'Runtime Error (SIGABRT)' },
        { id: 11, description: 'Runtime Error (NZEC)' },
        { id: 12, description: 'Runtime Error (Other)' },
        { id: 13, description: 'Internal Error' },
        { id: 14, description: 'Exec Format Error' },
      ]);
    });

    it('GET /about, /config_info, /workers', async () => {
      expect((await api.request.get('/about').expect(200)).body).toMatchObject({ version: '1.13.1' });
      const config = (await api.request.get('/config_info').expect(200)).body;
      expect(config).toMatchObject({
        cpu_time_limit: 5,
        max_cpu_time_limit: 15,
        cpu_extra_time: 1,
        max_cpu_extra_time: 5,
        wall_time_limit: 10,
        max_wall_time_limit: 20,
        memory_limit: 128000,
        max_memory_limit: 512000,
        stack_limit: 64000,
        max_stack_limit: 128000,
        max_processes_and_or_threads: 60,
        max_max_processes_and_or_threads: 120,
        max_file_size: 1024,
        max_max_file_size: 4096,
        number_of_runs: 1,
        max_number_of_runs: 20,
        enable_submission_delete: false,
        max_submission_batch_size: 20,
        enable_network: false,
        allow_enable_network: false,
      });
      const workers = (await api.request.get('/workers').expect(200)).body;
      expect(workers).toEqual([
        expect.objectContaining({
          queue: 'submissions',
          size: expect.any(Number),
          available: expect.any(Number),
        }),
      ]);
    });
  });

  describe('submissions', () => {
    it('POST answers 201 {token}; GET shows the default fields once finished', async () => {
      const created = await api.request
        .post('/submissions')
        .send({ source_code: 'print("hello, " + input())', language_id: 71, stdin: 'judge0' })
        .expect(201);
      expect(Object.keys(created.body)).toEqual(['token']);
      const [done] = await waitForAll([created.body.token]);
      expect(Object.keys(done).sort()).toEqual(DEFAULT_FIELDS_SORTED);
      expect(done).toMatchObject({
        token: created.body.token,
        stdout: 'hello, judge0\n',
        stderr: null,
        compile_output: null,
        message: null,
        status: { id: 3, description: 'Accepted' },
      });
      expect(done.time).toMatch(/^\d+\.\d+$/);
      expect(done.memory).toEqual(expect.any(Number));
      expect(done.memory).toBeGreaterThan(0);
      const single = await api.request
        .get(`/submissions/${created.body.token}?fields=stdout,status,token`)
        .expect(200);
      expect(single.body).toEqual({
        stdout: 'hello, judge0\n',
        status: { id: 3, description: 'Accepted' },
        token: created.body.token,
      });
    });

    it('wait=true with fields=* answers every field; arguments are split like a shell would, never run by one', async () => {
      const body = await submitAndWait(
        {
          source_code: 'import sys\nprint(sys.argv[1:])\nprint(input())',
          language_id: 71,
          stdin: 'in',
          command_line_arguments: `'a b' "c d" $HOME;id`,
          cpu_time_limit: 2,
          memory_limit: 65536,
        },
        '&fields=*',
      );
      expect(body).toMatchObject({
        stdout: "['a b', 'c d', '$HOME;id']\nin\n",
        status: { id: 3, description: 'Accepted' },
        language_id: 71,
        language: { id: 71, name: expect.stringMatching(/^Python/) },
        source_code: expect.stringContaining('sys.argv'),
        stdin: 'in',
        expected_output: null,
        exit_code: 0,
        exit_signal: null,
        cpu_time_limit: '2.0',
        cpu_extra_time: '1.0',
        wall_time_limit: '10.0',
        memory_limit: 65536,
        stack_limit: 64000,
        max_processes_and_or_threads: 60,
        max_file_size: 1024,
        number_of_runs: 1,
        redirect_stderr_to_stdout: false,
        enable_network: false,
        command_line_arguments: `'a b' "c d" $HOME;id`,
        callback_url: null,
      });
      expect(body.wall_time).toMatch(/^\d+\.\d+$/);
      expect(Date.parse(body.created_at)).not.toBeNaN();
      expect(Date.parse(body.finished_at)).not.toBeNaN();
    });

    it('base64_encoded=true: source, stdin and expected output decoded on input; text fields encoded on output', async () => {
      const body = await submitAndWait(
        {
          source_code: wrapped('import sys\ns = input()\nprint(s[::-1])\nprint("warn", file=sys.stderr)'),
          language_id: 71,
          stdin: b64('łódź'),
          expected_output: b64('źdół\n'),
        },
        '&base64_encoded=true&fields=stdout,stderr,status,source_code,stdin,expected_output',
      );
      expect(body.status).toEqual({ id: 3, description: 'Accepted' });
      expect(unb64(body.stdout)).toBe('źdół\n');
      expect(unb64(body.stderr)).toBe('warn\n');
      expect(unb64(body.stdin)).toBe('łódź');
      expect(unb64(body.source_code)).toContain('s[::-1]');
      expect(unb64(body.expected_output)).toBe('źdół\n');
    });

    it('output that is not UTF-8 needs base64_encoded=true', async () => {
      const source = 'import sys\nsys.stdout.buffer.write(bytes([0xff, 0xfe, 0x41]))';
      const created = await api.request
        .post('/submissions?wait=true')
        .send({ source_code: source, language_id: 71 })
        .expect(201);
      expect(created.body).toEqual({
        error:
          'some attributes for this submission cannot be converted to UTF-8, use base64_encoded=true query parameter',
        token: expect.any(String),
      });
      const token = created.body.token;
      const plain = await api.request.get(`/submissions/${token}`).expect(400);
      expect(plain.body.error).toMatch(/use base64_encoded=true/);
      const batch = await api.request.get(`/submissions/batch?tokens=${token}`).expect(400);
      expect(batch.body.error).toMatch(/one or more submissions .* use base64_encoded=true/);
      const encoded = await api.request.get(`/submissions/${token}?base64_encoded=true`).expect(200);
      expect(Buffer.from(encoded.body.stdout, 'base64')).toEqual(Buffer.from([0xff, 0xfe, 0x41]));
      // Fields that are UTF-8 can still be read without base64.
      await api.request.get(`/submissions/${token}?fields=status,time`).expect(200);
    });

    it('fields: unknown names answer 400 as Judge0 does', async () => {
      const res = await api.request
        .get(`/submissions/${randomUUID()}?fields=stdout,nope,also_nope`)
        .expect(400);
      expect(res.body).toEqual({ error: 'invalid fields: [nope, also_nope]' });
      await api.request
        .post('/submissions?fields=bogus')
        .send({ source_code: 'x', language_id: 71 })
        .expect(400);
    });

    it('unknown tokens: 404 for one, null in a batch', async () => {
      const res = await api.request.get(`/submissions/${randomUUID()}`).expect(404);
      expect(res.text).toBe(''); // Judge0: an empty 404
      await api.request.get('/submissions/not-a-token').expect(404);
      const batch = await api.request.get(`/submissions/batch?tokens=${randomUUID()}`).expect(200);
      expect(batch.body).toEqual({ submissions: [null] });
    });

    it("DELETE is refused unless enabled (Judge0's default)", async () => {
      const res = await api.request.delete(`/submissions/${randomUUID()}`).expect(400);
      expect(res.body).toEqual({ error: 'delete not allowed' });
    });
  });

  describe('statuses from real runs (one batch)', () => {
    const C_SEGV = '#include <stdio.h>\nint main(void){ volatile int *p = 0; *p = 1; return 0; }';
    // Integer division by zero does not trap on this CI machine's CPU (it answers 0), so the signal is raised directly.
    const C_FPE = '#include <signal.h>\nint main(void){ raise(SIGFPE); return 0; }';
    const C_ABRT = '#include <stdlib.h>\nint main(void){ abort(); }';
    const C_OK =
      '#include <stdio.h>\nint main(void){ int x; scanf("%d", &x); printf("%d\\n", x * 2); return 0; }';

    it('accepted, wrong answer, TLE, compile error, SIGSEGV, SIGFPE, SIGABRT, NZEC, memory and output limits; invalid items get errors', async () => {
      const items = [
        {
          source_code: C_OK,
          language_id: 50,
          stdin: '21',
          expected_output: '42',
          compiler_options: '-O0 -Wall',
        },
        { source_code: 'print(int(input()) + 1)', language_id: 71, stdin: '1', expected_output: '3' },
        { source_code: 'while True: pass', language_id: 71, cpu_time_limit: 0.5, cpu_extra_time: 0.2 },
        { source_code: 'int main(void) { return syntax error; }', language_id: 50 },
        { language_id: 71 },
        { source_code: C_SEGV, language_id: 50 },
        { source_code: C_FPE, language_id: 50, compiler_options: '-O0' },
        { source_code: 'import sys\nsys.exit(3)', language_id: 71 },
        {
          source_code: 'x = bytearray(300 * 1024 * 1024)\nprint(len(x))',
          language_id: 71,
          memory_limit: 65536,
        },
        { source_code: 'while True: print("y" * 1000)', language_id: 71, max_file_size: 8 },
        { source_code: 'x', language_id: 9999 },
        { source_code: C_ABRT, language_id: 54 },
      ];
      const res = await api.request.post('/submissions/batch').send({ submissions: items }).expect(201);
      expect(res.body).toHaveLength(items.length);
      expect(res.body[4]).toEqual({ source_code: ["can't be blank"] });
      expect(res.body[10]).toEqual({ language_id: ["language with id 9999 doesn't exist"] });
      const tokens = res.body.filter((r: any) => r.token).map((r: any) => r.token);
      expect(tokens).toHaveLength(10);
      const subs = await waitForAll(
        tokens,
        '&fields=status,stdout,exit_code,exit_signal,compile_output,message,time',
      );
      const [ok, wa, tle, ce, segv, fpe, nzec, mle, ole, abrt] = subs;
      expect(ok).toMatchObject({ status: { id: 3 }, stdout: '42\n', exit_code: 0 });
      expect(wa).toMatchObject({ status: { id: 4, description: 'Wrong Answer' }, stdout: '2\n' });
      expect(tle).toMatchObject({
        status: { id: 5, description: 'Time Limit Exceeded' },
        message: 'Time limit exceeded',
      });
      expect(Number(tle.time)).toBeGreaterThanOrEqual(0.5);
      expect(ce).toMatchObject({
        status: { id: 6, description: 'Compilation Error' },
        stdout: null,
        message: null,
      });
      expect(ce.compile_output).toMatch(/error/);
      expect(segv).toMatchObject({
        status: { id: 7, description: 'Runtime Error (SIGSEGV)' },
        exit_signal: 11,
        exit_code: null,
        message: 'Caught fatal signal 11',
      });
      expect(fpe).toMatchObject({ status: { id: 9, description: 'Runtime Error (SIGFPE)' }, exit_signal: 8 });
      expect(nzec).toMatchObject({
        status: { id: 11, description: 'Runtime Error (NZEC)' },
        exit_code: 3,
        exit_signal: null,
      });
      expect(nzec.message).toBe('Exited with error status 3');
      // Documented choices: memory limit -> 12 Runtime Error (Other), output limit -> 8 Runtime Error (SIGXFSZ).
      expect(mle).toMatchObject({ status: { id: 12, description: 'Runtime Error (Other)' } });
      expect(mle.message).toMatch(/memory/);
      expect(ole).toMatchObject({ status: { id: 8, description: 'Runtime Error (SIGXFSZ)' } });
      expect(abrt).toMatchObject({
        status: { id: 10, description: 'Runtime Error (SIGABRT)' },
        exit_signal: 6,
      });
    });

    it('batch limits: at most 20 submissions, at least one; all invalid answers 422', async () => {
      const many = Array.from({ length: 21 }, () => ({ source_code: 'x', language_id: 71 }));
      const tooMany = await api.request.post('/submissions/batch').send({ submissions: many }).expect(400);
      expect(tooMany.body.error).toMatch(/less than or equal to 20/);
      await api.request.post('/submissions/batch').send({ submissions: [] }).expect(400);
      const invalid = await api.request
        .post('/submissions/batch')
        .send({ submissions: [{ language_id: 71 }] })
        .expect(422);
      expect(invalid.body).toEqual([{ source_code: ["can't be blank"] }]);
      const tokens = Array.from({ length: 21 }, () => randomUUID()).join(',');
      await api.request.get(`/submissions/batch?tokens=${tokens}`).expect(400);
      await api.request.get('/submissions/batch?tokens=').expect(400);
    });
  });

  describe('number_of_runs', () => {
    // Counts its runs in /work, which the runs of one submission share; the third burns 0.3 s of CPU.
    const COUNTER = [
      'import os, time',
      "p = '/work/runs'",
      'n = int(open(p).read()) + 1 if os.path.exists(p) else 1',
      "open(p, 'w').write(str(n))",
      'start = time.process_time()',
      'while n == 3 and time.process_time() - start < 0.3: pass',
      'print(n)',
    ].join('\n');

    it('repeats the run: average time and memory, the last run (or the first failing one) reported', async () => {
      const items = [
        { source_code: COUNTER, language_id: 71, number_of_runs: 3 },
        { source_code: COUNTER, language_id: 71, number_of_runs: 3, expected_output: '1' },
      ];
      const res = await api.request.post('/submissions/batch').send({ submissions: items }).expect(201);
      const tokens = res.body.map((r: any) => r.token);
      const [all, stopped] = await waitForAll(tokens, '&fields=status,stdout,time,wall_time,memory');
      expect(all).toMatchObject({ status: { id: 3 }, stdout: '3\n' });
      const cases = (await api.request.get(`/v1/submissions/${tokens[0]}`).expect(200)).body.result.testCases;
      expect(cases).toHaveLength(3);
      const mean = (f: (c: any) => number): number => cases.reduce((t: number, c: any) => t + f(c), 0) / 3;
      expect(Number(all.time)).toBeCloseTo(mean((c) => c.cpuTimeMs) / 1000, 3);
      expect(Number(all.time)).toBeLessThan(cases[2].cpuTimeMs / 1000);
      expect(all.memory).toBe(Math.floor(mean((c) => Math.round(c.peakMemoryBytes / 1024))));
      expect(Number(all.wall_time)).toBeCloseTo(cases[2].wallTimeMs / 1000, 3);
      // With expected_output the runs stop at the first that is not Accepted, as in Judge0.
      expect(stopped).toMatchObject({ status: { id: 4 }, stdout: '2\n' });
      const made = (await api.request.get(`/v1/submissions/${tokens[1]}`).expect(200)).body.result.testCases;
      expect(made).toHaveLength(2);
    });

    it('without expected_output the runs stop at the first that fails, as in Judge0', async () => {
      const failSecond = `${COUNTER}\nimport sys\nsys.exit(1 if n == 2 else 0)`;
      const res = await api.request
        .post('/submissions?wait=true&fields=status,stdout,token')
        .send({ source_code: failSecond, language_id: 71, number_of_runs: 3 })
        .expect(201);
      expect(res.body).toMatchObject({ status: { id: 11 }, stdout: '2\n' });
      const made = (await api.request.get(`/v1/submissions/${res.body.token}`).expect(200)).body.result
        .testCases;
      expect(made).toHaveLength(2);
    });

    it('422 on number_of_runs when its copies of stdin pass the native bound on test-case bytes', async () => {
      const res = await api.request
        .post('/submissions')
        .send({ source_code: 'print(1)', language_id: 71, stdin: 'x'.repeat(800_000), number_of_runs: 3 })
        .expect(422);
      expect(res.body).toEqual({ number_of_runs: [expect.stringMatching(/at most 2097152 .*at most 2\)$/)] });
    });
  });

  describe('request fields', () => {
    it('422 {field: [messages]} for each refused field', async () => {
      const res = await api.request
        .post('/submissions')
        .send({
          language_id: '71', // numeric strings are numbers, as in Rails
          source_code: 'print(1)',
          unknown_field: 'dropped, as by Rails permit',
          cpu_time_limit: 100,
          wall_time_limit: 'slow',
          memory_limit: 1000,
          number_of_runs: 21,
          enable_network: true,
          redirect_stderr_to_stdout: 'yes',
        })
        .expect(422);
      expect(res.body).toEqual({
        cpu_time_limit: ['must be less than or equal to 15.0'],
        wall_time_limit: ['is not a number'],
        memory_limit: ['must be greater than or equal to 2048'],
        number_of_runs: ['must be less than or equal to 20'],
        enable_network: ['networking is never allowed on this server'],
        redirect_stderr_to_stdout: ['must be true or false'],
      });
      const blank = await api.request.post('/submissions').send({}).expect(422);
      expect(blank.body).toEqual({ source_code: ["can't be blank"], language_id: ["can't be blank"] });
    });

    it('compiler options are checked by the language allowlist', async () => {
      const linker = await api.request
        .post('/submissions')
        .send({ source_code: 'int main(){}', language_id: 50, compiler_options: '-O2 -Wl,-rpath,/tmp' })
        .expect(422);
      expect(linker.body).toEqual({
        compiler_options: [expect.stringMatching(/-Wl,-rpath,\/tmp.*not an allowed c compiler option/)],
      });
      const python = await api.request
        .post('/submissions')
        .send({ source_code: 'print(1)', language_id: 71, compiler_options: '-O' })
        .expect(422);
      expect(python.body).toEqual({ compiler_options: [expect.stringMatching(/takes no compiler options/)] });
      const quote = await api.request
        .post('/submissions')
        .send({ source_code: 'x', language_id: 71, command_line_arguments: '"open' })
        .expect(422);
      expect(quote.body).toEqual({ command_line_arguments: [expect.stringMatching(/unterminated/)] });
    });

    it('bodies must be JSON', async () => {
      await api.request
        .post('/submissions')
        .type('form')
        .send('source_code=print(1)&language_id=71')
        .expect(415);
    });

    it('base64_encoded=true refuses text that is not base64', async () => {
      const res = await api.request
        .post('/submissions?base64_encoded=true')
        .send({ source_code: 'print(1)', language_id: 71 })
        .expect(422);
      expect(res.body).toEqual({ source_code: [expect.stringMatching(/base64/)] });
    });

    it('additional_files: a base64 zip unpacked next to the source; zip slip refused', async () => {
      const zip = b64(zipSync({ 'data.txt': Buffer.from('from the zip'), 'lib/more.txt': Buffer.from('7') }));
      const body = await submitAndWait({
        source_code: 'print(open("data.txt").read(), open("lib/more.txt").read())',
        language_id: 71,
        additional_files: zip,
        redirect_stderr_to_stdout: true,
      });
      expect(body).toMatchObject({ status: { id: 3 }, stdout: 'from the zip 7\n', stderr: null });
      const evil = b64(zipSync({ '../evil.txt': Buffer.from('x') }));
      const refused = await api.request
        .post('/submissions')
        .send({ source_code: 'print(1)', language_id: 71, additional_files: evil })
        .expect(422);
      expect(refused.body).toEqual({ additional_files: [expect.stringMatching(/"\.\."/)] });
      const notZip = await api.request
        .post('/submissions')
        .send({ source_code: 'print(1)', language_id: 71, additional_files: b64('hi') })
        .expect(422);
      expect(notZip.body).toEqual({ additional_files: [expect.stringMatching(/not a valid zip/)] });
    });

    it('redirect_stderr_to_stdout joins stderr into stdout', async () => {
      const body = await submitAndWait({
        source_code: 'import sys\nprint("out")\nsys.stdout.flush()\nprint("err", file=sys.stderr)',
        language_id: 71,
        redirect_stderr_to_stdout: true,
      });
      expect(body).toMatchObject({ status: { id: 3 }, stdout: 'out\nerr\n', stderr: null });
    });
  });

  describe('configured: prefix, X-Auth-Token, DELETE enabled', () => {
    let other: TestApi;

    beforeAll(async () => {
      other = await createApi({
        QUEUE_PREFIX: prefix,
        JUDGE0_PREFIX: '/judge0',
        JUDGE0_AUTH_TOKENS: 'one, two',
        JUDGE0_ENABLE_DELETE: true,
        WAIT_TIMEOUT_MS: 0,
      });
    });

    afterAll(async () => {
      await other?.close();
    });

    it('answers 401 (empty body) without a configured token, under the prefix only', async () => {
      const res = await other.request.get('/judge0/languages').expect(401);
      expect(res.text).toBe('');
      await other.request.get('/judge0/languages').set('X-Auth-Token', 'three').expect(401);
      await other.request.get('/judge0/languages').set('X-Auth-Token', 'two').expect(200);
      await other.request.get('/languages').set('X-Auth-Token', 'two').expect(404);
      // The native API is not affected by Judge0 tokens.
      await other.request.get('/v1/languages').expect(200);
    });

    it('DELETE removes a finished submission and answers it base64-encoded; wait=true refused when waiting is off', async () => {
      // Submitted through the other API (same queue): this one does not allow wait=true.
      const refused = await other.request
        .post('/judge0/submissions?wait=true')
        .set('X-Auth-Token', 'one')
        .send({ source_code: 'print("bye")', language_id: 71 })
        .expect(400);
      expect(refused.body).toEqual({ error: 'wait not allowed' });
      const done = await submitAndWait({ source_code: 'print("bye")', language_id: 71 });
      const deleted = await other.request
        .delete(`/judge0/submissions/${done.token}`)
        .set('X-Auth-Token', 'one')
        .expect(200);
      expect(unb64(deleted.body.stdout)).toBe('bye\n');
      await other.request.get(`/judge0/submissions/${done.token}`).set('X-Auth-Token', 'one').expect(404);
    });
  });

  it('the native API keeps its own 400 format', async () => {
    const res = await api.request.post('/v1/submissions').send({}).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, errors: expect.any(Array) });
  });

  it('an unexpected failure is a 500 with an errorId, its details only in the log', async () => {
    const broken = await createApi(
      {},
      {
        override: (b) =>
          b
            .overrideProvider(SubmissionsService)
            .useValue({ find: () => Promise.reject(new Error('secret detail')) }),
      },
    );
    try {
      const res = await broken.request.get(`/submissions/${randomUUID()}`).expect(500);
      expect(res.body).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        errorId: expect.any(String),
      });
    } finally {
      await broken.close();
    }
  });

  it('a full queue answers 503 {"error": "queue is full"} with Retry-After', async () => {
    const idle = await createApi({ MAX_QUEUED: 1 }); // its own prefix: no worker takes the job
    try {
      await idle.request.post('/submissions').send({ source_code: 'print(1)', language_id: 71 }).expect(201);
      const full = await idle.request
        .post('/submissions')
        .send({ source_code: 'print(1)', language_id: 71 })
        .expect(503);
      expect(full.body).toEqual({ error: 'queue is full' });
      expect(full.headers['retry-after']).toEqual(expect.any(String));
    } finally {
      await idle.close();
    }
  });
});
