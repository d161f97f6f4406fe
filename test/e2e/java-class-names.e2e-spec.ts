import { useJudgingStack } from '../support/judging-stack';

/**
 * Java runs a file whatever its public class is called (as Java's source launcher and Piston do),
 * through the native API and both adapters; Judge0's `public class Main` keeps working.
 */
jest.setTimeout(180_000);

const PRINT_ARGS = 'System.out.println("OK " + String.join("|", args));';
const program = (cls: string, body = PRINT_ARGS): string =>
  `public class ${cls} {\n  public static void main(String[] args) {\n    ${body}\n  }\n}\n`;

describe('Java: any public class name', () => {
  const stack = useJudgingStack();
  const http = stack.http;

  const native = async (body: Record<string, unknown>): Promise<any> =>
    (
      await http()
        .post('/v1/submissions?wait=true')
        .send({ language: 'java', ...body })
        .expect(200)
    ).body.result;

  it('native: `source` holding public class HelloWorld; an @argument reaches the program unexpanded', async () => {
    const r = await native({ source: program('HelloWorld'), args: ['@/etc/passwd', 'b c'] });
    expect(r).toMatchObject({ verdict: 'ok', run: { stdout: 'OK @/etc/passwd|b c\n', exitCode: 0 } });
  });

  it('native: several files, the entry named unlike its class, a helper class in its own file', async () => {
    const r = await native({
      files: [
        { name: 'solution.java', content: program('Solution', 'System.out.println(Helper.word());') },
        { name: 'Helper.java', content: 'public class Helper { static String word() { return "OK"; } }' },
      ],
      entry: 'solution.java',
    });
    expect(r).toMatchObject({ verdict: 'ok', run: { stdout: 'OK\n' } });
  });

  it('native: a real compile error in a renamed file is a compile error that names the class file', async () => {
    const r = await native({ source: program('Broken', 'int x = "text";') });
    expect(r.verdict).toBe('compile_error');
    expect(r.compile.stderr).toContain('Broken.java');
    expect(r.compile.stderr).toContain('incompatible types');
  });

  it("Judge0: language 62 with Judge0's public class Main, and with another public class", async () => {
    for (const cls of ['Main', 'Program']) {
      const res = await http()
        .post('/submissions?wait=true')
        .send({ language_id: 62, source_code: program(cls), command_line_arguments: 'x' })
        .expect(201);
      expect(res.body).toMatchObject({ status: { id: 3 }, stdout: 'OK x\n' });
    }
  });

  it("Piston: Piston's test.java (public class HelloWorld), named and unnamed", async () => {
    for (const file of [{ name: 'test.java' }, {}]) {
      const res = await http()
        .post('/api/v2/execute')
        .send({
          language: 'java',
          version: '*',
          files: [{ ...file, content: program('HelloWorld') }],
          args: ['y'],
        })
        .expect(200);
      expect(res.body.compile).toMatchObject({ code: 0 });
      expect(res.body.run).toMatchObject({ stdout: 'OK y\n', code: 0 });
    }
  });
});
