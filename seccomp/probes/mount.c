/* The whole mount API is denied. */
#include "probe.h"
#include <sys/mount.h>

int main(void)
{
    report("mount", mount("none", "/tmp", "tmpfs", 0, NULL));
    report("umount2", umount2("/tmp", MNT_DETACH));
    report("pivot_root", syscall(SYS_pivot_root, "/", "/"));
    report("chroot", chroot("/"));
    report("open_tree", syscall(428, -100, "/", 0));
    report("move_mount", syscall(429, -1, "", -1, "", 0));
    report("fsopen", syscall(430, "tmpfs", 0));
    report("fsconfig", syscall(431, -1, 0, 0, 0, 0));
    report("fsmount", syscall(432, -1, 0, 0));
    report("fspick", syscall(433, -100, "/", 0));
    report("mount_setattr", syscall(442, -100, "/", 0, 0, 0));
    return 0;
}
