import { WORK_DIR } from '../container-spec';

/**
 * Supervisor files of a slot, in the slot's own /tmp: no untrusted process ever sees that
 * directory (each gets its own /tmp), and nothing but the worker's commands runs outside bwrap.
 */
export const SUPERVISOR_DIR = '/tmp/.judgebox';
export const INNER_FILTER_FILE = `${SUPERVISOR_DIR}/inner.bpf`;
/** Per-process directories on the slot's size- and inode-capped tmpfs mounts. */
const PROC_TMP = '/tmp/jb-';
const PROC_SHM = '/dev/shm/jb-';

/**
 * What every untrusted process of a slot runs in: a shell (dash) that removes what earlier
 * processes left in their /tmp and /dev/shm, makes fresh ones, then execs bubblewrap, which builds
 * the sandbox and execs the command:
 * - new user, IPC, network, UTS and cgroup namespaces (no pid namespace: a new procfs cannot be
 *   mounted under Docker's masked /proc; the slot's own /proc, masks included, is bound instead);
 * - the slot's read-only root, a minimal read-only /dev, and binds of the submission's work dir as /work and
 *   of fresh per-process dirs as /tmp and /dev/shm (on the slot's capped tmpfs mounts, so ENOSPC
 *   comes at the same size and inode counts as in container isolation);
 * - the inner seccomp filter (fd 3) stacked on the slot's, die-with-parent, a new session.
 * The shell execs bwrap, and bwrap's child execs the command, so the wait status jbinit reports is
 * the command's own.
 */
const WRAPPER = [
  'w=$1 t=' + PROC_TMP + '$2 s=' + PROC_SHM + '$2',
  'shift 2',
  'for d in ' + PROC_TMP + '* ' + PROC_SHM + '*; do',
  '  [ -e "$d" ] || continue',
  '  rm -rf "$d" 2>/dev/null || { chmod -R u+rwX "$d"; rm -rf "$d"; } || exit 125',
  'done',
  'mkdir -m 0700 "$t" "$s" || exit 125',
  'exec bwrap --seccomp 3 --ro-bind / / --dev /dev --bind "$t" /tmp --bind "$s" /dev/shm --remount-ro /dev' +
    ` --bind "$w" ${WORK_DIR} --chdir ${WORK_DIR}` +
    ' --unshare-user --unshare-ipc --unshare-net --unshare-uts --unshare-cgroup-try' +
    ' --die-with-parent --new-session -- "$@" 3<' +
    INNER_FILTER_FILE,
].join('\n');

/** The argv that runs `cmd` in a fresh inner sandbox, with `workDir` as its /work. */
export function innerCommand(cmd: string[], workDir: string, processIndex: number): string[] {
  return ['/bin/sh', '-c', WRAPPER, 'jb-inner', workDir, String(processIndex), ...cmd];
}

/** A submission's work dir inside the slot's /work (bound as /work into each of its processes). */
export function submissionDir(serial: number): string {
  return `${WORK_DIR}/jb-${serial}`;
}

/**
 * Between submissions: everything the last one left on the slot's tmpfs mounts goes (modes it set
 * are undone first), and the command fails unless /work, and the per-process dirs, are empty.
 * Runs as the sandbox user outside bwrap; rm and chmod never follow symlinks they meet.
 */
export const CLEAN_COMMAND = [
  '/bin/sh',
  '-c',
  [
    `set -- ${WORK_DIR}/* ${WORK_DIR}/.[!.]* ${PROC_TMP}* ${PROC_SHM}*`,
    'for d; do [ -e "$d" ] || [ -L "$d" ] || continue; rm -rf "$d" 2>/dev/null || { chmod -R u+rwX "$d"; rm -rf "$d"; }; done',
    `[ -z "$(ls -A ${WORK_DIR})" ] && ! ls -d ${PROC_TMP}* ${PROC_SHM}* >/dev/null 2>&1`,
  ].join('\n'),
];

/** Writes the inner filter (stdin) where the wrapper reads it; run once when a slot starts. */
export const INSTALL_FILTER_COMMAND = [
  '/bin/sh',
  '-c',
  `umask 077 && mkdir -p ${SUPERVISOR_DIR} && cat > ${INNER_FILTER_FILE}`,
];

/**
 * Proves, inside a fresh inner sandbox, that the inner filter is stacked on the slot's (two
 * filters in force) and that a new user namespace is refused: a slot failing it is never used.
 */
export const PROBE_COMMAND = [
  '/bin/sh',
  '-c',
  [
    'f=0; while read -r k v; do [ "$k" = Seccomp_filters: ] && f=$v; done </proc/self/status',
    '[ "$f" -ge 2 ] || { echo "inner filter not stacked ($f filters)"; exit 2; }',
    'unshare -U true 2>/dev/null && { echo "a user namespace could be created"; exit 3; }',
    'exit 0',
  ].join('\n'),
];
