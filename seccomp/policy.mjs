// judgebox seccomp policy: the single documented source of truth.
//
// `node seccomp/generate.mjs` turns this into seccomp/profile.json (Docker's
// seccomp JSON format, Docker 20.10 / API 1.41). Edit this file, never the JSON.
//
// Model: allowlist. Anything not allowed below fails with EPERM (the default
// action). The explicit deny list changes nothing at run time for most entries
// (they would hit the default EPERM anyway); it documents *why* each dangerous
// syscall is excluded and it is emitted as explicit rules so a reviewer reading
// profile.json sees the decision. Exceptions: `clone3` returns ENOSYS and
// `sync`/`syncfs` become no-ops that return 0.
//
// Base: Docker's default profile allowlist, restricted to the 64-bit native ABI
// (x86_64, aarch64), minus everything it only grants with capabilities we never
// give (CAP_SYS_ADMIN, CAP_SYS_PTRACE, ...) and minus a few it allows without
// capabilities but a judge does not need (io_uring, name_to_handle_at,
// modify_ldt, memfd_secret, remap_file_pages, fanotify_mark, AF_VSOCK/AF_ALG
// and other exotic socket families, ...).
//
// Names that do not exist on one of the architectures (e.g. `open`, `fork`,
// `arch_prctl` on aarch64) or that are newer than the engine's libseccomp are
// skipped by runc when it builds the filter; that is expected and harmless.

// NOOP is errno 0: SCMP_ACT_ERRNO with errnoRet 0 makes the syscall return 0
// without running it.
export const ERRNO = Object.freeze({ NOOP: 0, EPERM: 1, ENOSYS: 38 });

/** Errno returned for everything not allowed. */
export const DEFAULT_ERRNO = 'EPERM';

/**
 * Only the native 64-bit ABI of the host. No subArchitectures: on x86_64 hosts
 * the i386 (`int $0x80`) and x32 (`nr | 0x40000000`) entry points are not part
 * of the filter, so libseccomp treats them as a foreign architecture and the
 * calling thread is killed with SIGSYS (verified, see SECURITY.md).
 */
export const ARCHITECTURES = [
  { architecture: 'SCMP_ARCH_X86_64', subArchitectures: [] },
  { architecture: 'SCMP_ARCH_AARCH64', subArchitectures: [] },
];

/**
 * Unconditionally allowed syscalls, grouped by purpose.
 * `arches` (optional) restricts a group to some Docker arch names
 * ("amd64", "arm64"), emitted as an `includes.arches` block.
 * @typedef {{ group: string, why: string, syscalls: string[], arches?: string[] }} AllowGroup
 * @type {AllowGroup[]}
 */
export const ALLOW = [
  {
    group: 'process-lifecycle',
    why: 'create, run, wait for and exit processes and threads (fork/vfork/execve/wait); clone is allowed separately with a flags check',
    syscalls: [
      'execve',
      'execveat',
      'exit',
      'exit_group',
      'fork',
      'vfork',
      'wait4',
      'waitid',
      'restart_syscall',
      'set_tid_address',
      'set_robust_list',
      'get_robust_list',
      'rseq',
      'getpid',
      'getppid',
      'gettid',
      'getpgid',
      'getpgrp',
      'setpgid',
      'getsid',
      'setsid',
      'pidfd_open',
      'pidfd_send_signal',
    ],
  },
  {
    group: 'process-control',
    why: 'per-process knobs used by every libc/runtime (thread names, dumpable, no_new_privs, FS/GS base on x86_64); prctl cannot gain privileges without capabilities',
    syscalls: ['prctl', 'capget', 'capset'],
  },
  {
    group: 'x86_64-tls',
    why: 'arch_prctl(ARCH_SET_FS) sets up thread-local storage on x86_64',
    arches: ['amd64'],
    syscalls: ['arch_prctl'],
  },
  {
    group: 'credentials',
    why: 'identity queries and set*id: runtimes (bash -p, python os.set*, glibc setxid broadcast) call them; with no capabilities and no_new_privs they can only drop privileges or fail with EPERM',
    syscalls: [
      'getuid',
      'geteuid',
      'getgid',
      'getegid',
      'getgroups',
      'getresuid',
      'getresgid',
      'setuid',
      'setgid',
      'setreuid',
      'setregid',
      'setresuid',
      'setresgid',
      'setgroups',
      'setfsuid',
      'setfsgid',
    ],
  },
  {
    group: 'memory',
    why: 'memory management: heaps, mappings, JIT code pages (node/java/dotnet), GC hints and memory fences',
    syscalls: [
      'brk',
      'mmap',
      'munmap',
      'mprotect',
      'mremap',
      'madvise',
      'mincore',
      'msync',
      'mlock',
      'mlock2',
      'munlock',
      'mlockall',
      'munlockall',
      'membarrier',
      'memfd_create',
      'pkey_alloc',
      'pkey_free',
      'pkey_mprotect',
    ],
  },
  {
    group: 'file-io',
    why: 'file descriptor I/O: read/write, positioning, duplication, syncing, zero-copy transfers, ioctl (terminal/FIONREAD etc.)',
    syscalls: [
      'read',
      'write',
      'readv',
      'writev',
      'pread64',
      'pwrite64',
      'preadv',
      'preadv2',
      'pwritev',
      'pwritev2',
      'lseek',
      'open',
      'openat',
      'openat2',
      'creat',
      'close',
      'close_range',
      'dup',
      'dup2',
      'dup3',
      'fcntl',
      'flock',
      'ioctl',
      'fsync',
      'fdatasync',
      'sync_file_range',
      'fadvise64',
      'fallocate',
      'readahead',
      'ftruncate',
      'truncate',
      'sendfile',
      'splice',
      'tee',
      'vmsplice',
      'copy_file_range',
    ],
  },
  {
    group: 'filesystem',
    why: 'path operations inside the container filesystem: stat, directories, links, permissions, timestamps, xattrs, inotify',
    syscalls: [
      'stat',
      'fstat',
      'lstat',
      'newfstatat',
      'statx',
      'statfs',
      'fstatfs',
      'access',
      'faccessat',
      'faccessat2',
      'getdents',
      'getdents64',
      'getcwd',
      'chdir',
      'fchdir',
      'mkdir',
      'mkdirat',
      'rmdir',
      'rename',
      'renameat',
      'renameat2',
      'link',
      'linkat',
      'symlink',
      'symlinkat',
      'unlink',
      'unlinkat',
      'readlink',
      'readlinkat',
      'chmod',
      'fchmod',
      'fchmodat',
      'fchmodat2',
      'chown',
      'fchown',
      'fchownat',
      'lchown',
      'umask',
      'utime',
      'utimes',
      'utimensat',
      'futimesat',
      'mknod',
      'mknodat',
      'getxattr',
      'lgetxattr',
      'fgetxattr',
      'setxattr',
      'lsetxattr',
      'fsetxattr',
      'listxattr',
      'llistxattr',
      'flistxattr',
      'removexattr',
      'lremovexattr',
      'fremovexattr',
      'inotify_init',
      'inotify_init1',
      'inotify_add_watch',
      'inotify_rm_watch',
    ],
  },
  {
    group: 'async-io',
    why: 'legacy Linux AIO (io_setup/io_submit), used by some libraries; small, long-audited surface unlike io_uring',
    syscalls: ['io_setup', 'io_destroy', 'io_submit', 'io_cancel', 'io_getevents', 'io_pgetevents'],
  },
  {
    group: 'polling',
    why: 'event loops (libuv, asyncio, Go netpoller, Java NIO): poll/select/epoll, eventfd, signalfd, timerfd',
    syscalls: [
      'poll',
      'ppoll',
      'select',
      'pselect6',
      'epoll_create',
      'epoll_create1',
      'epoll_ctl',
      'epoll_wait',
      'epoll_pwait',
      'epoll_pwait2',
      'eventfd',
      'eventfd2',
      'signalfd',
      'signalfd4',
      'timerfd_create',
      'timerfd_settime',
      'timerfd_gettime',
    ],
  },
  {
    group: 'signals',
    why: 'signal handling and delivery; kill is confined to the container PID namespace and same uid',
    syscalls: [
      'rt_sigaction',
      'rt_sigprocmask',
      'rt_sigreturn',
      'rt_sigpending',
      'rt_sigsuspend',
      'rt_sigtimedwait',
      'rt_sigqueueinfo',
      'rt_tgsigqueueinfo',
      'sigaltstack',
      'kill',
      'tkill',
      'tgkill',
      'pause',
      'alarm',
    ],
  },
  {
    group: 'time',
    why: 'reading clocks, sleeping, interval timers and POSIX timers (setting the clock is denied below)',
    syscalls: [
      'clock_gettime',
      'clock_getres',
      'clock_nanosleep',
      'nanosleep',
      'gettimeofday',
      'time',
      'times',
      'getitimer',
      'setitimer',
      'timer_create',
      'timer_delete',
      'timer_gettime',
      'timer_settime',
      'timer_getoverrun',
    ],
  },
  {
    group: 'threads-sync',
    why: 'futexes behind every mutex/condvar/thread join',
    syscalls: ['futex', 'futex_waitv', 'futex_wake', 'futex_wait', 'futex_requeue'],
  },
  {
    group: 'scheduling-resources',
    why: 'CPU affinity and priorities (JVM/Go/dotnet size thread pools from sched_getaffinity), rlimits, usage accounting; raising beyond limits needs capabilities',
    syscalls: [
      'sched_yield',
      'sched_getaffinity',
      'sched_setaffinity',
      'sched_getparam',
      'sched_setparam',
      'sched_getscheduler',
      'sched_setscheduler',
      'sched_get_priority_max',
      'sched_get_priority_min',
      'sched_rr_get_interval',
      'sched_getattr',
      'sched_setattr',
      'getpriority',
      'setpriority',
      'ioprio_get',
      'ioprio_set',
      'getrlimit',
      'setrlimit',
      'prlimit64',
      'getrusage',
    ],
  },
  {
    group: 'system-info',
    why: 'harmless host/system queries every runtime makes at start-up: uname, sysinfo, getcpu, getrandom',
    syscalls: ['uname', 'sysinfo', 'getcpu', 'getrandom'],
  },
  {
    group: 'ipc',
    why: 'pipes, SysV shm/sem/msg and POSIX message queues (python multiprocessing, shells); confined to the container IPC namespace',
    syscalls: [
      'pipe',
      'pipe2',
      'shmget',
      'shmat',
      'shmdt',
      'shmctl',
      'semget',
      'semop',
      'semtimedop',
      'semctl',
      'msgget',
      'msgsnd',
      'msgrcv',
      'msgctl',
      'mq_open',
      'mq_unlink',
      'mq_timedsend',
      'mq_timedreceive',
      'mq_notify',
      'mq_getsetattr',
    ],
  },
  {
    group: 'sockets',
    why: 'socket operations for the allowed families (see socket rule below); containers run with --network none so only loopback/AF_UNIX is reachable',
    syscalls: [
      'socketpair',
      'bind',
      'listen',
      'accept',
      'accept4',
      'connect',
      'getsockname',
      'getpeername',
      'getsockopt',
      'setsockopt',
      'sendto',
      'recvfrom',
      'sendmsg',
      'recvmsg',
      'sendmmsg',
      'recvmmsg',
      'shutdown',
    ],
  },
  {
    group: 'self-sandboxing',
    why: 'a process may further restrict itself (seccomp filters, landlock); this can only remove rights',
    syscalls: ['seccomp', 'landlock_create_ruleset', 'landlock_add_rule', 'landlock_restrict_self'],
  },
];

// Namespace-creating clone flags: NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET
export const CLONE_NAMESPACE_MASK = 0x7e020000;

const AF = { UNIX: 1, INET: 2, INET6: 10, NETLINK: 16 };

/**
 * Allowed only when the argument check matches; every other call falls to the
 * default EPERM. Multiple rules for the same syscall are OR-ed by libseccomp.
 */
export const CONDITIONAL_ALLOW = [
  {
    syscall: 'clone',
    why: 'fork/pthread_create/posix_spawn use clone; allowed only if no CLONE_NEW* namespace flag is set (flags & 0x7E020000 == 0)',
    // x86_64 and aarch64 both take flags in arg0 (s390 would be arg1; not supported).
    args: [{ index: 0, value: CLONE_NAMESPACE_MASK, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }],
  },
  ...[0x0, 0x8, 0x20000, 0x20008, 0xffffffff].map((value) => ({
    syscall: 'personality',
    why: `personality(${'0x' + value.toString(16)}) only (${
      {
        0: 'PER_LINUX',
        8: 'PER_LINUX32',
        0x20000: 'UNAME26',
        0x20008: 'PER_LINUX32|UNAME26',
        0xffffffff: 'query current persona',
      }[value]
    }); ADDR_NO_RANDOMIZE, READ_IMPLIES_EXEC etc. are denied because they weaken ASLR/NX`,
    args: [{ index: 0, value, valueTwo: 0, op: 'SCMP_CMP_EQ' }],
  })),
  // socket(): allowlisted families. SCMP_CMP_EQ compares all 64 bits, so a
  // family smuggled with garbage in the upper half fails closed (EPERM).
  ...Object.entries(AF).map(([name, value]) => ({
    syscall: 'socket',
    why: `socket(AF_${name}) only; other families (AF_VSOCK, AF_ALG, AF_PACKET, AF_KEY, ...) are kernel attack surface a judge never needs`,
    args: [{ index: 0, value, valueTwo: 0, op: 'SCMP_CMP_EQ' }],
  })),
];

/**
 * Explicitly denied syscalls, each with its reason and errno.
 * Syscalls that also have a CONDITIONAL_ALLOW entry (clone, personality,
 * socket) must NOT appear here: an unconditional rule would override the
 * conditional ones in libseccomp. Their non-matching calls get the default EPERM.
 */
export const DENY = [
  {
    syscalls: ['clone3'],
    errno: 'ENOSYS',
    why: 'clone3 passes flags in a struct seccomp cannot inspect, so namespace flags could not be filtered; ENOSYS makes glibc >= 2.34 and others fall back to clone (which is filtered)',
  },
  {
    syscalls: ['sync', 'syncfs'],
    errno: 'NOOP',
    why: 'sync() flushes every filesystem of the host (a cheap cross-tenant I/O DoS in a loop); turned into a no-op that returns 0, because callers expect it to succeed (fsync/fdatasync of own files stay allowed)',
  },
  {
    syscalls: ['ptrace', 'process_vm_readv', 'process_vm_writev', 'kcmp', 'pidfd_getfd', 'process_madvise'],
    errno: 'EPERM',
    why: 'inspecting or manipulating other processes (debugging, memory peeking, stealing fds) breaks isolation between the submission and the sandbox helpers',
  },
  {
    syscalls: [
      'mount',
      'umount',
      'umount2',
      'pivot_root',
      'chroot',
      'move_mount',
      'open_tree',
      'fsopen',
      'fsconfig',
      'fsmount',
      'fspick',
      'mount_setattr',
    ],
    errno: 'EPERM',
    why: 'mount API: changing the filesystem view is the first step of most container escapes',
  },
  {
    syscalls: ['unshare', 'setns'],
    errno: 'EPERM',
    why: 'creating or joining namespaces (especially user namespaces) exposes large amounts of privileged kernel code to unprivileged users',
  },
  {
    syscalls: ['keyctl', 'add_key', 'request_key'],
    errno: 'EPERM',
    why: 'kernel keyrings are not namespaced and have a history of privilege-escalation bugs',
  },
  {
    syscalls: ['bpf', 'perf_event_open', 'userfaultfd'],
    errno: 'EPERM',
    why: 'eBPF, perf and userfaultfd are common kernel-exploit primitives (JIT spraying, side channels, race widening)',
  },
  {
    syscalls: ['io_uring_setup', 'io_uring_enter', 'io_uring_register'],
    errno: 'EPERM',
    why: 'io_uring bypasses seccomp for the operations it performs and has had many privilege-escalation bugs; libuv/others fall back to threads on EPERM',
  },
  {
    syscalls: ['init_module', 'finit_module', 'delete_module', 'kexec_load', 'kexec_file_load', 'reboot'],
    errno: 'EPERM',
    why: 'loading kernel code or rebooting the host',
  },
  {
    syscalls: [
      'swapon',
      'swapoff',
      'acct',
      'quotactl',
      'quotactl_fd',
      'lookup_dcookie',
      'nfsservctl',
      'uselib',
      'vhangup',
      'syslog',
    ],
    errno: 'EPERM',
    why: 'host administration, obsolete or kernel-log syscalls; never needed by a user program',
  },
  {
    syscalls: ['settimeofday', 'clock_settime', 'clock_adjtime', 'adjtimex'],
    errno: 'EPERM',
    why: 'the clock is not namespaced: setting or tuning it affects the host (adjtimex is denied too, although it can be used read-only)',
  },
  {
    syscalls: ['iopl', 'ioperm', 'modify_ldt'],
    errno: 'EPERM',
    why: 'raw I/O port access and LDT manipulation (x86 legacy, past exploit vector)',
  },
  {
    syscalls: ['open_by_handle_at', 'name_to_handle_at'],
    errno: 'EPERM',
    why: 'file handles allow opening files outside the container root (the "shocker" escape)',
  },
  {
    syscalls: ['sethostname', 'setdomainname'],
    errno: 'EPERM',
    why: 'changing the UTS identity of the sandbox',
  },
  {
    syscalls: ['fanotify_init', 'fanotify_mark'],
    errno: 'EPERM',
    why: 'filesystem-wide monitoring',
  },
  {
    syscalls: [
      'mbind',
      'set_mempolicy',
      'set_mempolicy_home_node',
      'get_mempolicy',
      'move_pages',
      'migrate_pages',
    ],
    errno: 'EPERM',
    why: 'NUMA placement: can move pages of other processes and degrade the host; runtimes treat EPERM as "no NUMA"',
  },
  {
    syscalls: ['memfd_secret', 'remap_file_pages', 'cachestat'],
    errno: 'EPERM',
    why: 'not needed by any supported runtime (memfd_secret can pin unswappable memory, remap_file_pages is deprecated, cachestat is a page-cache side channel)',
  },
];

/**
 * Namespace isolation (SANDBOX_ISOLATION=namespace): a slot container serves one submission after
 * another, and its supervisor, bubblewrap, builds a fresh sandbox inside it for every process of a
 * submission. It needs to create namespaces and mounts, which the container profile denies. The
 * slot profile (profile-slot.json) is the container profile with exactly these allowed; the inner
 * filter that bubblewrap stacks on every untrusted process (inner-filter.json, compiled to BPF by
 * the worker) denies them again, so the program sees the same EPERM as under the container profile.
 * Seccomp filters stack and the strictest answer wins: the inner filter can only take rights away.
 */
export const SUPERVISOR = Object.freeze({
  why: "bubblewrap builds each submission's inner sandbox: new user, mount, IPC, network, UTS and cgroup namespaces (clone/unshare with CLONE_NEW*), a new root (mount, pivot_root, umount2)",
  syscalls: ['mount', 'umount2', 'pivot_root', 'unshare'],
  /** clone is allowed with namespace flags too; the inner filter checks them again. */
  cloneNamespaces: true,
  errno: 'EPERM',
});

/**
 * gVisor (SANDBOX_RUNTIME=runsc, registered with --oci-seccomp): the Sentry applies the container
 * profile to the program itself, but release 20221219 turns every SCMP_ACT_ERRNO into EPERM,
 * whatever its errnoRet. The denials whose errno is not EPERM would then break programs, so
 * profile-runsc.json allows them and the Sentry answers as listed here (it never passes them to the
 * host kernel). Every other rule is the container profile's.
 */
export const RUNSC_SERVED = Object.freeze([
  {
    syscalls: ['clone3'],
    why: 'the Sentry answers ENOSYS itself (gVisor 20221219 has no clone3), so glibc falls back to the filtered clone as under runc; an EPERM would make every thread creation fail',
  },
  {
    syscalls: ['sync', 'syncfs'],
    why: "served by the Sentry on the sandbox's own file systems; the Sentry's host filter has no sync or syncfs, so the host's file systems are never flushed",
  },
]);

/**
 * gVisor 20221219 knows some syscalls by another name than libseccomp's, and the Sentry drops a
 * rule name it does not know (its log says `OCI seccomp: ignoring syscall "pselect6"`), so the
 * syscall falls to the default EPERM: every `select()` of glibc (which calls pselect6) failed, and
 * with it the Erlang VM. profile-runsc.json allows gVisor's name beside ours for each allowed
 * syscall listed here; runc never sees these names.
 */
export const RUNSC_NAMES = Object.freeze({ pselect6: 'pselect' });
