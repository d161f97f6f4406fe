import {
  GRACE_MS,
  expectReports,
  runCases,
  useSecuritySuite,
  type HostileCase,
  type Result,
} from './support/hostile';

/**
 * Hostile programs that try to exhaust memory, processes, CPU, time or the compiler (the disk and
 * the output: resource-exhaustion-disk-output.e2e-spec.ts).
 */

const expectMemoryKill = (r: Result): void => {
  expect(r.verdict).toBe('memory_limit_exceeded');
  expect(r.run.oomKilled).toBe(true);
};

const expectWallKill = (wallTimeMs: number) => (r: Result, ctx: { elapsedMs: number }) => {
  expect(r.verdict).toBe('time_limit_exceeded');
  expect(r.run.killedBy).toBe('wall_time');
  expect(r.run.wallTimeMs).toBeLessThan(wallTimeMs + GRACE_MS);
  expect(ctx.elapsedMs).toBeLessThan(wallTimeMs + 2 * GRACE_MS);
};

const expectCpuKill = (cpuTimeMs: number) => (r: Result) => {
  expect(r.verdict).toBe('time_limit_exceeded');
  expect(r.run.killedBy).toBe('cpu_time');
  expect(r.run.cpuTimeMs).toBeGreaterThanOrEqual(cpuTimeMs);
};

/** After a bomb the same worker must still run a normal program correctly. */
const thenNormalRunSucceeds = async (ctx: {
  suite: { submit(b: object): Promise<Result> };
}): Promise<void> => {
  const next = await ctx.suite.submit({
    language: 'c',
    source: '#include <stdio.h>\nint main(void){ puts("fine"); return 0; }',
  });
  expect({ verdict: next.verdict, stdout: next.run.stdout }).toEqual({ verdict: 'ok', stdout: 'fine\n' });
};

const CASES: HostileCase[] = [
  {
    name: 'memory bomb of growing lists is killed by the cgroup OOM killer',
    language: 'python',
    source: 'a = []\nwhile True: a.append(bytearray(16 << 20))',
    limits: { memoryMb: 64 },
    expect: expectMemoryKill,
  },
  {
    name: 'malloc and touch every page until OOM',
    language: 'c',
    source:
      '#include <stdlib.h>\n#include <string.h>\nint main(void){ for(;;){ char *p = malloc(1 << 20); if(!p) return 3; memset(p, 1, 1 << 20); } }',
    limits: { memoryMb: 64 },
    expect: expectMemoryKill,
  },
  {
    name: 'Buffer bomb outside the V8 heap',
    language: 'javascript',
    source: 'const keep = []; for (;;) keep.push(Buffer.alloc(8 << 20, 1));',
    limits: { memoryMb: 128 },
    // Either the cgroup OOM killer fires, or (as often here) node thrashes at the limit while the
    // kernel reclaims its code pages until the CPU limit kills it: memory at the limit, same verdict.
    expect: (r) => {
      expect(r.verdict).toBe('memory_limit_exceeded');
      if (!r.run.oomKilled) {
        expect(r.run.killedBy).toMatch(/^(cpu|wall)_time$/);
        expect(r.run.peakMemoryBytes).toBeGreaterThanOrEqual(128 * 1024 * 1024);
      }
    },
  },
  {
    name: 'classic fork bomb is contained, then a normal submission still succeeds',
    language: 'bash',
    source: ':(){ :|:& };:',
    limits: { wallTimeMs: 2_000, processes: 32 },
    expect: async (r, ctx) => {
      expect(['time_limit_exceeded', 'runtime_error', 'ok']).toContain(r.verdict);
      expect(ctx.elapsedMs).toBeLessThan(2_000 + 2 * GRACE_MS);
      await thenNormalRunSucceeds(ctx);
    },
  },
  {
    name: 'fork() loop hits the pids limit (EAGAIN), nothing else',
    language: 'c',
    source: `#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(void){ int n = 0; for(;;){ pid_t p = fork(); if (p == 0) { pause(); _exit(0); } if (p < 0) break; n++; }
  printf("errno: %s\\nbelow-limit: %s\\n", strerrorname_np(errno), n < 32 ? "yes" : "no"); return 0; }`,
    limits: { processes: 32, wallTimeMs: 3_000 },
    expect: async (r, ctx) => {
      expectReports(r, { errno: 'EAGAIN', 'below-limit': 'yes' });
      await thenNormalRunSucceeds(ctx);
    },
  },
  {
    name: 'thread bomb: thread creation fails at the pids limit',
    language: 'python',
    source: [
      'import threading, time',
      'n = 0',
      'try:',
      '    while True:',
      '        threading.Thread(target=time.sleep, args=(30,), daemon=True).start(); n += 1',
      'except RuntimeError as e: print("failed:", e)',
      'print("below-limit:", "yes" if n < 16 else "no")',
      'import os, sys; sys.stdout.flush(); os._exit(0)',
    ].join('\n'),
    limits: { processes: 16, wallTimeMs: 5_000 },
    expect: (r) => expectReports(r, { failed: "can't start new thread", 'below-limit': 'yes' }),
  },
  {
    name: 'CPU spin on 8 threads: CPU time counts every thread',
    language: 'c',
    source: `#include <pthread.h>
static void *spin(void *a){ for(;;) __asm__ volatile(""); return a; }
int main(void){ pthread_t t; for(int i=0;i<8;i++) pthread_create(&t, 0, spin, 0); spin(0); }`,
    limits: { cpuTimeMs: 500, wallTimeMs: 10_000 },
    expect: expectCpuKill(500),
  },
  {
    name: 'CPU spin in worker threads counts too',
    language: 'javascript',
    source:
      "const { Worker } = require('worker_threads');\nfor (let i = 0; i < 4; i++) new Worker('for(;;){}', { eval: true });\nfor (;;) {}",
    limits: { cpuTimeMs: 600, wallTimeMs: 10_000 },
    expect: expectCpuKill(600),
  },
  {
    name: 'reading stdin with no input gets EOF at once',
    language: 'python',
    source: 'import sys\ndata = sys.stdin.read()\nprint("eof:", len(data))',
    expect: (r) => expectReports(r, { eof: '0' }),
  },
  {
    name: 'pause() forever is killed at the wall limit',
    language: 'c',
    source: '#include <unistd.h>\nint main(void){ pause(); return 0; }',
    limits: { wallTimeMs: 1_000 },
    expect: expectWallKill(1_000),
  },
  {
    name: 'sleep that ignores signals is killed at the wall limit',
    language: 'bash',
    source: "trap '' TERM INT HUP\nsleep 60",
    limits: { wallTimeMs: 1_000 },
    expect: expectWallKill(1_000),
  },
  {
    name: 'an event loop kept alive by a timer is killed at the wall limit',
    language: 'javascript',
    source: 'setInterval(() => {}, 1000);',
    limits: { wallTimeMs: 1_500 },
    expect: expectWallKill(1_500),
  },
  {
    name: 'compile bomb: #include "/dev/zero" is a compile error within the compile limits',
    language: 'c',
    source: '#include "/dev/zero"\nint main(void){ return 0; }',
    expect: (r, ctx) => {
      expect(r.verdict).toBe('compile_error');
      expect(r.run).toBeNull();
      expect(ctx.elapsedMs).toBeLessThan(15_000 + 2 * GRACE_MS);
    },
  },
  {
    name: 'compile bomb: #include "/dev/random" is a compile error within the compile limits',
    language: 'c',
    source: '#include "/dev/random"\nint main(void){ return 0; }',
    expect: (r, ctx) => {
      expect(r.verdict).toBe('compile_error');
      expect(r.run).toBeNull();
      expect(ctx.elapsedMs).toBeLessThan(15_000 + 2 * GRACE_MS);
    },
  },
  {
    name: 'compile bomb: exponential template instantiation hits a compile limit',
    language: 'cpp',
    source: [
      'template<int N, int M> struct F { static const long v = F<N-1, M+1>::v + F<N-1, M*2+1>::v; };',
      'template<int M> struct F<0, M> { static const long v = M; };',
      'int main() { return (int)F<40, 0>::v; }',
    ].join('\n'),
    expect: (r, ctx) => {
      expect(r.verdict).toBe('compile_error');
      expect(r.message).toMatch(
        /compilation exceeded the (CPU|wall) time limit|compilation exceeded the memory limit|compiler reported errors/,
      );
      expect(r.run).toBeNull();
      expect(ctx.elapsedMs).toBeLessThan(15_000 + 2 * GRACE_MS);
    },
  },
];

describe('security: resource exhaustion', () => {
  const suite = useSecuritySuite();
  runCases(suite, CASES);
});
