import {
  expectReports,
  GVISOR,
  lines,
  runCases,
  useSecuritySuite,
  type HostileCase,
} from './support/hostile';

/** Hostile programs that try to fill the disk (tmpfs space, inodes, file size) or flood the output. */

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
];

describe('security: resource exhaustion, disk and output', () => {
  const suite = useSecuritySuite();
  runCases(suite, CASES);
});
