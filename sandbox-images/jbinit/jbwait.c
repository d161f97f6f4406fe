/*
 * jbwait: the end of a held command (see 'P' in jbinit.c), without a C library. It runs once per
 * sandboxed process, inside the inner sandbox, between bubblewrap and the untrusted program; a
 * static glibc program (jbinit itself did this with `--wait` until protocol 8) spends most of its
 * start-up probing the CPU (`cpuid`, which traps to the hypervisor on a VM) and faulting in 700 KB:
 * about 0.6 ms of CPU per process more than this, on the bench's VM.
 *
 *   1. reads the command line from fd 4 (NUL-terminated strings, up to EOF);
 *   2. marks on fd 5 (16 bytes, big-endian as every number of the protocol): the CPU time its cgroup has used (ns, all ones when
 *      unknown), then CLOCK_MONOTONIC (ns);
 *   3. closes every fd from 3 up and execs the command, searched in PATH as execvp does.
 * Exit status when it cannot: 125 nothing on fd 4, 126 malformed or not executable, 127 not found.
 *
 * Build: gcc -static -nostdlib -fno-builtin -fno-stack-protector -Os -s -o jbwait jbwait.c
 * x86_64 and aarch64 only (the syscall stubs below).
 */
#include <asm/unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <time.h>

#define GO_FD 4
#define MARK_FD 5
#define MAX_LINE (1u << 20)
#define MAX_ARGS 4096
#define MAX_PATH 4096

static long sys6(long n, long a, long b, long c, long d, long e, long f)
{
#if defined(__x86_64__)
    register long r10 __asm__("r10") = d, r8 __asm__("r8") = e, r9 __asm__("r9") = f;
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
#elif defined(__aarch64__)
    register long x8 __asm__("x8") = n, x0 __asm__("x0") = a, x1 __asm__("x1") = b, x2 __asm__("x2") = c,
                  x3 __asm__("x3") = d, x4 __asm__("x4") = e, x5 __asm__("x5") = f;
    __asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5) : "memory");
    return x0;
#else
#error "jbwait: x86_64 and aarch64 only"
#endif
}
#define sys3(n, a, b, c) sys6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)

static char line[MAX_LINE];
static char *args[MAX_ARGS + 2];

static unsigned long len_of(const char *s)
{
    unsigned long n = 0;
    while (s[n]) n++;
    return n;
}

/* "jbinit: <a><b><c><d>\n" on stderr, as jbinit words its own. */
static void say(const char *a, const char *b, const char *c, const char *d)
{
    static char msg[512];
    const char *parts[5];
    parts[0] = "jbinit: ", parts[1] = a, parts[2] = b, parts[3] = c, parts[4] = d;
    unsigned long at = 0;
    for (unsigned i = 0; i < 5; i++)
        for (const char *p = parts[i]; p && *p && at < sizeof msg - 1; p++) msg[at++] = *p;
    if (msg[at - 1] != '\n') msg[at++] = '\n';
    (void)sys3(__NR_write, 2, msg, at);
}

static __attribute__((noreturn)) void leave(int status)
{
    for (;;) (void)sys3(__NR_exit_group, status, 0, 0);
}

static uint64_t parse_u64(const char *s, const char *end)
{
    uint64_t v = 0;
    while (s < end && *s >= '0' && *s <= '9') v = v * 10 + (uint64_t)(*s++ - '0');
    return v;
}

/* As jbinit's cgroup_cpu_ns: v1 cpuacct.usage (ns) or v2 cpu.stat usage_usec; all ones if neither. */
static uint64_t cgroup_cpu_ns(void)
{
    static const char *const files[] = {
        "/sys/fs/cgroup/cpuacct/cpuacct.usage",
        "/sys/fs/cgroup/cpu,cpuacct/cpuacct.usage",
        "/sys/fs/cgroup/cpu.stat",
    };
    char buf[1024];
    for (unsigned i = 0; i < 3; i++) {
        long fd = sys6(__NR_openat, AT_FDCWD, (long)files[i], O_RDONLY | O_CLOEXEC, 0, 0, 0);
        if (fd < 0) continue;
        long n = sys3(__NR_read, fd, buf, sizeof buf - 1);
        (void)sys3(__NR_close, fd, 0, 0);
        if (n <= 0) continue;
        if (i < 2) return parse_u64(buf, buf + n);
        static const char key[] = "usage_usec ";
        for (long at = 0; at < n; at++) {
            if (at > 0 && buf[at - 1] != '\n') continue;
            long k = 0;
            while (key[k] && at + k < n && buf[at + k] == key[k]) k++;
            if (!key[k]) return parse_u64(buf + at + k, buf + n) * 1000u;
        }
    }
    return UINT64_MAX;
}

static void mark(void)
{
    unsigned char m[16];
    uint64_t v[2] = { cgroup_cpu_ns(), UINT64_MAX };
    struct timespec now;
    if (sys3(__NR_clock_gettime, CLOCK_MONOTONIC, &now, 0) == 0)
        v[1] = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
    for (unsigned i = 0; i < 16; i++) m[i] = (unsigned char)(v[i / 8] >> (8 * (7 - i % 8)));
    (void)sys3(__NR_write, MARK_FD, m, sizeof m);
}

static const char *reason(long e)
{
    switch (e) {
    case ENOENT: return "No such file or directory";
    case EACCES: return "Permission denied";
    case ENOEXEC: return "Exec format error";
    case ENOTDIR: return "Not a directory";
    case ELOOP: return "Too many levels of symbolic links";
    case E2BIG: return "Argument list too long";
    case ENOMEM: return "Cannot allocate memory";
    case ETXTBSY: return "Text file busy";
    case ENAMETOOLONG: return "File name too long";
    default: return "cannot execute";
    }
}

/* execve, and for a file the kernel cannot run (no #!) the shell, as execvp does; returns -errno. */
static long run(const char *file, char **argv, char **envp)
{
    long r = sys3(__NR_execve, file, argv, envp);
    if (r != -ENOEXEC) return r;
    int argc = 0;
    while (argv[argc]) argc++;
    if (argc > MAX_ARGS - 1) return r;
    for (int i = argc; i >= 1; i--) argv[i + 1] = argv[i];
    argv[1] = (char *)file;
    argv[0] = "sh";
    (void)sys3(__NR_execve, "/bin/sh", argv, envp);
    return r;
}

/* execvp: a name without '/' is looked for in PATH (glibc's default when unset). */
static long exec_search(char **argv, char **envp)
{
    const char *name = argv[0];
    for (const char *p = name; *p; p++) if (*p == '/') return run(name, argv, envp);
    const char *path = "/bin:/usr/bin";
    for (char **e = envp; *e; e++)
        if ((*e)[0] == 'P' && (*e)[1] == 'A' && (*e)[2] == 'T' && (*e)[3] == 'H' && (*e)[4] == '=') path = *e + 5;
    static char full[MAX_PATH];
    unsigned long nlen = len_of(name);
    long seen = -ENOENT;
    for (const char *dir = path;; dir++) {
        const char *end = dir;
        while (*end && *end != ':') end++;
        unsigned long dlen = (unsigned long)(end - dir);
        if (dlen + nlen + 2 <= sizeof full) {
            unsigned long at = 0;
            for (const char *c = dir; c < end; c++) full[at++] = *c;
            if (dlen > 0) full[at++] = '/';
            for (unsigned long i = 0; i <= nlen; i++) full[at++] = name[i];
            long r = run(full, argv, envp);
            /* As execvp: a found file that cannot run is reported unless a later one runs. */
            if (r == -EACCES) seen = r;
            else if (r != -ENOENT && r != -ENOTDIR && r != -ELOOP) return r;
        }
        if (!*end) return seen;
        dir = end;
    }
}

__attribute__((used)) void start_c(long *sp)
{
    long argc = sp[0];
    char **envp = (char **)(sp + 1 + argc + 1);
    unsigned long len = 0;
    for (;;) {
        long n = sys3(__NR_read, GO_FD, line + len, MAX_LINE - len);
        if (n == -EINTR) continue;
        if (n <= 0) break;
        len += (unsigned long)n;
    }
    (void)sys3(__NR_close, GO_FD, 0, 0);
    if (len == 0) leave(125);
    int n = 0;
    for (unsigned long i = 0; i < len && n < MAX_ARGS; i += len_of(line + i) + 1) args[n++] = line + i;
    args[n] = 0;
    if (line[len - 1] != 0 || n == 0) {
        say("malformed command line on fd 4", 0, 0, 0);
        leave(126);
    }
    mark();
    if (sys3(__NR_close_range, 3, ~0u, 0) < 0)
        for (int fd = 3; fd < 4096; fd++) (void)sys3(__NR_close, fd, 0, 0);
    long e = -exec_search(args, envp);
    say("cannot run ", args[0], ": ", reason(e));
    leave(e == ENOENT ? 127 : 126);
}

#if defined(__x86_64__)
__asm__(".text\n.global _start\n_start:\n xor %rbp, %rbp\n mov %rsp, %rdi\n and $-16, %rsp\n call start_c\n hlt\n");
#elif defined(__aarch64__)
__asm__(".text\n.global _start\n_start:\n mov x29, #0\n mov x0, sp\n bl start_c\n brk #0\n");
#endif
