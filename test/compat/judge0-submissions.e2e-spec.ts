import { randomUUID } from 'node:crypto';
import { useJudgingStack } from '../support/judging-stack';
import { b64, unb64, wrapped, judge0Calls } from './judge0-calls';
import { DEFAULT_FIELDS_SORTED } from './judge0-docs';

/** Judge0 CE contract: creating, reading and batching submissions; base64, fields and UTF-8. Real API, worker, Docker. */
jest.setTimeout(120_000);

describe('Judge0 CE compatibility', () => {
  const stack = useJudgingStack();
  const http = stack.http;
  const { submitAndWait, waitForAll } = judge0Calls(stack.api);

  describe('submissions', () => {
    it('POST answers 201 {token}; GET shows the default fields once finished', async () => {
      const created = await http()
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
      const single = await http()
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
      const created = await http()
        .post('/submissions?wait=true')
        .send({ source_code: source, language_id: 71 })
        .expect(201);
      expect(created.body).toEqual({
        error:
          'some attributes for this submission cannot be converted to UTF-8, use base64_encoded=true query parameter',
        token: expect.any(String),
      });
      const token = created.body.token;
      const plain = await http().get(`/submissions/${token}`).expect(400);
      expect(plain.body.error).toMatch(/use base64_encoded=true/);
      const batch = await http().get(`/submissions/batch?tokens=${token}`).expect(400);
      expect(batch.body.error).toMatch(/one or more submissions .* use base64_encoded=true/);
      const encoded = await http().get(`/submissions/${token}?base64_encoded=true`).expect(200);
      expect(Buffer.from(encoded.body.stdout, 'base64')).toEqual(Buffer.from([0xff, 0xfe, 0x41]));
      // Fields that are UTF-8 can still be read without base64.
      await http().get(`/submissions/${token}?fields=status,time`).expect(200);
    });

    it('fields: unknown names answer 400 as Judge0 does', async () => {
      const res = await http().get(`/submissions/${randomUUID()}?fields=stdout,nope,also_nope`).expect(400);
      expect(res.body).toEqual({ error: 'invalid fields: [nope, also_nope]' });
      await http().post('/submissions?fields=bogus').send({ source_code: 'x', language_id: 71 }).expect(400);
    });

    it('unknown tokens: 404 for one, null in a batch', async () => {
      const res = await http().get(`/submissions/${randomUUID()}`).expect(404);
      expect(res.text).toBe(''); // Judge0: an empty 404
      await http().get('/submissions/not-a-token').expect(404);
      const batch = await http().get(`/submissions/batch?tokens=${randomUUID()}`).expect(200);
      expect(batch.body).toEqual({ submissions: [null] });
    });

    it("DELETE is refused unless enabled (Judge0's default)", async () => {
      const res = await http().delete(`/submissions/${randomUUID()}`).expect(400);
      expect(res.body).toEqual({ error: 'delete not allowed' });
    });
  });
});
