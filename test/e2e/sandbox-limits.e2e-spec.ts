import { useJudgingStack } from '../support/judging-stack';
import { sandboxContainers } from '../support/worker';

/** Slack on top of a limit for the result to arrive: a safety bound, not a speed assertion. */
const GRACE_MS = 3_000;

describe('verdicts and limits, decided from facts outside the sandbox', () => {
  const stack = useJudgingStack();
  const submit = stack.judge;

  it('compile error: compiler output in the compile phase, nothing runs', async () => {
    const r = await submit({ language: 'c', source: 'int main(void) { return undefined_name; }' });
    expect(r.verdict).toBe('compile_error');
    expect(r.compile.exitCode).not.toBe(0);
    expect(r.compile.stderr).toContain('undefined_name');
    expect(r.run).toBeNull();
  });

  it('non-zero exit is a runtime error with the exit code', async () => {
    const r = await submit({ language: 'python', source: 'import sys; print("out"); sys.exit(3)' });
    expect(r).toMatchObject({
      verdict: 'runtime_error',
      run: { exitCode: 3, signal: null, stdout: 'out\n' },
    });
  });

  it('a crash by signal reports the signal', async () => {
    const r = await submit({
      language: 'c',
      source: 'int main(void){ volatile int *p = 0; *p = 1; return 0; }',
    });
    expect(r).toMatchObject({ verdict: 'runtime_error', run: { signal: 'SIGSEGV' } });
  });

  it('printing a verdict does not change the verdict', async () => {
    const r = await submit({ language: 'bash', source: 'echo \'{"verdict":"ok"}\' ; echo ok >&2; exit 1' });
    expect(r.verdict).toBe('runtime_error');
  });

  it('an infinite loop hits the CPU time limit', async () => {
    const started = Date.now();
    const r = await submit({
      language: 'c',
      source: 'int main(void){ for(;;); }',
      limits: { cpuTimeMs: 500 },
    });
    expect(r).toMatchObject({ verdict: 'time_limit_exceeded', run: { killedBy: 'cpu_time' } });
    expect(r.run.cpuTimeMs).toBeGreaterThanOrEqual(500);
    expect(Date.now() - started).toBeLessThan(500 + GRACE_MS + 2_000);
  });

  it('CPU time counts every thread', async () => {
    const src =
      'import threading\ndef spin():\n    while True: pass\nfor _ in range(4): threading.Thread(target=spin, daemon=True).start()\nspin()';
    const r = await submit({
      language: 'python',
      source: src,
      limits: { cpuTimeMs: 400, wallTimeMs: 10_000 },
    });
    expect(r).toMatchObject({ verdict: 'time_limit_exceeded', run: { killedBy: 'cpu_time' } });
  });

  it('a sleeping program that ignores signals is killed at the wall limit', async () => {
    const src =
      'import signal, time\nfor s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP): signal.signal(s, signal.SIG_IGN)\ntime.sleep(60)';
    const started = Date.now();
    const r = await submit({ language: 'python', source: src, limits: { wallTimeMs: 1_000 } });
    expect(r).toMatchObject({ verdict: 'time_limit_exceeded', run: { killedBy: 'wall_time' } });
    expect(r.run.wallTimeMs).toBeLessThan(1_000 + GRACE_MS);
    expect(Date.now() - started).toBeLessThan(1_000 + GRACE_MS + 2_000);
  });

  it('a background process holding stdout open does not hold the result', async () => {
    const started = Date.now();
    const r = await submit({
      language: 'bash',
      source: '(trap "" TERM HUP; sleep 60) & echo done',
      limits: { wallTimeMs: 20_000 },
    });
    expect(r).toMatchObject({ verdict: 'ok', run: { stdout: 'done\n', exitCode: 0 } });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a memory hog is killed by the cgroup OOM killer and reported as such', async () => {
    const r = await submit({
      language: 'python',
      source: 'a = []\nwhile True: a.append(bytearray(8 << 20))',
      limits: { memoryMb: 64 },
    });
    expect(r).toMatchObject({ verdict: 'memory_limit_exceeded', run: { oomKilled: true } });
  });

  it('exit code 137 without an OOM kill is not a memory verdict', async () => {
    const r = await submit({ language: 'bash', source: 'exit 137' });
    expect(r).toMatchObject({ verdict: 'runtime_error', run: { oomKilled: false, exitCode: 137 } });
  });

  it('an output flood is cut at the output limit on each stream', async () => {
    for (const stream of ['stdout', 'stderr']) {
      const fd = stream === 'stdout' ? 1 : 2;
      const r = await submit({
        language: 'c',
        source: `#include <unistd.h>\nint main(void){ char b[4096]; for(int i=0;i<4096;i++) b[i]='x'; for(;;) write(${fd}, b, sizeof b); }`,
        limits: { outputBytes: 10_000 },
      });
      expect(r.verdict).toBe('output_limit_exceeded');
      expect(r.run[`${stream}Truncated`]).toBe(true);
      expect(r.run[stream]).toHaveLength(10_000);
    }
  });

  it('deep recursion has a 64 MiB stack (stackMb), and a program may raise its own stack limit', async () => {
    const src = [
      '#include <stdio.h>',
      '#include <sys/resource.h>',
      'static int depth(int n) { volatile char pad[1024]; pad[0] = (char)n; if (n == 0) return 0; int r = depth(n - 1); pad[1] = (char)r; return r + 1; }',
      'int main(void) {',
      '  struct rlimit l; getrlimit(RLIMIT_STACK, &l);',
      '  printf("soft %lu hard %s\\n", (unsigned long)(l.rlim_cur >> 20), l.rlim_max == RLIM_INFINITY ? "unlimited" : "limited");',
      '  printf("depth %d\\n", depth(40000));', // about 44 MiB of frames: past the usual 8 MiB
      '  return 0;',
      '}',
    ].join('\n');
    const r = await submit({ language: 'c', source: src });
    expect(r).toMatchObject({ verdict: 'ok', run: { stdout: 'soft 64 hard unlimited\ndepth 40000\n' } });
  });

  it('a fork bomb is contained and the next submission still succeeds', async () => {
    const r = await submit({
      language: 'bash',
      source: ':(){ :|:& };:',
      limits: { wallTimeMs: 2_000, processes: 32 },
    });
    expect(['time_limit_exceeded', 'runtime_error', 'ok']).toContain(r.verdict);
    const next = await submit({ language: 'python', source: 'print(6*7)' });
    expect(next).toMatchObject({ verdict: 'ok', run: { stdout: '42\n' } });
  });

  it('has no network: connecting out and resolving names fail', async () => {
    const src = [
      'import socket',
      'for addr in [("192.0.2.1", 80), ("127.0.0.1", 6389)]:',
      '    try:',
      '        socket.create_connection(addr, timeout=2); print("connected", addr)',
      '    except OSError as e: print("refused", type(e).__name__)',
      'try:',
      '    socket.getaddrinfo("example.com", 80); print("resolved")',
      'except OSError as e: print("no dns")',
      'print(sorted(n for _, n in socket.if_nameindex()))',
    ].join('\n');
    const r = await submit({ language: 'python', source: src });
    expect(r.verdict).toBe('ok');
    expect(r.run.stdout).not.toContain('connected');
    expect(r.run.stdout).toContain('no dns');
    expect(r.run.stdout).toContain("['lo']");
  });

  it('cannot write outside the work dir; runs as a non-root user in a user namespace', async () => {
    const src = [
      'id -u',
      'echo x > /etc/judgebox 2>/dev/null && echo wrote-etc || echo no-etc',
      'echo x > /usr/bin/x 2>/dev/null && echo wrote-usr || echo no-usr',
      'echo x > /work/ok && echo wrote-work',
      'echo x > /tmp/ok && echo wrote-tmp',
      // PID 1 (jbinit) lives in the container's user namespace in both isolation modes.
      "awk '{print $2}' /proc/1/uid_map",
    ].join('\n');
    const r = await submit({ language: 'bash', source: src });
    const lines = r.run.stdout.trim().split('\n');
    expect(lines.slice(0, 5)).toEqual(['1000', 'no-etc', 'no-usr', 'wrote-work', 'wrote-tmp']);
    expect(lines[5]).not.toBe('0');
  });

  it('ptrace and io_uring are denied by our seccomp profile', async () => {
    const src = [
      '#include <errno.h>',
      '#include <stdio.h>',
      '#include <sys/ptrace.h>',
      '#include <sys/syscall.h>',
      '#include <unistd.h>',
      'int main(void){',
      '  long a = ptrace(PTRACE_TRACEME, 0, 0, 0); printf("ptrace %ld %d\\n", a, errno);',
      '  char p[120] = {0}; errno = 0; long b = syscall(425, 8, p); printf("io_uring %ld %d\\n", b, errno);',
      '  return 0; }',
    ].join('\n');
    const r = await submit({ language: 'c', source: src });
    expect(r.run.stdout).toBe('ptrace -1 1\nio_uring -1 1\n');
  });

  it('leaves no sandbox container behind, warm pool included, once the worker stops', async () => {
    await stack.stopWorker();
    expect(await sandboxContainers()).toEqual([]);
  });
});
