import type { ContainerCreateOptions } from 'dockerode';
import {
  GVISOR_ALLOWANCE,
  LIMIT_RANGES,
  MAX_COMPILE_LIMITS,
  SANDBOX_SIZES,
  type Limits,
} from '@judgebox/domain';

/** Labels that mark our containers; the reaper and the pool find them by these. */
export const LABEL_SANDBOX = 'io.judgebox.sandbox';
export const LABEL_WORKER = 'io.judgebox.worker';
/** The queue prefix its worker serves: a reaper only ever judges containers of its own prefix. */
export const LABEL_PREFIX = 'io.judgebox.prefix';
/** Set on containers created ahead of time for the warm pool. */
export const LABEL_POOL = 'io.judgebox.pool';

/** uid (and gid) of the `sandbox` user every image has; every program runs as it. */
export const SANDBOX_UID = 1000;
export const SANDBOX_USER = `${SANDBOX_UID}:${SANDBOX_UID}`;
export const WORK_DIR = '/work';
const MiB = 1024 * 1024;

/**
 * Inode caps of the writable tmpfs mounts. `size=` bounds bytes only: without `nr_inodes` a loop of
 * empty files grows kernel memory until the cgroup OOM-kills the program, instead of ENOSPC.
 */
export const TMPFS_INODES = { work: 16_384, tmp: 4_096, shm: 1_024 } as const;

export const SANDBOX_ENV = ['HOME=/work', 'LANG=C.UTF-8', 'PATH=/usr/local/bin:/usr/bin:/bin', 'TMPDIR=/tmp'];

/** dockerode's HostConfig lacks `CgroupnsMode` (API ≥ 1.41). */
export type SandboxHostConfig = NonNullable<ContainerCreateOptions['HostConfig']> & {
  CgroupnsMode?: 'private' | 'host';
};

export interface ContainerSpecInput {
  image: string;
  limits: Limits;
  workerId: string;
  queuePrefix: string;
  seccompProfile: string;
  runtime: string;
  /** Processes of ours the pids limit must leave room for besides the program's (default 1: jbinit). */
  supervisorProcesses?: number;
}

/** The OCI runtime name of gVisor, as registered by scripts/ensure-runsc.sh. */
export const GVISOR_RUNTIME = 'runsc';

export const isGvisor = (runtime: string): boolean => runtime === GVISOR_RUNTIME;

/**
 * Under gVisor jbinit runs as the container's root (a remapped, unprivileged host uid) holding only
 * these capabilities, and each command drops to the sandbox user before it execs (gvisorCommand).
 * gVisor 20221219 lets a process open the /proc/<pid>/fd entries of any process of its own uid,
 * non-dumpable or not, and jbinit's stdin and stdout are the worker's control channel: a program
 * of another uid gets EACCES. Under runc jbinit is non-dumpable and the container never has root.
 */
export const GVISOR_INIT_USER = '0:0';
export const GVISOR_INIT_CAPS = ['SETUID', 'SETGID', 'SETPCAP'] as const;

/**
 * The cgroup part of the spec; also what is applied between phases. The pids limit leaves room for
 * `supervisorProcesses` of ours (jbinit, and bubblewrap's monitor in a slot), so the program gets
 * the whole `processes` limit to itself. Under gVisor the cgroup also holds gVisor's own processes
 * (GVISOR_ALLOWANCE); the program's processes are then counted by RLIMIT_NPROC inside the sandbox
 * (`processLimit`), and the host pids limit is only a backstop.
 */
export function cgroupLimits(
  limits: Limits,
  supervisorProcesses = 1,
  runtime = '',
): {
  Memory: number;
  MemorySwap: number;
  PidsLimit: number;
  CpuPeriod: number;
  CpuQuota: number;
} {
  const gvisor = isGvisor(runtime);
  const memory = (limits.memoryMb + (gvisor ? GVISOR_ALLOWANCE.memoryMb : 0)) * MiB;
  const processes = processLimit(limits, supervisorProcesses);
  // MemorySwap equal to Memory: no swap at all.
  return {
    Memory: memory,
    MemorySwap: memory,
    PidsLimit: gvisor
      ? GVISOR_ALLOWANCE.hostTasks + GVISOR_ALLOWANCE.hostTasksPerProcess * processes
      : processes,
    CpuPeriod: 100_000,
    CpuQuota: 100_000,
  };
}

/** Processes and threads of the sandbox user: the program's limit plus our supervisors. */
export function processLimit(limits: Limits, supervisorProcesses = 1): number {
  return limits.processes + supervisorProcesses;
}

/**
 * A command as started under gVisor: util-linux's setpriv (in every image) drops jbinit's root to
 * the sandbox user, with no groups, no capabilities and an empty bounding set; then prlimit lowers
 * RLIMIT_NPROC. Each execs the next, so the process jbinit waits for is still the command itself.
 */
export function gvisorCommand(cmd: string[], limits: Limits): string[] {
  const nproc = gvisorNproc(limits);
  return [
    '/usr/bin/setpriv',
    `--reuid=${SANDBOX_UID}`,
    `--regid=${SANDBOX_UID}`,
    '--clear-groups',
    '--inh-caps=-all',
    '--bounding-set=-all',
    '--',
    '/usr/bin/prlimit',
    `--nproc=${nproc}:${nproc}`,
    '--',
    ...cmd,
  ];
}

/**
 * RLIMIT_NPROC for a command under gVisor. gVisor charges a task to the uid that created it: the
 * command's own process was forked by jbinit as root, so only what it creates counts against the
 * sandbox user (measured on runsc 20221219; the fork and thread bombs of the security suite hold
 * it to `processes` in all).
 */
export function gvisorNproc(limits: Limits): number {
  return Math.max(0, limits.processes - 1);
}

/**
 * The one place that decides how a sandbox container is confined. Call sites pass only the image,
 * the limits and who owns it; they cannot forget or weaken a flag.
 */
export function buildContainerSpec(input: ContainerSpecInput): ContainerCreateOptions {
  const fileSize = SANDBOX_SIZES.fileSizeMb * MiB;
  // gVisor's kernel counts the sandbox user's tasks against RLIMIT_NPROC per sandbox (under runc the
  // count would be per host uid, shared by every sandbox: there the pids cgroup alone counts). The
  // container gets the ceiling of any phase; each command is started under its own (gvisorCommand).
  const nproc =
    Math.max(LIMIT_RANGES.processes.max, MAX_COMPILE_LIMITS.processes) + (input.supervisorProcesses ?? 1);
  const gvisor = isGvisor(input.runtime);
  const hostConfig: SandboxHostConfig = {
    ...cgroupLimits(input.limits, input.supervisorProcesses, input.runtime),
    NetworkMode: 'none',
    CapDrop: ['ALL'],
    ...(gvisor ? { CapAdd: [...GVISOR_INIT_CAPS] } : {}),
    Privileged: false,
    SecurityOpt: ['no-new-privileges:true', `seccomp=${input.seccompProfile}`],
    ReadonlyRootfs: true,
    Tmpfs: {
      [WORK_DIR]: `rw,exec,nosuid,nodev,size=${SANDBOX_SIZES.workDirMb}m,nr_inodes=${TMPFS_INODES.work},uid=1000,gid=1000,mode=0700`,
      '/tmp': `rw,noexec,nosuid,nodev,size=${SANDBOX_SIZES.tmpDirMb}m,nr_inodes=${TMPFS_INODES.tmp},mode=1777`,
      // Our own /dev/shm mount replaces the engine's (ShmSize cannot cap inodes).
      '/dev/shm': `rw,noexec,nosuid,nodev,size=${SANDBOX_SIZES.shmMb}m,nr_inodes=${TMPFS_INODES.shm},mode=1777`,
    },
    IpcMode: 'private',
    Ulimits: [
      { Name: 'nofile', Soft: SANDBOX_SIZES.openFiles, Hard: SANDBOX_SIZES.openFiles },
      { Name: 'fsize', Soft: fileSize, Hard: fileSize },
      { Name: 'core', Soft: 0, Hard: 0 },
      { Name: 'stack', Soft: SANDBOX_SIZES.stackMb * MiB, Hard: -1 },
      ...(gvisor ? [{ Name: 'nproc', Soft: nproc, Hard: nproc }] : []),
    ],
    LogConfig: { Type: 'none', Config: {} },
    OomScoreAdj: 500,
    Init: false,
    AutoRemove: false,
    // The sandbox sees its own cgroup as `/`, not the host's /docker/<id> tree.
    CgroupnsMode: 'private',
    ...(input.runtime ? { Runtime: input.runtime } : {}),
  };
  return {
    Image: input.image,
    Cmd: ['/usr/local/bin/jbinit'],
    Entrypoint: [],
    User: gvisor ? GVISOR_INIT_USER : SANDBOX_USER,
    WorkingDir: WORK_DIR,
    Env: SANDBOX_ENV,
    Hostname: 'sandbox',
    NetworkDisabled: true,
    // jbinit takes the submission's commands on stdin and answers on stdout (init-protocol.ts).
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: true,
    StdinOnce: false,
    Tty: false,
    Labels: { [LABEL_SANDBOX]: '1', [LABEL_WORKER]: input.workerId, [LABEL_PREFIX]: input.queuePrefix },
    HostConfig: hostConfig,
  };
}
