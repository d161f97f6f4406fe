/* What ordinary programs do must keep working under the profile. */
#include "probe.h"
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

extern char **environ;

static void *thread_fn(void *arg) { return arg; }

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--exec-child") == 0)
        return 42;

    pid_t pid = fork();
    if (pid == 0) _exit(7);
    int st = 0;
    long r = pid < 0 ? -1 : waitpid(pid, &st, 0);
    report("fork+wait", (r < 0 || WEXITSTATUS(st) != 7) ? -1 : 0);

    pid = vfork();
    if (pid == 0) _exit(0);
    report("vfork", pid < 0 ? -1 : waitpid(pid, NULL, 0));

    pthread_t t;
    void *out = NULL;
    int e = pthread_create(&t, NULL, thread_fn, (void *)1);
    if (!e) e = pthread_join(t, &out);
    errno = e;
    report("pthread_create+join", e ? -1 : 0);

    char *args[] = { argv[0], "--exec-child", NULL };
    e = posix_spawn(&pid, "/proc/self/exe", NULL, NULL, args, environ);
    if (!e) { waitpid(pid, &st, 0); if (WEXITSTATUS(st) != 42) e = EIO; }
    errno = e;
    report("posix_spawn+execve", e ? -1 : 0);

    void *m = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    report("mmap", m == MAP_FAILED ? -1 : 0);
    report("mprotect", mprotect(m, 4096, PROT_READ));
    report("madvise", madvise(m, 1 << 20, MADV_DONTNEED));
    report("munmap", munmap(m, 1 << 20));

    int fd = open("/tmp/probe.txt", O_CREAT | O_RDWR | O_TRUNC, 0600);
    report("open(O_CREAT)", fd);
    report("write", write(fd, "hello", 5));
    report("lseek", lseek(fd, 0, SEEK_SET));
    char buf[8];
    report("read", read(fd, buf, 5));
    struct stat sb;
    report("fstat", fstat(fd, &sb));
    report("fchmod", fchmod(fd, 0644));
    report("close", close(fd));
    report("rename", rename("/tmp/probe.txt", "/tmp/probe2.txt"));
    report("unlink", unlink("/tmp/probe2.txt"));

    int p[2];
    report("pipe2", pipe2(p, O_CLOEXEC));
    report("socketpair(AF_UNIX)", socketpair(AF_UNIX, SOCK_STREAM, 0, p));
    int s = socket(AF_INET, SOCK_STREAM, 0);
    report("socket(AF_INET)", s);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    report("bind(127.0.0.1)", bind(s, (struct sockaddr *)&sa, sizeof sa));
    report("socket(AF_INET6)", socket(AF_INET6, SOCK_DGRAM, 0));
    report("socket(AF_NETLINK)", socket(AF_NETLINK, SOCK_RAW, 0));
    report("socket(AF_VSOCK)", socket(40, SOCK_STREAM, 0));
    report("socket(AF_ALG)", socket(38, SOCK_SEQPACKET, 0));
    report("socket(AF_PACKET)", socket(17, SOCK_RAW, 0));
    /* high bits must not smuggle a family past the filter: expect EPERM */
    report("socket(AF_INET|1<<32)", syscall(SYS_socket, (1UL << 32) | AF_INET, SOCK_STREAM, 0));

    struct timespec ts;
    report("clock_gettime", clock_gettime(CLOCK_MONOTONIC, &ts));
    ts.tv_sec = 0; ts.tv_nsec = 1000;
    report("nanosleep", nanosleep(&ts, NULL));
    report("getrandom", getrandom(buf, sizeof buf, 0));
    sync(); /* void: a no-op under the profile; syncfs shows the return value */
    fd = open("/tmp", O_RDONLY);
    report("syncfs (no-op)", syncfs(fd));
    close(fd);
    report("sched_yield", sched_yield());
    report("personality(query)", personality(0xffffffff));
    report("setuid(getuid())", setuid(getuid()));
    report("setuid(0)", setuid(0));
    report("prctl(PR_SET_NAME)", syscall(SYS_prctl, 15, "probe", 0, 0, 0));
    /* fchmodat2 (Linux 6.6) is allowed: glibc >= 2.39 uses it for lchmod. */
    close(open("/tmp/probe3.txt", O_CREAT | O_WRONLY, 0600));
    report("fchmodat2 (452)", syscall(452, -100, "/tmp/probe3.txt", 0644, 0));
    unlink("/tmp/probe3.txt");
    /* syscall numbers unknown to the engine's libseccomp get ENOSYS from
     * runc's stub (not EPERM), so libc feature probes fall back cleanly. */
    report("unassigned nr 1000", syscall(1000));
    return 0;
}
