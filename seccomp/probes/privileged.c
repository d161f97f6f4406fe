/* Host-administration syscalls. Arguments are deliberately invalid so that a
 * syscall which slipped through the filter fails with EINVAL/EFAULT/EBADF
 * (visible in the output) instead of doing anything. */
#include "probe.h"
#include <sys/timex.h>
#include <time.h>

int main(void)
{
    report("init_module", syscall(SYS_init_module, NULL, 0, ""));
    report("finit_module", syscall(SYS_finit_module, -1, "", 0));
    report("delete_module", syscall(SYS_delete_module, "judgebox_nonexistent", 0));
    report("kexec_load", syscall(SYS_kexec_load, 0, 0, NULL, 0xdeadUL << 32));
    report("kexec_file_load", syscall(SYS_kexec_file_load, -1, -1, 0, NULL, 0xdeadUL << 32));
    report("reboot", syscall(SYS_reboot, 0, 0, 0, NULL)); /* bad magic */
    report("swapon", syscall(SYS_swapon, NULL, 0));
    report("swapoff", syscall(SYS_swapoff, NULL));
    report("acct", syscall(SYS_acct, (char *)1));
    report("quotactl", syscall(SYS_quotactl, 0, NULL, 0, NULL));
    report("lookup_dcookie", syscall(212, 0, NULL, 0));
    report("nfsservctl", syscall(180, 0, NULL, NULL));
    report("uselib", syscall(SYS_uselib, NULL));
    report("settimeofday", syscall(SYS_settimeofday, NULL, NULL));
    struct timespec ts = { 0, 0 };
    report("clock_settime", syscall(SYS_clock_settime, 12345, &ts)); /* bad clock id */
    report("clock_adjtime", syscall(SYS_clock_adjtime, 12345, NULL));
    report("adjtimex", syscall(SYS_adjtimex, NULL));
    report("syslog", syscall(SYS_syslog, 10 /*SYSLOG_ACTION_SIZE_BUFFER*/, NULL, 0));
    report("vhangup", syscall(SYS_vhangup));
    report("iopl", syscall(SYS_iopl, 99));
    report("ioperm", syscall(SYS_ioperm, 0x10000UL, 1, 1)); /* out of range */
    report("open_by_handle_at", syscall(SYS_open_by_handle_at, -1, NULL, 0));
    report("name_to_handle_at", syscall(SYS_name_to_handle_at, -1, NULL, NULL, NULL, 0));
    report("sethostname", syscall(SYS_sethostname, NULL, 100000));
    report("setdomainname", syscall(SYS_setdomainname, NULL, 100000));
    report("fanotify_init", syscall(SYS_fanotify_init, 0xffffffff, 0));
    report("mbind", syscall(SYS_mbind, NULL, 0, 99, NULL, 0, 0));
    report("set_mempolicy", syscall(SYS_set_mempolicy, 99, NULL, 0));
    report("get_mempolicy", syscall(SYS_get_mempolicy, NULL, NULL, 0, NULL, 0xff));
    report("move_pages", syscall(SYS_move_pages, 0, 0, NULL, NULL, NULL, 0xff));
    report("migrate_pages", syscall(SYS_migrate_pages, 0, 0, NULL, NULL));
    report("modify_ldt", syscall(SYS_modify_ldt, 99, NULL, 0));
    report("process_madvise", syscall(440, -1, NULL, 0, 0, 0));
    report("memfd_secret", syscall(447, 0xffffffff));
    report("cachestat", syscall(451, -1, NULL, NULL, 0));
    return 0;
}
