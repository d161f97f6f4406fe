/* No new namespaces: unshare/setns denied, clone only without CLONE_NEW* flags,
 * clone3 answers ENOSYS so libc falls back to clone. */
#include "probe.h"
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <stdint.h>

static long raw_clone(unsigned long flags)
{
    /* x86_64/aarch64 order: flags, newsp, parent_tid, child_tid, tls */
    long r = syscall(SYS_clone, flags, 0, 0, 0, 0);
    if (r == 0) _exit(0);
    if (r > 0) waitpid(r, NULL, 0);
    return r;
}

int main(void)
{
    report("unshare(CLONE_NEWUSER)", unshare(CLONE_NEWUSER));
    report("unshare(CLONE_NEWNS)", unshare(CLONE_NEWNS));
    report("unshare(CLONE_NEWNET)", unshare(CLONE_NEWNET));
    int fd = open("/proc/self/ns/uts", O_RDONLY);
    report("setns", setns(fd, 0));
    report("clone(CLONE_NEWUSER)", raw_clone(CLONE_NEWUSER | SIGCHLD));
    report("clone(CLONE_NEWPID)", raw_clone(CLONE_NEWPID | SIGCHLD));
    report("clone(CLONE_NEWNET)", raw_clone(CLONE_NEWNET | SIGCHLD));
    report("clone(CLONE_NEWCGROUP)", raw_clone(CLONE_NEWCGROUP | SIGCHLD));
    /* flags with only high garbage bits outside the mask still allowed */
    report("clone(SIGCHLD)", raw_clone(SIGCHLD));
    struct clone_args ca;
    memset(&ca, 0, sizeof ca);
    ca.exit_signal = SIGCHLD;
    long r = syscall(435 /*clone3*/, &ca, sizeof ca);
    if (r == 0) _exit(0);
    if (r > 0) waitpid(r, NULL, 0);
    report("clone3", r);
    return 0;
}
