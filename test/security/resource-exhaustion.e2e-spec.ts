import {
  GRACE_MS,
  expectReports,
  GVISOR,
  lines,
  runCases,
  useSecuritySuite,
  type HostileCase,
  type Result,
} from './support/hostile';

/** Hostile programs that try to exhaust memory, processes, CPU, time, disk, output or the compiler. */

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

const C_FILL = (dir: string) => `#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(void){
  static char b[1 << 16]; memset(b, 'x', sizeof b);
  int fd = open("${dir}/fill", O_WRONLY | O_CREAT | O_TRUNC, 0600);
  long total = 0; ssize_t n;
  while ((n = write(fd, b, sizeof b)) > 0) total += n;
  printf("errno: %s\\n", strerrorname_np(errno));
  printf("filled: %s\\n", total > 0 ? "yes" : "no");
  close(fd); unlink("${dir}/fill");
  FILE *f = fopen("${dir}/after", "w"); printf("writable-after-unlink: %s\\n", f && fputs("ok", f) >= 0 ? "yes" : "no");
  return 0; }`;

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
    name: 'filling /work ends in ENOSPC; the program is not killed and can go on',
    language: 'c',
    source: C_FILL('/work'),
    limits: { memoryMb: 256 },
    expect: (r) => expectReports(r, { errno: 'ENOSPC', filled: 'yes', 'writable-after-unlink': 'yes' }),
  },
  {
    name: 'filling /tmp ends in ENOSPC',
    language: 'c',
    source: C_FILL('/tmp'),
    expect: (r) => expectReports(r, { errno: 'ENOSPC', filled: 'yes', 'writable-after-unlink': 'yes' }),
  },
  {
    name: 'filling /dev/shm ends in ENOSPC',
    language: 'c',
    source: C_FILL('/dev/shm'),
    expect: (r) => expectReports(r, { errno: 'ENOSPC', filled: 'yes', 'writable-after-unlink': 'yes' }),
  },
  ...['/work', '/tmp'].map((dir): HostileCase => ({
    name: GVISOR
      ? `creating empty files in ${dir}: gVisor's tmpfs has no inode cap, the memory limit stops it`
      : `creating empty files in ${dir} until the inode cap: ENOSPC, not an OOM kill`,
    language: 'python',
    source: [
      'import os, errno',
      'n = 0',
      'try:',
      '    while n < 1_000_000:',
      `        os.close(os.open(f"${dir}/f{n}", os.O_CREAT | os.O_WRONLY)); n += 1`,
      'except OSError as e: print("errno:", errno.errorcode[e.errno])',
      'print("bounded:", "yes" if n < 1_000_000 else "no")',
    ].join('\n'),
    limits: { wallTimeMs: 20_000, cpuTimeMs: 15_000 },
    // gVisor 20221219 ignores nr_inodes; its files are memory, counted by the sandbox's cgroup.
    // Creating files costs gVisor CPU too: whichever limit comes first stops it (CPU under load).
    expect: (r) =>
      GVISOR
        ? expect(['memory_limit_exceeded', 'time_limit_exceeded']).toContain(r.verdict)
        : expectReports(r, { errno: 'ENOSPC', bounded: 'yes' }),
  })),
  {
    name: 'a file past RLIMIT_FSIZE: SIGXFSZ kills the program',
    language: 'c',
    source: `#include <fcntl.h>
#include <unistd.h>
int main(void){ int fd = open("/work/big", O_WRONLY | O_CREAT, 0600); lseek(fd, 65L << 20, SEEK_SET); write(fd, "x", 1); return 0; }`,
    expect: (r) => {
      expect(r.verdict).toBe('runtime_error');
      expect(r.run.signal).toBe('SIGXFSZ');
    },
  },
  {
    name: 'a file past RLIMIT_FSIZE with SIGXFSZ ignored: EFBIG',
    language: 'c',
    source: `#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(void){ signal(SIGXFSZ, SIG_IGN); int fd = open("/work/big", O_WRONLY | O_CREAT, 0600);
  lseek(fd, 65L << 20, SEEK_SET); long n = write(fd, "x", 1); printf("write: %ld %s\\n", n, strerrorname_np(errno)); return 0; }`,
    expect: (r) => expectReports(r, { write: '-1 EFBIG' }),
  },
  {
    name: 'stdout flood is cut at the output limit',
    language: 'python',
    source: 'import sys\nwhile True: sys.stdout.write("y" * 65536)',
    limits: { outputBytes: 20_000 },
    expect: (r) => {
      expect(r.verdict).toBe('output_limit_exceeded');
      expect(r.run).toMatchObject({ killedBy: 'output', stdoutTruncated: true });
      expect(r.run.stdout).toHaveLength(20_000);
    },
  },
  {
    name: 'stderr flood is cut at the output limit',
    language: 'javascript',
    source: "const s = 'z'.repeat(65536); for (;;) process.stderr.write(s);",
    limits: { outputBytes: 20_000 },
    expect: (r) => {
      expect(r.verdict).toBe('output_limit_exceeded');
      expect(r.run).toMatchObject({ killedBy: 'output', stderrTruncated: true });
      expect(r.run.stderr).toHaveLength(20_000);
    },
  },
  {
    name: 'one endless line with no newline is cut at the output limit',
    language: 'bash',
    source: "tr -d '\\n' < /dev/zero | tr '\\0' 'q'",
    limits: { outputBytes: 10_000 },
    expect: (r) => {
      expect(r.verdict).toBe('output_limit_exceeded');
      expect(r.run.stdout).toBe('q'.repeat(10_000));
    },
  },
  {
    name: 'output without a final newline is kept byte for byte',
    language: 'c',
    source: "#include <stdio.h>\nint main(void){ for(int i=0;i<5000;i++) putchar('a'); return 0; }",
    expect: (r) => {
      expect(r.verdict).toBe('ok');
      expect(r.run.stdout).toBe('a'.repeat(5000));
      expect(lines(r)).toHaveLength(1);
    },
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
