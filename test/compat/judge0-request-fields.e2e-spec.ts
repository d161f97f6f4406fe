import { zipSync } from 'fflate';
import { useJudgingStack } from '../support/judging-stack';
import { b64, judge0Calls } from './judge0-calls';

/** Judge0 CE contract: how each request field maps onto the native submission (ce.judge0.com's field list). */
jest.setTimeout(120_000);

describe('Judge0 CE compatibility', () => {
  const stack = useJudgingStack();
  const http = stack.http;
  const { submitAndWait } = judge0Calls(stack.api);

  describe('request fields', () => {
    it('422 {field: [messages]} for each refused field', async () => {
      const res = await http()
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
      const blank = await http().post('/submissions').send({}).expect(422);
      expect(blank.body).toEqual({ source_code: ["can't be blank"], language_id: ["can't be blank"] });
    });

    it('compiler options are checked by the language allowlist', async () => {
      const linker = await http()
        .post('/submissions')
        .send({ source_code: 'int main(){}', language_id: 50, compiler_options: '-O2 -Wl,-rpath,/tmp' })
        .expect(422);
      expect(linker.body).toEqual({
        compiler_options: [expect.stringMatching(/-Wl,-rpath,\/tmp.*not an allowed c compiler option/)],
      });
      const python = await http()
        .post('/submissions')
        .send({ source_code: 'print(1)', language_id: 71, compiler_options: '-O' })
        .expect(422);
      expect(python.body).toEqual({ compiler_options: [expect.stringMatching(/takes no compiler options/)] });
      const quote = await http()
        .post('/submissions')
        .send({ source_code: 'x', language_id: 71, command_line_arguments: '"open' })
        .expect(422);
      expect(quote.body).toEqual({ command_line_arguments: [expect.stringMatching(/unterminated/)] });
    });

    it('bodies must be JSON', async () => {
      await http().post('/submissions').type('form').send('source_code=print(1)&language_id=71').expect(415);
    });

    it('base64_encoded=true refuses text that is not base64', async () => {
      const res = await http()
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
      const refused = await http()
        .post('/submissions')
        .send({ source_code: 'print(1)', language_id: 71, additional_files: evil })
        .expect(422);
      expect(refused.body).toEqual({ additional_files: [expect.stringMatching(/"\.\."/)] });
      const notZip = await http()
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
});
