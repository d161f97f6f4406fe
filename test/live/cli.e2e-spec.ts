import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLiveStack, type LiveStack } from '../support/live-stack';

const BIN = join(__dirname, '..', '..', 'libs', 'client', 'bin', 'judgebox.js');

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI (from the sources); `onStdout` may answer on its stdin while it runs. */
function cli(
  args: string[],
  env: Record<string, string>,
  onStdout?: (text: string, stdin: NodeJS.WritableStream) => void,
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', JUDGEBOX_CLI_FROM_SOURCE: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      onStdout?.(stdout, child.stdin);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    if (!onStdout) child.stdin.end();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('judgebox CLI on @judgebox/client (real stack)', () => {
  let stack: LiveStack;
  let dir: string;
  let env: Record<string, string>;
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  beforeAll(async () => {
    stack = await startLiveStack();
    dir = mkdtempSync(join(tmpdir(), 'judgebox-cli-'));
    env = { JUDGEBOX_URL: stack.baseUrl };
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await stack.close();
  });

  it('run: output live, this terminal’s input to the program while it runs, the program’s exit code', async () => {
    const main = file(
      'main.py',
      'import sys\nprint("name?", flush=True)\nprint("echo:", input(), flush=True)\nsys.exit(7)',
    );
    let answered = false;
    const out = await cli(['run', main], env, (text, stdin) => {
      if (!answered && text.includes('name?')) {
        answered = true;
        stdin.write('judgebox\n');
      }
    });
    expect(out).toMatchObject({ code: 7, stdout: 'name?\necho: judgebox\n' });
  });

  it('run --stdin FILE -- args, --lang, and --json', async () => {
    const main = file('prog.txt', 'import sys\nprint(sys.argv[1:], input())');
    const input = file('input.txt', 'from a file\n');
    const out = await cli(['run', main, '--lang', 'python', '--stdin', input, '--', 'a b', '-c'], env);
    expect(out).toMatchObject({ code: 0, stdout: "['a b', '-c'] from a file\n" });
    const json = await cli(['run', main, '--lang', 'python', '--stdin', input, '--json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ state: 'finished', result: { verdict: 'ok' } });
  });

  it('run: a compile error exits 1 with the compiler’s output; a limit kill exits 137 and says which', async () => {
    const broken = await cli(['run', file('broken.c', 'int main(void){ return nope; }')], env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/nope/);
    expect(broken.stderr).toMatch(/judgebox: compile_error/);
    const spin = await cli(['run', file('spin.py', 'while True: pass')], env);
    expect(spin.code).toBe(137);
    expect(spin.stderr).toMatch(/judgebox: time_limit_exceeded/);
  });

  it('judge --tests DIR: a progress line per case, a table, the verdict; --json for scripts', async () => {
    const tests = join(dir, 'tests');
    mkdirSync(tests);
    for (const [name, input, answer] of [
      ['1', '1 2', '3'],
      ['2', '2 2', '5'],
      ['10', '5 5', '10'],
    ]) {
      writeFileSync(join(tests, `${name}.in`), input);
      writeFileSync(join(tests, `${name}.${name === '10' ? 'ans' : 'out'}`), answer);
    }
    const source = file(
      'main.cpp',
      '#include <iostream>\nint main(){long a,b;std::cin>>a>>b;std::cout<<a+b<<"\\n";}',
    );
    const out = await cli(['judge', source, '--tests', tests], env);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^test 1\/3 1: accepted \d+ ms [\d.]+ MiB$/m);
    expect(out.stderr).toMatch(/^test 2\/3 2: wrong_answer/m);
    const lines = out.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^#\s+test\s+verdict\s+cpu\s+wall\s+memory$/);
    expect(lines.slice(1, 4).map((l) => l.split(/\s+/).slice(0, 3))).toEqual([
      ['1', '1', 'accepted'],
      ['2', '2', 'wrong_answer'],
      ['3', '10', 'accepted'],
    ]);
    expect(lines[4]).toMatch(/^verdict: wrong_answer \(2\/3 accepted\)/);
    const json = await cli(['judge', source, '--tests', tests, '--json'], env);
    expect(JSON.parse(json.stdout).result.testCases).toHaveLength(3);
  });

  it('usage errors exit 2; an API it cannot reach or that refuses exits 3 with the reason', async () => {
    expect((await cli(['run'], env)).code).toBe(2);
    expect((await cli(['run', file('x.unknown', '')], env)).stderr).toMatch(/give --lang/);
    expect((await cli(['judge', file('y.py', '')], env)).code).toBe(2);
    const down = await cli(['languages'], { JUDGEBOX_URL: 'http://127.0.0.1:9' });
    expect(down.code).toBe(3);
    expect(down.stderr).toMatch(/cannot reach/);
    const refused = await cli(['run', file('z.py', 'x'), '--lang', 'brainfuck'], env);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/language/);
  });

  it('sends JUDGEBOX_API_KEY as a bearer token', async () => {
    let seen: string | undefined;
    const server = createServer((req, res) => {
      seen = req.headers.authorization;
      res.setHeader('content-type', 'application/json');
      res.end('[]');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const out = await cli(['languages'], { JUDGEBOX_URL: url, JUDGEBOX_API_KEY: 'k-123' });
    server.close();
    expect(out.code).toBe(0);
    expect(seen).toBe('Bearer k-123');
  });
});
