/*
 * jbinit - minimal PID 1 for judgebox sandbox containers.
 *
 * Build: gcc -static -Os -s -o jbinit jbinit.c
 *
 *   jbinit           Run as PID 1: reap every zombie forever, exit 0 on
 *                    SIGTERM/SIGINT. Submissions are started with
 *                    `docker exec`, so their orphans get re-parented to us;
 *                    without a reaper they would pile up as zombies and eat
 *                    the container's pids limit.
 *   jbinit killall   kill(-1, SIGKILL): kills every process the caller may
 *                    signal except PID 1 and the caller itself, i.e. wipes
 *                    everything a submission left behind between runs while
 *                    the container (PID 1) stays alive for reuse.
 *
 * Statically linked so it works in every image regardless of its libc.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc > 1) {
        if (strcmp(argv[1], "killall") == 0) {
            /* ESRCH just means there was nothing left to kill. */
            if (kill(-1, SIGKILL) != 0 && errno != ESRCH)
                return 1;
            return 0;
        }
        static const char usage[] = "usage: jbinit [killall]\n";
        (void)!write(2, usage, sizeof usage - 1);
        return 2;
    }

    /*
     * Block the signals we care about and take them synchronously with
     * sigwaitinfo(): no async handlers, no races, and the process sleeps in
     * the kernel (zero CPU) until something happens. A PID 1 gets no default
     * signal actions from the kernel, so SIGTERM must be handled explicitly
     * or `docker stop` would wait for its timeout and SIGKILL us.
     */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigprocmask(SIG_BLOCK, &set, NULL);

    for (;;) {
        siginfo_t si;
        int sig = sigwaitinfo(&set, &si);
        if (sig == SIGTERM || sig == SIGINT)
            return 0;
        /*
         * SIGCHLD (or EINTR): several exits can collapse into one pending
         * SIGCHLD, so reap until nothing is left.
         */
        while (waitpid(-1, NULL, WNOHANG) > 0)
            ;
    }
}
