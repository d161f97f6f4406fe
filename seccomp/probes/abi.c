/* Non-native syscall ABIs on x86_64: the i386 entry (int $0x80) and x32
 * (nr | 0x40000000). Each runs in a child so a SIGSYS kill is reported. */
#include "probe.h"

#if defined(__x86_64__)
static void i386_getpid(void)
{
    long ret;
    __asm__ volatile("int $0x80" : "=a"(ret) : "a"(20L /* i386 __NR_getpid */) : "memory");
    if (ret < 0) { errno = (int)-ret; report("i386 int80 getpid", -1); }
    else report("i386 int80 getpid", ret);
}

static void i386_unshare(void)
{
    long ret;
    /* i386 __NR_unshare = 310, CLONE_NEWUSER */
    __asm__ volatile("int $0x80" : "=a"(ret) : "a"(310L), "b"(0x10000000L) : "memory");
    if (ret < 0) { errno = (int)-ret; report("i386 int80 unshare(CLONE_NEWUSER)", -1); }
    else report("i386 int80 unshare(CLONE_NEWUSER)", ret);
}

static void x32_getpid(void)
{
    report("x32 getpid", syscall(0x40000000L | 39));
}
#endif

int main(void)
{
#if defined(__x86_64__)
    in_child("i386 int80 getpid", i386_getpid);
    in_child("i386 int80 unshare(CLONE_NEWUSER)", i386_unshare);
    in_child("x32 getpid", x32_getpid);
#else
    printf("abi: skipped (not x86_64)\n");
#endif
    return 0;
}
