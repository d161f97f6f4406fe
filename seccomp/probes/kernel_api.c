/* Kernel attack-surface syscalls that a judged program never needs. */
#include "probe.h"
#include <linux/bpf.h>
#include <linux/io_uring.h>
#include <linux/perf_event.h>
#include <sys/personality.h>

int main(void)
{
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    report("io_uring_setup", syscall(425, 8, &p));
    report("io_uring_enter", syscall(426, -1, 0, 0, 0, 0, 0));
    report("io_uring_register", syscall(427, -1, 0, 0, 0));
    report("keyctl", syscall(SYS_keyctl, 0 /*KEYCTL_GET_KEYRING_ID*/, -3 /*session*/, 0));
    report("add_key", syscall(SYS_add_key, "user", "judgebox", "x", 1, -3));
    report("request_key", syscall(SYS_request_key, "user", "judgebox", 0, 0));
    union bpf_attr a;
    memset(&a, 0, sizeof a);
    report("bpf", syscall(SYS_bpf, BPF_PROG_LOAD, &a, sizeof a));
    struct perf_event_attr pe;
    memset(&pe, 0, sizeof pe);
    pe.size = sizeof pe;
    pe.type = PERF_TYPE_SOFTWARE;
    pe.config = PERF_COUNT_SW_CPU_CLOCK;
    pe.exclude_kernel = 1;
    report("perf_event_open", syscall(SYS_perf_event_open, &pe, 0, -1, -1, 0));
    report("userfaultfd", syscall(SYS_userfaultfd, 0));
    report("personality(ADDR_NO_RANDOMIZE)", personality(ADDR_NO_RANDOMIZE));
    report("personality(READ_IMPLIES_EXEC)", personality(READ_IMPLIES_EXEC));
    report("personality(0xffffffff)", personality(0xffffffff));
    report("personality(PER_LINUX)", personality(PER_LINUX));
    return 0;
}
