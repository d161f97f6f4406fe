import { existsSync } from 'node:fs';
import {
  expectReports,
  GVISOR,
  GVISOR_HEADROOM,
  lines,
  NAMESPACE,
  reported,
  runCases,
  useSecuritySuite,
  type HostileCase,
} from './support/hostile';
import { WATCHED_HOST_FILES } from './support/host';

/** Hostile programs that try to write, link, execute or open what the sandbox must not reach. */

/** Python helper: prints `label: ok` or `label: <ERRNO>` for a callable. */
const PY_TRY = [
  'import errno, os',
  'def attempt(label, fn):',
  '    try:',
  '        fn(); print(f"{label}: ok")',
  '    except OSError as e: print(f"{label}: {errno.errorcode.get(e.errno, e.errno)}")',
  'def write(path):',
  '    with open(path, "w") as f: f.write("x")',
].join('\n');

const CASES: HostileCase[] = [
  {
    name: 'writes outside /work and /tmp fail with EROFS or EACCES',
    language: 'python',
    source: `${PY_TRY}
for p in ["/etc/judgebox", "/etc/passwd", "/usr/bin/x", "/x", "/var/tmp/x", "/home/x", "/root/x", "/dev/x", "/run/x"]:
    attempt(p, lambda: write(p))`,
    expect: (r) => {
      expect(r.verdict).toBe('ok');
      for (const l of lines(r)) expect(l).toMatch(/: (EROFS|EACCES|ENOENT)$/);
      // gVisor checks permissions before the read-only mount: root's files give EACCES, and a
      // world-writable directory of the image shows the root is read-only.
      expect(reported(r, '/etc/passwd')).toBe(GVISOR ? 'EACCES' : 'EROFS');
      expect(reported(r, '/etc/judgebox')).toBe(GVISOR ? 'EACCES' : 'EROFS');
      if (GVISOR) expect(reported(r, '/var/tmp/x')).toBe('EROFS');
    },
  },
  {
    name: 'writes into the image from node fail with EROFS',
    language: 'javascript',
    source:
      "for (const p of ['/usr/lib/x', '/etc/hosts', '/bin/sh']) { try { require('fs').writeFileSync(p, 'x'); console.log(p + ': ok'); } catch (e) { console.log(p + ': ' + e.code); } }",
    expect: (r) => {
      const refused = GVISOR ? 'EACCES' : 'EROFS'; // gVisor: the permission check comes first
      expectReports(r, { '/usr/lib/x': refused, '/etc/hosts': refused, '/bin/sh': refused });
    },
  },
  {
    name: 'no setuid or setgid file exists anywhere',
    language: 'bash',
    source:
      'find / -xdev \\( -perm -4000 -o -perm -2000 \\) -print 2>/dev/null; find /usr /bin /sbin /lib -perm /6000 2>/dev/null; echo done',
    // Walking a whole image costs gVisor several times the default CPU limit (a syscall per file).
    ...GVISOR_HEADROOM,
    expect: (r) => {
      expect(r.verdict).toBe('ok');
      expect(r.run.stdout).toBe('done\n');
    },
  },
  {
    name: 'chmod u+s on an own file has no effect: /work is nosuid and no_new_privs is set',
    language: 'bash',
    source: [
      'cp /usr/bin/id /work/myid && chmod u+s,g+s /work/myid',
      'echo "euid: $(/work/myid -u)"',
      'echo "nnp: $(awk \'/^NoNewPrivs/{print $2}\' /proc/self/status)"',
      // Every mount at /work (namespace isolation binds the submission's dir over the slot's).
      'echo "work-suid: $(awk \'$5=="/work"{print $6}\' /proc/self/mountinfo | grep -vc nosuid)"',
    ].join('\n'),
    // gVisor keeps the bit on /work (its mountinfo has no nosuid) and shows no NoNewPrivs line:
    // the euid proves the bit does nothing (no_new_privs, checked by the preflight in the engine).
    expect: (r) => expectReports(r, GVISOR ? { euid: '1000' } : { euid: '1000', nnp: '1', 'work-suid': '0' }),
  },
  {
    name: GVISOR
      ? "mknod works under gVisor, but a node reaches only gVisor's own devices: /dev/mem and a disk are ENXIO"
      : 'mknod of a device fails with EPERM',
    language: 'python',
    source: `${PY_TRY}
import stat
attempt("char", lambda: os.mknod("/work/mem", stat.S_IFCHR | 0o666, os.makedev(1, 1)))
attempt("block", lambda: os.mknod("/work/sda", stat.S_IFBLK | 0o666, os.makedev(8, 0)))
attempt("char-open", lambda: os.close(os.open("/work/mem", os.O_RDWR)))
attempt("block-open", lambda: os.close(os.open("/work/sda", os.O_RDWR)))`,
    // gVisor 20221219 checks neither CAP_MKNOD nor nodev; its device numbers name its own emulated
    // devices, none of them the host's memory or disks.
    expect: (r) =>
      expectReports(
        r,
        GVISOR
          ? { char: 'ok', block: 'ok', 'char-open': 'ENXIO', 'block-open': 'ENXIO' }
          : { char: 'EPERM', block: 'EPERM', 'char-open': 'ENOENT', 'block-open': 'ENOENT' },
      ),
  },
  {
    name: '/dev has only the usual devices',
    language: 'bash',
    // find, not ls: coreutils' ls calls statx with AT_NO_AUTOMOUNT, which gVisor 20221219 refuses (EINVAL).
    source:
      'find /dev -mindepth 1 -maxdepth 1 -printf "%f\\n" | sort | tr "\\n" " "; echo; find /dev -type b | wc -l',
    expect: (r) => {
      expect(r.verdict).toBe('ok');
      const [names, blocks] = lines(r);
      const allowed = [
        'console',
        'core',
        'fd',
        'full',
        'mqueue',
        'null',
        'ptmx',
        'pts',
        'random',
        'shm',
        'stderr',
        'stdin',
        'stdout',
        'tty',
        'urandom',
        'zero',
        // gVisor's own emulated /dev/fuse and /dev/net/tun: no host device behind them, and useless
        // without mount (seccomp) or CAP_NET_ADMIN.
        ...(GVISOR ? ['fuse', 'net'] : []),
      ];
      for (const n of names.split(' ')) expect(allowed).toContain(n);
      expect(blocks).toBe('0');
    },
  },
  {
    name: 'writes to /proc and /sys knobs fail',
    language: 'python',
    source: `${PY_TRY}
for p in ["/proc/sysrq-trigger", "/proc/sys/kernel/hostname", "/proc/sys/kernel/core_pattern", "/proc/sys/vm/drop_caches",
          "/sys/kernel/mm/transparent_hugepage/enabled", "/sys/fs/cgroup/memory/memory.limit_in_bytes"]:
    attempt(p, lambda: write(p))
def lower_oom_score():
    with open("/proc/self/oom_score_adj", "w") as f: f.write("-1000")
attempt("oom_score_adj=-1000", lower_oom_score)`,
    expect: (r) => {
      expect(r.verdict).toBe('ok');
      if (GVISOR) {
        // gVisor's own /proc and /sys: nothing of the host's behind them; root's knobs are EACCES.
        // It keeps an oom_score_adj for its own tasks; the host's OOM killer sees the Sentry with
        // the engine's OomScoreAdj, which a program cannot change.
        expect(lines(r).filter((l) => !/: (EACCES|ENOENT)$/.test(l))).toEqual(['oom_score_adj=-1000: ok']);
        return;
      }
      for (const l of lines(r)) expect(l).toMatch(/: (EROFS|EACCES|ENOENT)$/);
      expect(reported(r, '/proc/sys/kernel/core_pattern')).toBe('EROFS');
      expect(reported(r, '/proc/sys/vm/drop_caches')).toBe('EROFS');
      expect(reported(r, '/sys/kernel/mm/transparent_hugepage/enabled')).toBe('EROFS');
      // absent on kernels without CONFIG_MAGIC_SYSRQ, a read-only bind mount (engine default) otherwise
      expect(reported(r, '/proc/sysrq-trigger')).toMatch(/^(EROFS|ENOENT)$/);
      // the sandbox cannot make itself the OOM killer's last choice
      // Namespace isolation binds the slot's /proc read-only into each sandbox: EROFS before EACCES.
      expect(reported(r, 'oom_score_adj=-1000')).toBe(NAMESPACE ? 'EROFS' : 'EACCES');
    },
  },
  {
    name: 'symlinks, FIFOs and hardlinks planted in /work reach nothing of the host',
    language: 'bash',
    source: [
      ...WATCHED_HOST_FILES.map((f, i) => `ln -s ${f} /work/link${i}`),
      'ln -s /var/lib/docker /work/docker-root; ln -s /proc/1/root /work/root1',
      'mkfifo /work/fifo /work/main /work/stdout',
      'ln /etc/passwd /work/hard 2>/dev/null && echo "hardlink: ok" || echo "hardlink: refused"',
      'echo "docker-root: $([ -e /work/docker-root/ ] && echo reachable || echo dangling)"',
      // jbinit is non-dumpable, so its /proc entries are closed to the program; its own root would be /
      'echo "root1: $(readlink /proc/1/root 2>/dev/null || echo unreadable)"',
      'echo x > /work/link0 2>/dev/null && echo "write-through-link: ok" || echo "write-through-link: refused"',
    ].join('\n'),
    // A dozen processes: gVisor's Sentry, charged to the sandbox, spends tens of ms of CPU on each
    // spawn, which came to 2.27 s once under a loaded CI (about 1 s alone): not what this checks.
    ...GVISOR_HEADROOM,
    expect: (r) => {
      expectReports(r, {
        hardlink: 'refused',
        'docker-root': 'dangling',
        root1: /^(\/|unreadable)$/,
        'write-through-link': 'refused',
      });
      // the worker never read the FIFOs back (it would hang) and the host paths stayed where they were
      for (const f of WATCHED_HOST_FILES) expect(existsSync(f)).toBe(true);
    },
  },
  {
    name: 'only stdin, stdout and stderr are open at start',
    language: 'c',
    source: `#include <fcntl.h>
#include <stdio.h>
int main(void){ printf("open:"); for (int fd = 0; fd < 4096; fd++) if (fcntl(fd, F_GETFD) != -1) printf(" %d", fd); printf("\\n"); return 0; }`,
    expect: (r) => expectReports(r, { open: '0 1 2' }),
  },
  {
    name: 'only stdin, stdout and stderr are open in a script too',
    language: 'python',
    source:
      'import os\nfds = sorted(int(f) for f in os.listdir("/proc/self/fd"))\nprint("open:", *[f for f in fds if f <= 2 or os.path.exists(f"/proc/self/fd/{f}") and not os.readlink(f"/proc/self/fd/{f}").startswith("/proc")])',
    expect: (r) => expectReports(r, { open: '0 1 2' }),
  },
  {
    name: '/tmp is noexec: a binary copied there does not run (EACCES)',
    language: 'c',
    source: `#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(void){
  if (system("cp /bin/true /tmp/t && chmod 755 /tmp/t") != 0) return 2;
  char *argv[] = {"/tmp/t", 0};
  execv("/tmp/t", argv);
  printf("execve: %s\\n", strerrorname_np(errno));
  return 0; }`,
    expect: (r) => expectReports(r, { execve: 'EACCES' }),
  },
  {
    name: '/tmp is noexec: the ld.so trick cannot map the binary either',
    language: 'bash',
    source: 'cp /bin/true /tmp/t\n/lib64/ld-linux-x86-64.so.2 /tmp/t 2>&1\necho "exit: $?"',
    expect: (r) => {
      expect(r.verdict).toBe('ok');
      // gVisor does not apply noexec to mmap: the binary runs (a program can exec from /work anyway).
      if (GVISOR) return expect(reported(r, 'exit')).toBe('0');
      expect(r.run.stdout).toMatch(/failed to map segment from shared object/);
      expect(reported(r, 'exit')).toBe('127');
    },
  },
  {
    name: '/dev/shm is noexec as well',
    language: 'bash',
    source: 'cp /bin/true /dev/shm/t && chmod 755 /dev/shm/t\n/dev/shm/t 2>/dev/null; echo "exit: $?"',
    expect: (r) => expectReports(r, { exit: '126' }),
  },
];

describe('security: filesystem', () => {
  const suite = useSecuritySuite();
  runCases(suite, CASES);
});
