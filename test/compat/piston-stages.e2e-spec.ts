import { LIMIT_RANGES } from '@judgebox/domain';
import { useJudgingStack } from '../support/judging-stack';
import { c, py, STAGE_KEYS, pistonExecute } from './piston-calls';

/** Piston v2 contract: the compile and run stages of execute and their statuses (RE, SG, TO, OL, EL). */
jest.setTimeout(60_000);

describe('Piston v2 compatibility', () => {
  const stack = useJudgingStack();
  const execute = pistonExecute(stack.api);

  describe('POST /api/v2/execute', () => {
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
  });
});
