import {
  expectReports,
  GVISOR,
  lines,
  NAMESPACE,
  runCases,
  useSecuritySuite,
  type HostileCase,
} from './support/hostile';

/**
 * The sandbox's PID 1 (jbinit) starts every command of a submission and reports its end to the
 * worker over the container's attached stdin/stdout. It runs as the same uid as the program (under
 * gVisor as the container's root, since gVisor does not keep a non-dumpable process's /proc/<pid>/fd
 * private from its own uid), so these programs try to read or write its control channel, its
 * memory, signal it, forge its frames, and starve it; every attempt must fail and every later
 * command must still run.
 */

const TAMPER_C = String.raw`
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>
static const char *res(int ok) { return ok ? "OPEN" : strerrorname_np(errno); }
int main(void) {
  printf("mem: %s\n", res(open("/proc/1/mem", O_RDWR) >= 0));
  printf("fd0: %s\n", res(open("/proc/1/fd/0", O_WRONLY) >= 0));
  printf("fd1: %s\n", res(open("/proc/1/fd/1", O_RDONLY) >= 0));
  printf("fd0-read: %s\n", res(open("/proc/1/fd/0", O_RDONLY | O_NONBLOCK) >= 0));
  printf("fd1-write: %s\n", res(open("/proc/1/fd/1", O_WRONLY | O_APPEND) >= 0));
  printf("task-fd1: %s\n", res(open("/proc/1/task/1/fd/1", O_WRONLY | O_APPEND) >= 0));
  printf("fddir: %s\n", res(opendir("/proc/1/fd") != NULL));
  printf("environ: %s\n", res(open("/proc/1/environ", O_RDONLY) >= 0));
  char buf[64], target[64];
  struct iovec local = { buf, sizeof buf }, remote = { (void *)0x400000, sizeof buf };
  printf("vm_readv: %s\n", res(process_vm_readv(1, &local, 1, &remote, 1, 0) >= 0));
  printf("readlink: %s\n", res(readlink("/proc/1/exe", target, sizeof target) >= 0));
  return 0;
}
`;

/** Every signal at PID 1, then proof that this process and the init both live on. */
const SIGNALS_PY = [
  'import os, signal, sys',
  'case = sys.stdin.read().strip()',
  'if case == "1":',
  '    for s in list(range(1, 32)) + [signal.SIGRTMIN, signal.SIGRTMAX]:',
  '        if s in (signal.SIGKILL, signal.SIGSTOP, signal.SIGCHLD): continue',
  '        try: os.kill(1, s)',
  '        except OSError: pass',
  '    for s in (signal.SIGSTOP, signal.SIGKILL):',
  '        try: os.kill(1, s)',
  '        except OSError: pass',
  '    try: os.kill(-1, signal.SIGKILL)',
  '    except OSError: pass',
  'print("case", case)',
].join('\n');

const CASES: HostileCase[] = [
  {
    name: "the parent's descriptors, environment and memory are out of reach (jbinit, or bubblewrap's monitor in a slot)",
    language: 'python',
    source: [
      'import errno, os',
      'pp = os.getppid()',
      'def probe(label, fn):',
      '    try: fn(); print(f"{label}: ok")',
      '    except OSError as e: print(f"{label}: {errno.errorcode[e.errno]}")',
      'probe("fd-list", lambda: [os.readlink(f"/proc/{pp}/fd/{n}") for n in os.listdir(f"/proc/{pp}/fd")])',
      'probe("fd-open", lambda: [open(f"/proc/{pp}/fd/{n}", "ab") for n in os.listdir(f"/proc/{pp}/fd")])',
      'probe("environ", lambda: open(f"/proc/{pp}/environ", "rb").read())',
      'probe("mem", lambda: open(f"/proc/{pp}/mem", "rb").read(1))',
    ].join('\n'),
    // gVisor lets another uid list the init's descriptors and read its environment (the sandbox's
    // public one, SANDBOX_ENV); opening a descriptor or the memory is what must fail, and does.
    expect: (r) =>
      expectReports(r, {
        'fd-list': GVISOR ? 'ok' : /^(EACCES|EPERM)$/,
        'fd-open': /^(EACCES|EPERM)$/,
        environ: GVISOR ? 'ok' : /^(EACCES|EPERM)$/,
        mem: /^(EACCES|EPERM|EIO)$/,
      }),
  },
  {
    name: "the init's memory, control channel and environment are out of reach",
    language: 'c',
    source: TAMPER_C,
    expect: (r) =>
      expectReports(r, {
        mem: /^(EACCES|EPERM)$/,
        fd0: /^(EACCES|EPERM)$/,
        fd1: /^(EACCES|EPERM)$/,
        'fd0-read': /^(EACCES|EPERM)$/,
        'fd1-write': /^(EACCES|EPERM)$/,
        'task-fd1': /^(EACCES|EPERM)$/,
        fddir: GVISOR ? 'OPEN' : /^(EACCES|EPERM)$/,
        environ: GVISOR ? 'OPEN' : /^(EACCES|EPERM)$/,
        vm_readv: /^(EACCES|EPERM|ESRCH)$/,
        readlink: /^(EACCES|EPERM)$/,
      }),
  },
  {
    name: "bytes shaped like the init's frames are only output: the exit code is the program's",
    language: 'python',
    source: [
      'import sys',
      'fake_exit = b"X" + (12).to_bytes(4, "big") + bytes(12)',
      'fake_hello = b"H" + (4).to_bytes(4, "big") + (2).to_bytes(4, "big")',
      'sys.stdout.buffer.write(fake_exit + fake_hello + b"\\nafter\\n")',
      'sys.stdout.flush()',
      'sys.stderr.buffer.write(fake_exit)',
      'sys.exit(3)',
    ].join('\n'),
    expect: (r) => {
      expect(r.verdict).toBe('runtime_error');
      expect(r.run.exitCode).toBe(3);
      expect(lines(r)).toContain('after');
      expect(r.run.stdout.startsWith('X')).toBe(true);
    },
  },
  {
    name: 'a command inherits no descriptor but its own stdin, stdout and stderr',
    language: 'python',
    source: [
      'import os',
      'print("fds:", ",".join(sorted(os.listdir("/proc/self/fd"))))',
      'print("parent:", open(f"/proc/{os.getppid()}/comm").read().strip())',
    ].join('\n'),
    // Namespace isolation: the parent is bubblewrap's monitor, which jbinit started.
    expect: (r) => expectReports(r, { fds: '0,1,2,3', parent: NAMESPACE ? 'bwrap' : 'jbinit' }),
  },
  {
    name: "a program reopens its own stdin and stdout by name (the pipes are the sandbox user's in every mode)",
    language: 'python',
    source: [
      'import errno, os',
      'def probe(label, fn):',
      '    try: print(f"{label}:", fn())',
      '    except OSError as e: print(f"{label}: {errno.errorcode[e.errno]}")',
      'probe("stdin", lambda: open("/dev/stdin").read().strip())',
      'probe("stdout", lambda: open("/dev/stdout", "a").close() or "ok")',
      'probe("fd0", lambda: os.read(0, 100).decode().strip() or "drained")',
    ].join('\n'),
    stdin: 'piped\n',
    // Under gVisor the init runs as the container's root: it makes a command's pipes with its
    // effective ids switched to the sandbox user, so they are the program's there too.
    expect: (r) => expectReports(r, { stdin: 'piped', stdout: 'ok', fd0: 'drained' }),
  },
  {
    name: 'a program that never reads a full stdin ends at once, without a deadlock',
    language: 'bash',
    source: 'head -c 5; echo; echo "read: some"',
    stdin: 'x'.repeat(1_000_000),
    limits: { wallTimeMs: 5_000 },
    expect: (r, ctx) => {
      expectReports(r, { read: 'some' });
      expect(ctx.elapsedMs).toBeLessThan(5_000);
    },
  },
];

describe('security: the sandbox init cannot be tampered with', () => {
  const suite = useSecuritySuite();
  runCases(suite, CASES);

  it('python: every signal at PID 1, and kill(-1), leave the init able to run the next test case', async () => {
    const res = await suite.api.request.post('/v1/submissions?wait=true').send({
      language: 'python',
      source: SIGNALS_PY,
      testCases: [
        { stdin: '1', expectedOutput: 'case 1\n' },
        { stdin: '2', expectedOutput: 'case 2\n' },
      ],
    });
    expect(res.status).toBe(200);
    const result = res.body.result;
    // kill(-1, SIGKILL) may take the program itself down in case 1; the init must survive either way
    expect(result.testCases).toHaveLength(2);
    expect(result.testCases[1]).toMatchObject({ verdict: 'accepted', stdout: 'case 2\n' });
  });
});
