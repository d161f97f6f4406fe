/* Debugging/inspecting other processes must be impossible. */
#include "probe.h"
#include <sys/ptrace.h>
#include <sys/uio.h>

int main(void)
{
    report("ptrace", ptrace(PTRACE_TRACEME, 0, 0, 0));
    char buf[8], src[8] = "x";
    struct iovec l = { buf, sizeof buf }, r = { src, sizeof src };
    report("process_vm_readv", process_vm_readv(getpid(), &l, 1, &r, 1, 0));
    report("process_vm_writev", process_vm_writev(getpid(), &l, 1, &r, 1, 0));
    report("kcmp", syscall(SYS_kcmp, getpid(), getpid(), 0 /*KCMP_FILE*/, 0, 0));
    report("pidfd_getfd", syscall(438 /*pidfd_getfd*/, 0, 0, 0));
    return 0;
}
