/*
 * jbinit - PID 1 of every judgebox sandbox container.
 *
 * Build: gcc -static -Os -s -o jbinit jbinit.c
 *
 *   jbinit           Run as PID 1. Reaps every zombie, and runs the
 *                    submission's commands on request from the worker,
 *                    which holds the container's stdin and stdout through
 *                    the engine's attach API. Starting a process here costs
 *                    a fork and an exec (about a millisecond), where an
 *                    engine exec costs a whole `runc exec` (tens of ms of
 *                    CPU, all of it charged to the sandbox's cgroup).
 *                    When stdin is not open, it only reaps.
 *   jbinit <args>    Refused (exit 2). The end of a held command (see 'P')
 *                    is jbwait (jbwait.c, the same image's /usr/local/bin):
 *                    it reads a command line from fd 4 until EOF, marks
 *                    that it got there on fd 5 (16 bytes: the container's
 *                    cgroup CPU time in ns, all ones when no cgroup file
 *                    could be read, then CLOCK_MONOTONIC in ns, both taken
 *                    just now), then execs it. It runs wherever the held
 *                    command put it, e.g. inside a finished bubblewrap
 *                    sandbox: the mark proves the sandbox was built, and
 *                    tells where the command's own time starts. It has no C
 *                    library: it runs once per sandboxed process.
 *
 * Protocol (all integers big-endian). A frame is: type (1 byte), payload
 * length (u32), payload.
 *   worker -> jbinit (stdin)
 *     'R' run: u32 output cap, a path (NUL-terminated, empty for none), then
 *         argv as NUL-terminated strings. Starts the command in /work with a
 *         fresh session, its own pipes as fds 0-2, the path opened read-only
 *         as the sandbox user as fd 3 (bubblewrap's --seccomp 3: no shell is
 *         needed to open it) and default signal dispositions. One command
 *         at a time.
 *     'P' prepare: as 'R' (its cap unused), but the command is held: its
 *         output and stdin wait, and it gets one more pipe as fd 4, which
 *         jbwait at the end of its command line reads the real
 *         command from, and one more as fd 5, which it marks on. So a
 *         sandbox (bubblewrap) is built while the slot is idle, and only
 *         the exec is left for 'G'; or, with 'G' right behind 'P', the
 *         command's time and CPU start at the mark, not with the sandbox's
 *         building.
 *     'G' go: u32 output cap, then argv as NUL-terminated strings. Sends
 *         argv to the held command and runs it from here as if 'R' had
 *         started it (its time counts from now, then from its mark). A held
 *         command that died before 'G' (killed, or its sandbox could not be
 *         built) ends as it died, with what it wrote, after 0 ns, and
 *         without an 'S'.
 *     'U' files: entries, each a kind ('d' directory, 'f' new file, 'a' more
 *         bytes for a file), u32 mode, u32 size, an absolute path
 *         (NUL-terminated; no empty, '.' or '..' component), size bytes. Made
 *         as the sandbox user (mode minus umask, new files never replace
 *         anything, a final symlink is never followed, missing parents are
 *         made 0755), in order, stopping at the first failure; answered 'A'.
 *         Saves a `tar` process per submission. Kind 'x' removes instead:
 *         every entry of the directory at path whose name starts with the
 *         size bytes (none: every entry), with all it holds, as the sandbox
 *         user; a symlink is removed, never followed, and a directory is
 *         made 0700 first, so one its owner locked goes too. A tree deeper
 *         than WIPE_DEPTH fails (ELOOP). Saves a shell and an `rm` each
 *         time the worker cleans a slot.
 *     'I' stdin bytes for the running command ('I' and 'C' frames that
 *         arrive when no command runs, or one is held, are dropped: they
 *         belonged to one that has ended).
 *     'C' close the running command's stdin once what was sent is written.
 *     'K' SIGKILL every process but jbinit (kill(-1)): for engines whose
 *         cgroup the worker cannot write (rootless).
 *   jbinit -> worker (stdout)
 *     'H' hello, once at start: u32 protocol version.
 *     'O' / 'E' the command's stdout / stderr bytes; at most cap + 1 bytes
 *         per stream and run are forwarded (the worker kills on cap + 1),
 *         the rest is read and dropped so the command never blocks on it.
 *         Output is coalesced: a frame leaves when CHUNK bytes are buffered
 *         or FLUSH_MS after its first byte was read, so a flood of 1-byte
 *         writes costs the worker a few hundred frames a second, not one
 *         frame (and one buffer) per write.
 *     'S' a held command marked (see jbwait), after 'G': u64 the
 *         container's cgroup CPU ns at the mark (all ones: unknown). Only
 *         the first 16 bytes on fd 5 count, and only after 'G': nothing
 *         untrusted runs before the mark, so none can be forged. Sent
 *         before the command's 'X'.
 *     'X' the command exited: i32 wait status, u64 ns from fork (from the
 *         mark, for a held command that marked) to exit.
 *         Sent once its stdout and stderr are closed, or DRAIN_GRACE_MS
 *         after its exit when a background process still holds them.
 *     'A' files made: u32 errno (0 when all were), then a message.
 *     'F' protocol error: a message.
 *
 * Under gVisor jbinit is the container's root (each command drops to the
 * sandbox user itself): it makes files and the command's pipes with its
 * effective ids switched to the sandbox user, so they are the user's as under
 * runc (a program can reopen its own stdio as /dev/stdin).
 *
 * Hardening: the submission runs as the same uid as jbinit, so jbinit makes
 * itself non-dumpable (no /proc/1/mem, /proc/1/fd or process_vm_* access
 * without CAP_SYS_PTRACE, which the container lacks) and ignores every
 * signal but SIGCHLD (which it only reaps on); SIGKILL and SIGSTOP from inside
 * the pid namespace never reach a PID 1. Limits, kills, CPU and memory are
 * the worker's business, through the cgroup from the host.
 *
 * Statically linked so it works in every image regardless of its libc.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PROTOCOL_VERSION 8
#define SANDBOX_UID 1000
#define MAX_FRAME (1u << 20)
#define MAX_ARGS 4096
#define CHUNK 65536
#define DRAIN_GRACE_MS 100
#define FLUSH_MS 4
#define GO_FD 4
#define MARK_FD 5
#define MARK_LEN 16
/* Directories below a wiped one; one descriptor each is open at the deepest, and a sandbox
   may open 256 (SANDBOX_SIZES.openFiles). */
#define WIPE_DEPTH 128

static unsigned char frame[MAX_FRAME];

/* The command being run; pid 0 when none. */
static struct {
    pid_t pid;
    int exited, status;
    int in, out, err; /* our ends of its pipes, -1 once closed */
    const unsigned char *pending; /* stdin bytes not yet written */
    size_t pending_len;
    int close_in;
    uint32_t cap;
    int held, go; /* a 'P' command waiting for 'G'; our end of its fd 4 */
    int mark; /* our end of a 'P' command's fd 5, -1 once its mark was read or it closed */
    unsigned char marked[MARK_LEN];
    size_t marked_len;
    uint64_t forwarded[2];
    struct timespec started, ended;
} run = { .in = -1, .out = -1, .err = -1, .go = -1, .mark = -1 };

/* Output read but not yet sent, per stream (0 stdout, 1 stderr). */
static struct {
    unsigned char buf[CHUNK];
    size_t len;
    struct timespec first; /* when its first byte was read */
} held[2];

static uint64_t ns_since(const struct timespec *a, const struct timespec *b)
{
    return (uint64_t)(b->tv_sec - a->tv_sec) * 1000000000u + (uint64_t)(b->tv_nsec - a->tv_nsec);
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t get64(const unsigned char *p)
{
    return (uint64_t)get32(p) << 32 | get32(p + 4);
}

static int write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        p += n; len -= (size_t)n;
    }
    return 0;
}

static int read_all(int fd, void *buf, size_t len)
{
    char *p = buf;
    while (len > 0) {
        ssize_t n = read(fd, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        p += n; len -= (size_t)n;
    }
    return 0;
}

/*
 * Frames for the worker wait here and leave together, once per turn of the main loop (before it
 * polls): every write crosses the engine (its shim, dockerd, the worker), so a command's mark,
 * output and end leave in one write, not two each.
 */
static unsigned char outq[CHUNK + 1024];
static size_t outq_len;

/* A lost worker cannot be told anything: write errors are ignored. */
static void flush_frames(void)
{
    if (outq_len > 0) (void)write_all(1, outq, outq_len);
    outq_len = 0;
}

static void send_frame(char type, const void *payload, uint32_t len)
{
    unsigned char head[5] = { (unsigned char)type };
    put32(head + 1, len);
    if (outq_len + sizeof head + len > sizeof outq) flush_frames();
    if (sizeof head + len > sizeof outq) {
        if (write_all(1, head, sizeof head) == 0 && len > 0) (void)write_all(1, payload, len);
        return;
    }
    memcpy(outq + outq_len, head, sizeof head);
    if (len > 0) memcpy(outq + outq_len + sizeof head, payload, len);
    outq_len += sizeof head + len;
}

static void fail(const char *msg)
{
    send_frame('F', msg, (uint32_t)strlen(msg));
}

static void close_fd(int *fd)
{
    if (*fd >= 0) close(*fd);
    *fd = -1;
}

/*
 * Switches the effective ids to the sandbox user (on) and back (off) when jbinit is root (gVisor);
 * the real and saved ids stay root, so it can switch back. A no-op under runc.
 */
static int as_user(int on)
{
    static int switched;
    if (on) {
        if (geteuid() != 0) return 0;
        if (setresgid(-1, SANDBOX_UID, -1) < 0) return -1;
        if (setresuid(-1, SANDBOX_UID, -1) < 0) {
            if (setresgid(-1, 0, -1) < 0) abort();
            return -1;
        }
        switched = 1;
    } else if (switched) {
        int e = errno;
        if (setresuid(-1, 0, -1) < 0 || setresgid(-1, 0, -1) < 0) abort();
        switched = 0;
        errno = e;
    }
    return 0;
}

static void close_from(int first)
{
    if (close_range((unsigned)first, ~0u, 0) < 0)
        for (int fd = first; fd < 4096; fd++) close(fd);
}

static void child_exec(const char *fd3, char **argv, int in[2], int out[2], int err[2], int go, int mark)
{
    sigset_t none;
    for (int s = 1; s < NSIG; s++) signal(s, SIG_DFL);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    setsid();
    if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0 || dup2(err[1], 2) < 0) _exit(126);
    /* Out of the way of fds 3-5 before any of them is set (all close-on-exec until dup2'd). */
    if (go >= 0 && ((go = fcntl(go, F_DUPFD_CLOEXEC, 16)) < 0 || (mark = fcntl(mark, F_DUPFD_CLOEXEC, 16)) < 0))
        _exit(126);
    int first = 3;
    if (*fd3) {
        /* As the sandbox user, like everything a command gets (under gVisor jbinit is root). */
        int fd = as_user(1) < 0 ? -1 : open(fd3, O_RDONLY | O_CLOEXEC);
        as_user(0);
        /* dup2 onto itself would leave close-on-exec set: clear it instead. */
        if (fd < 0 || (fd == 3 ? fcntl(3, F_SETFD, 0) : dup2(fd, 3)) < 0) {
            dprintf(2, "jbinit: cannot open %s: %s\n", fd3, strerror(errno));
            _exit(126);
        }
        first = 4;
    }
    if (go >= 0) {
        if (first == 3) close(3);
        if (dup2(go, GO_FD) < 0 || dup2(mark, MARK_FD) < 0) _exit(126);
        first = MARK_FD + 1;
    }
    /* Every other descriptor (ours, the engine's stdio) is closed before exec. */
    close_from(first);
    execvp(argv[0], argv);
    int e = errno;
    dprintf(2, "jbinit: cannot run %s: %s\n", argv[0], strerror(e));
    _exit(e == ENOENT ? 127 : 126);
}

/* The command's pipes (`n` of them, each O_CLOEXEC), made as the sandbox user; 0 when all were made. */
static int user_pipes(int (*p)[2], int n)
{
    if (as_user(1) < 0) return -1;
    int made = 0;
    while (made < n && pipe2(p[made], O_CLOEXEC) == 0) made++;
    as_user(0);
    if (made == n) return 0;
    while (made-- > 0) { close(p[made][0]); close(p[made][1]); }
    return -1;
}

/* Splits NUL-terminated strings from `at` to `len` of frame into argv; the argument count. */
static int split_args(char **argv, uint32_t at, uint32_t len)
{
    int argc = 0;
    for (uint32_t i = at; i < len && argc < MAX_ARGS; i += (uint32_t)strlen((char *)frame + i) + 1)
        argv[argc++] = (char *)frame + i;
    argv[argc] = NULL;
    return argc;
}

/* Counting starts: output cap and the fork-to-exit clock. */
static void begin(uint32_t cap)
{
    clock_gettime(CLOCK_MONOTONIC, &run.started);
    run.cap = cap; run.forwarded[0] = run.forwarded[1] = 0;
}

/* 'R' (held 0) and 'P' (held 1). */
static void start_run(uint32_t len, int held)
{
    static char *argv[MAX_ARGS + 1];
    int p[5][2]; /* stdin, stdout, stderr, and the held command's fds 4 and 5 */
    if (run.pid != 0) return fail("a command is already running");
    if (len < 6 || frame[len - 1] != 0) return fail("malformed run frame");
    const char *fd3 = (char *)frame + 4;
    if (split_args(argv, 5 + (uint32_t)strlen(fd3), len) == 0) return fail("malformed run frame");
    if (user_pipes(p, held ? 5 : 3) < 0) return fail("pipe failed");
    /* Room for the largest command line, so that writing it on 'G' never blocks. */
    if (held) (void)fcntl(p[3][1], F_SETPIPE_SZ, MAX_FRAME);
    begin(get32(frame));
    pid_t pid = fork();
    if (pid == 0) child_exec(fd3, argv, p[0], p[1], p[2], held ? p[3][0] : -1, held ? p[4][1] : -1);
    close(p[0][0]); close(p[1][1]); close(p[2][1]);
    if (held) { close(p[3][0]); close(p[4][1]); }
    if (pid < 0) {
        close(p[0][1]); close(p[1][0]); close(p[2][0]);
        if (held) { close(p[3][1]); close(p[4][0]); }
        return fail("fork failed");
    }
    /* Our end only: a command that never reads its stdin must not block us. */
    fcntl(p[0][1], F_SETFL, O_NONBLOCK);
    run.pid = pid; run.exited = 0; run.status = 0;
    run.in = p[0][1]; run.out = p[1][0]; run.err = p[2][0];
    run.pending = NULL; run.pending_len = 0; run.close_in = 0;
    run.held = held; run.go = held ? p[3][1] : -1;
    run.mark = held ? p[4][0] : -1; run.marked_len = 0;
    if (held) fcntl(run.mark, F_SETFL, O_NONBLOCK);
}

static uint64_t ns_of(const struct timespec *t)
{
    return (uint64_t)t->tv_sec * 1000000000u + (uint64_t)t->tv_nsec;
}

/*
 * Reads what the running command marked on fd 5 (see jbwait.c), once it runs (after 'G').
 * Once 16 bytes are in, its time counts from the mark and 'S' tells the worker the CPU time to
 * count from; nothing after them is read. A mark dated before 'G' (the command line comes with
 * 'G'), or after now or the command's end, cannot be honest: the command then ends without an
 * 'S', as one that never marked.
 */
static void read_mark(void)
{
    ssize_t n = read(run.mark, run.marked + run.marked_len, MARK_LEN - run.marked_len);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
    if (n <= 0) return close_fd(&run.mark);
    run.marked_len += (size_t)n;
    if (run.marked_len < MARK_LEN) return;
    close_fd(&run.mark);
    uint64_t at = get64(run.marked + 8);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (at < ns_of(&run.started) || at > ns_of(run.exited ? &run.ended : &now)) return;
    run.started.tv_sec = (time_t)(at / 1000000000u);
    run.started.tv_nsec = (long)(at % 1000000000u);
    send_frame('S', run.marked, 8);
}

/* 'G': the held command gets its command line and runs from now on. */
static void go_run(uint32_t len)
{
    if (run.pid == 0 || !run.held) return fail("no command is held");
    if (len < 6 || frame[len - 1] != 0) return fail("malformed go frame");
    /* Before the command line goes: its mark, dated after it, must never look older than 'G'. */
    begin(get32(frame));
    /* A held command that died already gets EPIPE here (SIGPIPE is ignored) and ends as it died. */
    (void)write_all(run.go, frame + 4, len - 4);
    close_fd(&run.go);
    run.held = 0;
    /* It ran for no time from here, and what it wrote is still drained for DRAIN_GRACE_MS. */
    if (run.exited) run.ended = run.started;
}

/* An absolute path with no empty, '.' or '..' component. */
static int plain_path(const char *p)
{
    if (p[0] != '/') return 0;
    for (const char *c = p + 1;; ) {
        const char *e = strchr(c, '/');
        size_t n = e ? (size_t)(e - c) : strlen(c);
        if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.')) return 0;
        if (!e) return 1;
        c = e + 1;
    }
}

/* Makes the missing parents of `path` (0755, as tar does). */
static int make_parents(char *path)
{
    for (char *s = strchr(path + 1, '/'); s; s = strchr(s + 1, '/')) {
        *s = 0;
        int r = mkdir(path, 0755), e = errno;
        *s = '/';
        if (r < 0 && e != EEXIST) { errno = e; return -1; }
    }
    return 0;
}

static int wipe_dir(int fd, const char *prefix, int depth);

/* Removes `name` in `dirfd` with all it holds. */
static int remove_tree(int dirfd, const char *name, int depth)
{
    /* Anything but a directory (a symlink to one included) goes with unlink. */
    if (unlinkat(dirfd, name, 0) == 0 || errno == ENOENT) return 0;
    if (errno != EISDIR) return -1;
    if (depth >= WIPE_DEPTH) { errno = ELOOP; return -1; }
    /* No process of the submission is left to swap the directory for a link meanwhile, and the
       sandbox user may chmod anything of its own anyway. */
    if (fchmodat(dirfd, name, 0700, 0) < 0) return -1;
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 || wipe_dir(fd, "", depth + 1) < 0) return -1;
    return unlinkat(dirfd, name, AT_REMOVEDIR);
}

/*
 * Removes every entry of the open directory `fd` whose name starts with `prefix`, then closes it.
 * Scans again until a scan finds none: entries removed during a scan must not hide others.
 */
static int wipe_dir(int fd, const char *prefix, int depth)
{
    DIR *d = fdopendir(fd);
    if (!d) { int e = errno; close(fd); errno = e; return -1; }
    size_t n = strlen(prefix);
    int r = 0;
    for (int scan = 0, found = 1; r == 0 && found; scan++) {
        if (scan == 4) { errno = ENOTEMPTY; r = -1; break; }
        found = 0;
        rewinddir(d);
        for (;;) {
            errno = 0;
            struct dirent *e = readdir(d);
            if (!e) { if (errno) r = -1; break; }
            const char *name = e->d_name;
            if (!strcmp(name, ".") || !strcmp(name, "..") || strncmp(name, prefix, n)) continue;
            found = 1;
            if (remove_tree(dirfd(d), name, depth) < 0) { r = -1; break; }
        }
    }
    int e = errno;
    closedir(d);
    errno = e;
    return r;
}

static int make_entry(char kind, uint32_t mode, char *path, const unsigned char *data, uint32_t size)
{
    struct stat st;
    if (!plain_path(path)) { errno = EINVAL; return -1; }
    if (kind == 'x') {
        char prefix[256];
        if (size >= sizeof prefix || memchr(data, 0, size) || memchr(data, '/', size)) { errno = EINVAL; return -1; }
        memcpy(prefix, data, size);
        prefix[size] = 0;
        /* A symlink is not a directory here (gVisor's open ignores O_NOFOLLOW with O_DIRECTORY). */
        if (lstat(path, &st) < 0) return -1;
        if (!S_ISDIR(st.st_mode)) { errno = ENOTDIR; return -1; }
        int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        return fd < 0 ? -1 : wipe_dir(fd, prefix, 0);
    }
    if (make_parents(path) < 0) return -1;
    if (kind == 'd') {
        if (mkdir(path, mode & 07777) == 0) return 0;
        if (errno == EEXIST && lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) return 0;
        return -1;
    }
    int flags = O_WRONLY | O_NOFOLLOW | O_CLOEXEC | (kind == 'f' ? O_CREAT | O_EXCL : O_APPEND);
    int fd = open(path, flags, mode & 07777);
    if (fd < 0) return -1;
    int r = write_all(fd, data, size), e = errno;
    if (close(fd) < 0 && r == 0) return -1;
    errno = e;
    return r;
}

/* 'U': makes the entries of the frame, in order, as the sandbox user; answers 'A'. */
static void make_files(uint32_t len)
{
    unsigned char reply[4 + 512];
    int err = 0;
    char *bad = "";
    if (as_user(1) < 0) { err = errno; bad = "(switching to the sandbox user)"; }
    for (uint32_t at = 0; err == 0 && at < len; ) {
        char kind = (char)frame[at];
        unsigned char *nul = len - at > 9 ? memchr(frame + at + 9, 0, len - at - 9) : NULL;
        uint32_t size = nul ? get32(frame + at + 5) : 0;
        if (!nul || (kind != 'd' && kind != 'f' && kind != 'a' && kind != 'x') || size > len - (uint32_t)(nul + 1 - frame)) {
            err = EINVAL; bad = "(malformed files frame)"; break;
        }
        char *path = (char *)frame + at + 9;
        if (make_entry(kind, get32(frame + at + 1), path, nul + 1, size) < 0) { err = errno ? errno : EIO; bad = path; }
        at = (uint32_t)(nul + 1 - frame) + size;
    }
    as_user(0);
    put32(reply, (uint32_t)err);
    int n = err ? snprintf((char *)reply + 4, sizeof reply - 4, "%s: %s", bad, strerror(err)) : 0;
    send_frame('A', reply, 4 + (uint32_t)(n < (int)sizeof reply - 4 ? n : (int)sizeof reply - 5));
}

static void flush_held(int which);

static void finish_run(void)
{
    unsigned char x[12];
    /* Written before the command's exec, so it is in the pipe by now if it ever was. */
    if (run.mark >= 0) read_mark();
    close_fd(&run.mark);
    flush_held(0); flush_held(1);
    close_fd(&run.in); close_fd(&run.out); close_fd(&run.err);
    put32(x, (uint32_t)run.status);
    uint64_t ns = ns_since(&run.started, &run.ended);
    put32(x + 4, (uint32_t)(ns >> 32)); put32(x + 8, (uint32_t)ns);
    run.pid = 0; run.pending_len = 0;
    send_frame('X', x, sizeof x);
}

/* Reads one control frame; 0 when stdin is closed or the stream is broken. */
static int read_control(void)
{
    unsigned char head[5];
    if (read_all(0, head, sizeof head) < 0) return 0;
    uint32_t len = get32(head + 1);
    if (len > MAX_FRAME) { fail("frame too large"); return 0; }
    if (read_all(0, frame, len) < 0) return 0;
    switch (head[0]) {
    case 'R': start_run(len, 0); break;
    case 'P': start_run(len, 1); break;
    case 'G': go_run(len); break;
    case 'U': make_files(len); break;
    case 'I':
        if (run.in >= 0 && !run.held && len > 0) { run.pending = frame; run.pending_len = len; }
        break;
    case 'C':
        if (run.in >= 0 && !run.held) run.close_in = 1;
        break;
    case 'K':
        (void)kill(-1, SIGKILL);
        break;
    default: fail("unknown frame type"); return 0;
    }
    return 1;
}

static void flush_held(int which)
{
    if (held[which].len == 0) return;
    send_frame(which ? 'E' : 'O', held[which].buf, (uint32_t)held[which].len);
    held[which].len = 0;
}

static void forward(int *fd, int which)
{
    static unsigned char drop[CHUNK];
    uint64_t room = (uint64_t)run.cap + 1 - run.forwarded[which];
    size_t space = CHUNK - held[which].len;
    /* Past the cap, bytes are read and dropped so the command never blocks on a full pipe. */
    unsigned char *dst = room > 0 ? held[which].buf + held[which].len : drop;
    size_t want = room > 0 ? (room < space ? (size_t)room : space) : sizeof drop;
    ssize_t n = read(*fd, dst, want);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
    if (n <= 0) { flush_held(which); return close_fd(fd); }
    if (room == 0) return;
    if (held[which].len == 0) clock_gettime(CLOCK_MONOTONIC, &held[which].first);
    held[which].len += (size_t)n;
    run.forwarded[which] += (uint64_t)n;
    if (held[which].len == CHUNK || run.forwarded[which] == (uint64_t)run.cap + 1) flush_held(which);
}

/* Sends what has waited FLUSH_MS; returns the ms until the next stream is due, or -1. */
static int flush_due(void)
{
    struct timespec now;
    int next = -1;
    clock_gettime(CLOCK_MONOTONIC, &now);
    for (int w = 0; w < 2; w++) {
        if (held[w].len == 0) continue;
        int64_t left = FLUSH_MS - (int64_t)(ns_since(&held[w].first, &now) / 1000000u);
        if (left <= 0) { flush_held(w); continue; }
        if (next < 0 || left < next) next = (int)left;
    }
    return next;
}

static void feed_stdin(void)
{
    ssize_t n = write(run.in, run.pending, run.pending_len);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
    if (n < 0) { close_fd(&run.in); run.pending_len = 0; return; } /* EPIPE: it stopped reading */
    run.pending += n; run.pending_len -= (size_t)n;
}

static void reap(void)
{
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        if (pid == run.pid && !run.exited) {
            run.exited = 1; run.status = status;
            clock_gettime(CLOCK_MONOTONIC, &run.ended);
        }
    }
}

int main(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        static const char usage[] = "usage: jbinit (PID 1 of a sandbox; a held command ends in jbwait)\n";
        (void)!write(2, usage, sizeof usage - 1);
        return 2;
    }

    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    for (int s = 1; s < NSIG; s++) if (s != SIGCHLD) signal(s, SIG_IGN);
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    int sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
    if (sfd < 0) return 1;

    uint32_t version = 0;
    put32((unsigned char *)&version, PROTOCOL_VERSION);
    send_frame('H', &version, sizeof version);

    int control = 1;
    for (;;) {
        struct pollfd p[6];
        int n = 0, i_sig, i_ctl = -1, i_in = -1, i_out = -1, i_err = -1, i_mark = -1, timeout = -1;
        if (run.pid != 0 && run.close_in && run.pending_len == 0) close_fd(&run.in);
        i_sig = n; p[n++] = (struct pollfd){ sfd, POLLIN, 0 };
        /* A new frame is read only when the last stdin chunk is written: backpressure to the worker. */
        if (control && run.pending_len == 0) { i_ctl = n; p[n++] = (struct pollfd){ 0, POLLIN, 0 }; }
        /* A held command's pipes wait for 'G' (what it wrote stays in them), and so does its end. */
        int live = run.pid != 0 && !run.held;
        if (live && run.in >= 0 && run.pending_len > 0) { i_in = n; p[n++] = (struct pollfd){ run.in, POLLOUT, 0 }; }
        if (live && run.out >= 0) { i_out = n; p[n++] = (struct pollfd){ run.out, POLLIN, 0 }; }
        if (live && run.err >= 0) { i_err = n; p[n++] = (struct pollfd){ run.err, POLLIN, 0 }; }
        if (live && run.mark >= 0) { i_mark = n; p[n++] = (struct pollfd){ run.mark, POLLIN, 0 }; }
        if (live && run.exited) {
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            int64_t left = DRAIN_GRACE_MS - (int64_t)(ns_since(&run.ended, &now) / 1000000u);
            if ((run.out < 0 && run.err < 0) || left <= 0) { finish_run(); continue; }
            timeout = (int)left;
        }
        int due = flush_due();
        if (due >= 0 && (timeout < 0 || due < timeout)) timeout = due;
        flush_frames();
        if (poll(p, (nfds_t)n, timeout) < 0) continue;
        /* Before the reaping: a command's mark comes before its end. */
        if (i_mark >= 0 && p[i_mark].revents && run.mark >= 0) read_mark();
        if (p[i_sig].revents) {
            struct signalfd_siginfo si;
            while (read(sfd, &si, sizeof si) > 0) {}
            reap();
        }
        if (i_out >= 0 && p[i_out].revents) forward(&run.out, 0);
        if (i_err >= 0 && p[i_err].revents) forward(&run.err, 1);
        if (i_in >= 0 && p[i_in].revents && run.in >= 0) feed_stdin();
        if (i_ctl >= 0 && p[i_ctl].revents && !read_control()) control = 0;
        if (run.pid == 0) run.pending_len = 0;
    }
}
