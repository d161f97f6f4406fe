import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { zipSync } from 'fflate';
import { startPistonStack, type PistonStack } from '../support/piston-stack';

/**
 * What real clients send, against the real API, worker and Docker: npm's piston-client (pinned
 * devDependency) posts its JSON as text/plain (node-fetch's type for a string body); Judge0's
 * "Multi-file program" (language 89) brings its own compile and run scripts in a zip.
 */
jest.setTimeout(120_000);

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

describe('real clients', () => {
  let stack: PistonStack;
  let base: string;

  beforeAll(async () => {
    stack = await startPistonStack();
    base = stack.wsUrl.replace(/^ws:/, 'http:').replace(/\/api\/v2\/connect$/, '');
  });

  afterAll(async () => {
    await stack?.close();
  });

  /** piston-client is an ES module: it runs in a Node process of its own, as an application would. */
  async function pistonClient(language: string, code: string, config: object): Promise<any> {
    const script = `
      import { piston } from 'piston-client';
      const client = piston({ server: process.env.SERVER });
      const result = await client.execute(process.env.LANG_ID, process.env.CODE, JSON.parse(process.env.CONFIG));
      process.stdout.write(JSON.stringify(result));`;
    const env = {
      ...process.env,
      SERVER: base,
      LANG_ID: language,
      CODE: code,
      CONFIG: JSON.stringify(config),
    };
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env });
    return JSON.parse(stdout);
  }

  /** A body sent with exactly the given content type, or none (fetch adds none for bytes). */
  const post = (path: string, body: string, type: string | null): Promise<Response> =>
    fetch(`${base}${path}`, {
      method: 'POST',
      body: Buffer.from(body),
      headers: type === null ? {} : { 'content-type': type },
    });

  describe('piston-client 1.0.2', () => {
    it('runs Python with stdin and its default args', async () => {
      const code = 'import sys\nprint(input()[::-1], sys.argv[1:])';
      const result = await pistonClient('python', code, { stdin: 'abc' });
      expect(result).toMatchObject({
        language: 'python',
        run: { stdout: "cba ['1', '2', '3']\n", code: 0, signal: null },
      });
    });

    it('compiles and runs C', async () => {
      const code = '#include <stdio.h>\nint main(void){puts("from c");return 0;}';
      const result = await pistonClient('c', code, {});
      expect(result).toMatchObject({ compile: { code: 0 }, run: { stdout: 'from c\n', code: 0 } });
    });
  });

  describe('JSON without a JSON content type', () => {
    const py = JSON.stringify({ language: 'python', version: '*', files: [{ content: 'print(6*7)' }] });

    it('Piston routes take JSON typed text/plain or untyped', async () => {
      for (const type of ['text/plain;charset=UTF-8', null]) {
        const res = await post('/api/v2/execute', py, type);
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ run: { stdout: '42\n' } });
      }
    });

    it('Judge0 routes take it too', async () => {
      const body = JSON.stringify({ source_code: 'print(1+1)', language_id: 71 });
      const res = await post('/submissions?wait=true', body, 'text/plain');
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ stdout: '2\n', status: { id: 3 } });
    });

    it('a text/plain or untyped body that is not JSON is 415; other types are 415', async () => {
      for (const type of ['text/plain', null]) {
        const res = await post('/api/v2/execute', 'print(1)', type);
        expect(res.status).toBe(415);
        expect(await res.json()).toMatchObject({ message: 'request body must be application/json' });
      }
      expect(
        (await post('/api/v2/execute', 'language=python', 'application/x-www-form-urlencoded')).status,
      ).toBe(415);
      expect((await post('/submissions', py, 'text/html')).status).toBe(415);
    });

    it('keeps the depth check and the size limit', async () => {
      const deep = `${'['.repeat(40)}${']'.repeat(40)}`;
      const res = await post('/api/v2/execute', deep, 'text/plain');
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ message: expect.stringMatching(/nested deeper/) });
      const big = JSON.stringify({
        language: 'python',
        files: [{ content: 'x'.repeat(stack.api.config.BODY_LIMIT_BYTES) }],
      });
      expect((await post('/api/v2/execute', big, null)).status).toBe(413);
    });

    it('the native API still wants application/json', async () => {
      const res = await post(
        '/v1/submissions',
        JSON.stringify({ language: 'python', source: 'print(1)' }),
        'text/plain',
      );
      expect(res.status).toBe(415);
      expect((await post('/v1/submissions', '{}', null)).status).toBe(415);
    });
  });

  describe('Judge0 multi-file program (language 89)', () => {
    const zip = (files: Record<string, string>): string =>
      Buffer.from(
        zipSync(Object.fromEntries(Object.entries(files).map(([n, t]) => [n, Buffer.from(t)]))),
      ).toString('base64');
    const submit = async (body: object, status = 201): Promise<any> => {
      const res = await stack.api.request.post('/submissions?wait=true&fields=*').send(body);
      expect({ status: res.status, body: res.body }).toMatchObject({ status });
      return res.body;
    };
    const program = {
      'main.c':
        '#include <stdio.h>\nint main(void){int x; if (scanf("%d", &x) != 1) return 2; printf("%d\\n", 2*x); return 0;}',
      'check.py': 'import sys\nline = sys.stdin.readline()\nprint("python says", int(line) + 1)',
      compile: 'set -e\ngcc -O2 -o doubler main.c\necho built\n',
      run: './doubler | python3 check.py\n',
    };

    it('compiles with its compile script and runs its run script, C and Python together', async () => {
      const r = await submit({ language_id: 89, stdin: '20', additional_files: zip(program) });
      expect(r).toMatchObject({ status: { id: 3 }, stdout: 'python says 41\n', language: { id: 89 } });
      expect(r.compile_output).toContain('built');
    });

    it('runs without a compile script; source_code is ignored', async () => {
      const r = await submit({
        language_id: 89,
        source_code: 'ignored',
        additional_files: zip({ run: 'echo "$BASH_VERSION" | cut -c1' }),
      });
      expect(r).toMatchObject({ status: { id: 3 }, stdout: '5\n' });
    });

    it('a failing compile script is a compilation error', async () => {
      const r = await submit({
        language_id: 89,
        additional_files: zip({ ...program, 'main.c': 'int main(void){ return nope; }' }),
      });
      expect(r).toMatchObject({ status: { id: 6 }, stdout: null });
      expect(r.compile_output).toContain('nope');
    });

    it('is confined like any submission: no network, the work dir only', async () => {
      const probe =
        'python3 -c "import socket; print([n for _, n in socket.if_nameindex()])"\ntouch /etc/x 2>/dev/null || echo ro\nid -u\n';
      const r = await submit({ language_id: 89, additional_files: zip({ run: probe }) });
      expect(r.stdout).toBe("['lo']\nro\n1000\n");
    });

    it('refuses a program without additional_files or without a run script (422)', async () => {
      expect(await submit({ language_id: 89 }, 422)).toEqual({
        additional_files: [expect.stringMatching(/can't be blank/)],
      });
      const noRun = await submit({ language_id: 89, additional_files: zip({ compile: 'true' }) }, 422);
      expect(noRun).toEqual({ additional_files: [expect.stringMatching(/must contain a run script/)] });
    });
  });
});
