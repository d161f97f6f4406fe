import { valid } from 'semver';
import { useJudgingStack } from '../support/judging-stack';
import { c, py, STAGE_KEYS, pistonExecute } from './piston-calls';

/**
 * Piston v2 contract (engineer-man/piston docs/api-v2.md and its v2 router): runtimes, and how execute takes a
 * request. The stages are in piston-stages.e2e-spec.ts, the WebSocket's live sessions in piston-socket.e2e-spec.ts.
 */
jest.setTimeout(60_000);

describe('Piston v2 compatibility', () => {
  const stack = useJudgingStack();
  const http = stack.http;
  const execute = pistonExecute(stack.api);

  describe('GET /api/v2/runtimes', () => {
    it('lists every language a worker reported, with semver versions and aliases', async () => {
      const runtimes = (await http().get('/api/v2/runtimes').expect(200)).body;
      const native = (await http().get('/v1/languages').expect(200)).body;
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
      const runtimes = (await http().get('/api/v2/runtimes').expect(200)).body;
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
      const res = await http()
        .post('/api/v2/execute')
        .set('content-type', 'text/plain')
        .send('print(1)')
        .expect(415);
      expect(res.body.message).toBe('request body must be application/json');
      const native = await http()
        .post('/v1/submissions')
        .send({ language: 'brainfuck', source: 'x' })
        .expect(400);
      expect(native.body).toMatchObject({ statusCode: 400, errors: [{ field: 'language' }] });
    });
  });
});
