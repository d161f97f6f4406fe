import { WORK_DIR } from '../container-spec';
import { JBWAIT, type InitEntry } from '../init-protocol';
import { runPhase, SUPERVISOR_LIMITS, type PhaseContext } from '../phase-runner';
import type { PhaseOutcome, PhaseSpec } from '../sandbox-driver';
import type { ReadySandbox } from '../sandbox-factory';
import { unpack } from '../unpack';

/**
 * Supervisor files of a slot, in the slot's own /tmp: no untrusted process ever sees that
 * directory (each gets its own /tmp), and nothing but the worker's commands runs outside bwrap.
 */
export const SUPERVISOR_DIR = '/tmp/.judgebox';
export const INNER_FILTER_FILE = `${SUPERVISOR_DIR}/inner.bpf`;
/** Per-process directories on the slot's size- and inode-capped tmpfs mounts: `jb-<k>` in each. */
const PROC_DIR = 'jb-';
const PROC_TMP = `/tmp/${PROC_DIR}`;
const PROC_SHM = `/dev/shm/${PROC_DIR}`;

/**
 * What every untrusted process of a slot runs in: bubblewrap, started by jbinit with the inner
 * filter open as fd 3 (INNER_FILTER_FILE), builds the sandbox and execs the command:
 * - new user, IPC, network, UTS and cgroup namespaces (no pid namespace: a new procfs cannot be
 *   mounted under Docker's masked /proc; the slot's own /proc, masks included, is bound instead);
 * - the slot's read-only root, a minimal read-only /dev, and binds of the submission's work dir as
 *   /work and of the process's own fresh dirs as /tmp and /dev/shm (made by jbinit with the
 *   submission's files, on the slot's capped tmpfs mounts, so ENOSPC comes at the same size and
 *   inode counts as in container isolation; bubblewrap's own tmpfs could not cap inodes);
 * - the inner seccomp filter stacked on the slot's, die-with-parent, a new session.
 * bwrap's child execs the command, so the wait status jbinit reports is the command's own.
 */
function innerCommand(cmd: string[], workDir: string, processIndex: number): string[] {
  const k = String(processIndex);
  return [
    'bwrap',
    '--seccomp',
    '3',
    '--ro-bind',
    '/',
    '/',
    '--dev',
    '/dev',
    '--bind',
    `${PROC_TMP}${k}`,
    '/tmp',
    '--bind',
    `${PROC_SHM}${k}`,
    '/dev/shm',
    '--remount-ro',
    '/dev',
    '--bind',
    workDir,
    WORK_DIR,
    '--chdir',
    WORK_DIR,
    '--unshare-user',
    '--unshare-ipc',
    '--unshare-net',
    '--unshare-uts',
    '--unshare-cgroup-try',
    '--die-with-parent',
    '--new-session',
    '--',
    ...cmd,
  ];
}

/**
 * Runs `phase` in a fresh inner sandbox, with `workDir` as its /work and process `k`'s /tmp; with
 * `held`, in the one holdFirstProcess built for process `k` (only the exec is left to do).
 * Either way the sandbox ends in jbwait, which marks when it execs the phase's command:
 * the phase is measured from there (building the sandbox is not charged to it), and a sandbox that
 * could not be built throws SandboxSetupError instead of passing for the command's failure.
 */
export function runInner(
  ctx: PhaseContext,
  phase: PhaseSpec,
  workDir: string,
  k: number,
  held = false,
): Promise<PhaseOutcome> {
  if (held) return runPhase(ctx, phase, { held: true });
  return runPhase(ctx, phase, { hold: innerCommand([JBWAIT], workDir, k), fd3: INNER_FILTER_FILE });
}

const RELEASE_HELD: PhaseSpec = { cmd: ['true'], stdin: null, limits: SUPERVISOR_LIMITS };

/** Lets the held sandbox go (it runs `true`), whether it still stands or not. */
export async function releaseHeld(ctx: PhaseContext): Promise<void> {
  await runPhase(ctx, RELEASE_HELD, { held: true, release: true });
}

/**
 * While the slot is idle, builds the inner sandbox of its next submission's first process (the
 * compile, or the first run): its dirs, then bubblewrap held by jbinit with jbwait as its
 * command, which execs the phase's command once the worker sends it (runInner with `held`). What
 * bubblewrap costs (about 7 ms of CPU here) is then off the request path, and not charged to the
 * program when the slot was idle long enough for it to finish. Called only on a clean slot.
 */
export async function holdFirstProcess(slot: ReadySandbox, ctx: PhaseContext): Promise<void> {
  const dir = submissionDir(slot.served + 1);
  const k = slot.processes;
  await unpack(ctx, [], dir, [dir, ...processDirs(k, 1)]);
  holdInner(ctx, dir, k);
  slot.processes++;
  slot.held = k;
}

/**
 * Starts building process `k`'s inner sandbox (its dirs made already), held for runInner with
 * `held` to exec the phase's command in it.
 */
export function holdInner(ctx: PhaseContext, workDir: string, k: number): void {
  ctx.channel.hold(innerCommand([JBWAIT], workDir, k), INNER_FILTER_FILE);
}

/** A submission's work dir inside the slot's /work (bound as /work into each of its processes). */
export function submissionDir(serial: number): string {
  return `${WORK_DIR}/jb-${serial}`;
}

/**
 * The directories processes `first`..`first + count - 1` need of their own (jbinit makes them, mode
 * 0700, with the files): a /tmp and a /dev/shm each.
 */
export function processDirs(first: number, count: number): string[] {
  const own = Array.from({ length: count }, (_, i) => first + i);
  return [...own.map((k) => `${PROC_TMP}${k}`), ...own.map((k) => `${PROC_SHM}${k}`)];
}

/**
 * Between submissions, what the last one left on the slot's tmpfs mounts: every entry of /work,
 * and every process's /tmp and /dev/shm dirs. jbinit removes them itself, as the sandbox user
 * (a files frame, no process started), never following a symlink, making a directory its owner
 * locked 0700 first; the frame fails unless all are gone.
 */
export const LEFTOVERS: InitEntry[] = [
  { path: WORK_DIR, mode: 0, removeNamesStartingWith: '' },
  { path: '/tmp', mode: 0, removeNamesStartingWith: PROC_DIR },
  { path: '/dev/shm', mode: 0, removeNamesStartingWith: PROC_DIR },
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
