/*
 * probe.h - shared helpers for the seccomp probes.
 *
 * Every probe prints one line per check:   "<name>: ok"   or   "<name>: -1 <ERRNO>"
 * (e.g. "ptrace: -1 EPERM"), so the security test suite can diff the output
 * against expected.txt. Probes are built static (`gcc -static`) so they run in
 * an image that contains nothing else.
 */
#ifndef PROBE_H
#define PROBE_H
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static inline void report(const char *name, long ret)
{
    if (ret < 0) {
        const char *e = strerrorname_np(errno);
        printf("%s: -1 %s\n", name, e ? e : "E?");
    } else {
        printf("%s: ok\n", name);
    }
    fflush(stdout);
}

/* Run fn() in a forked child so that a SIGSYS kill (or any crash) is observed
 * and reported instead of killing the probe itself. The child reports its own
 * result; the parent only reports abnormal termination. */
static inline void in_child(const char *name, void (*fn)(void))
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) { report("fork", -1); return; }
    if (pid == 0) { fn(); fflush(stdout); _exit(0); }
    int st = 0;
    if (waitpid(pid, &st, 0) < 0) { report("waitpid", -1); return; }
    if (WIFSIGNALED(st)) {
        printf("%s: killed by %s\n", name, sigabbrev_np(WTERMSIG(st)) ? sigabbrev_np(WTERMSIG(st)) : "?");
        fflush(stdout);
    }
}
#endif
