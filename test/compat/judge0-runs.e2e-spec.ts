import { randomUUID } from 'node:crypto';
import { useJudgingStack } from '../support/judging-stack';
import { judge0Calls } from './judge0-calls';

/** Judge0 CE contract on real runs: each status a program can earn, and number_of_runs. */
jest.setTimeout(120_000);

describe('Judge0 CE compatibility', () => {
  const stack = useJudgingStack();
  const http = stack.http;
  const { waitForAll } = judge0Calls(stack.api);

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
      const res = await http().post('/submissions/batch').send({ submissions: items }).expect(201);
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
      const tooMany = await http().post('/submissions/batch').send({ submissions: many }).expect(400);
      expect(tooMany.body.error).toMatch(/less than or equal to 20/);
      await http().post('/submissions/batch').send({ submissions: [] }).expect(400);
      const invalid = await http()
        .post('/submissions/batch')
        .send({ submissions: [{ language_id: 71 }] })
        .expect(422);
      expect(invalid.body).toEqual([{ source_code: ["can't be blank"] }]);
      const tokens = Array.from({ length: 21 }, () => randomUUID()).join(',');
      await http().get(`/submissions/batch?tokens=${tokens}`).expect(400);
      await http().get('/submissions/batch?tokens=').expect(400);
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
      const res = await http().post('/submissions/batch').send({ submissions: items }).expect(201);
      const tokens = res.body.map((r: any) => r.token);
      const [all, stopped] = await waitForAll(tokens, '&fields=status,stdout,time,wall_time,memory');
      expect(all).toMatchObject({ status: { id: 3 }, stdout: '3\n' });
      const cases = (await http().get(`/v1/submissions/${tokens[0]}`).expect(200)).body.result.testCases;
      expect(cases).toHaveLength(3);
      const mean = (f: (c: any) => number): number => cases.reduce((t: number, c: any) => t + f(c), 0) / 3;
      expect(Number(all.time)).toBeCloseTo(mean((c) => c.cpuTimeMs) / 1000, 3);
      expect(Number(all.time)).toBeLessThan(cases[2].cpuTimeMs / 1000);
      expect(all.memory).toBe(Math.floor(mean((c) => Math.round(c.peakMemoryBytes / 1024))));
      expect(Number(all.wall_time)).toBeCloseTo(cases[2].wallTimeMs / 1000, 3);
      // With expected_output the runs stop at the first that is not Accepted, as in Judge0.
      expect(stopped).toMatchObject({ status: { id: 4 }, stdout: '2\n' });
      const made = (await http().get(`/v1/submissions/${tokens[1]}`).expect(200)).body.result.testCases;
      expect(made).toHaveLength(2);
    });

    it('without expected_output the runs stop at the first that fails, as in Judge0', async () => {
      const failSecond = `${COUNTER}\nimport sys\nsys.exit(1 if n == 2 else 0)`;
      const res = await http()
        .post('/submissions?wait=true&fields=status,stdout,token')
        .send({ source_code: failSecond, language_id: 71, number_of_runs: 3 })
        .expect(201);
      expect(res.body).toMatchObject({ status: { id: 11 }, stdout: '2\n' });
      const made = (await http().get(`/v1/submissions/${res.body.token}`).expect(200)).body.result.testCases;
      expect(made).toHaveLength(2);
    });

    it('422 on number_of_runs when its copies of stdin pass the native bound on test-case bytes', async () => {
      const res = await http()
        .post('/submissions')
        .send({ source_code: 'print(1)', language_id: 71, stdin: 'x'.repeat(800_000), number_of_runs: 3 })
        .expect(422);
      expect(res.body).toEqual({ number_of_runs: [expect.stringMatching(/at most 2097152 .*at most 2\)$/)] });
    });
  });
});
