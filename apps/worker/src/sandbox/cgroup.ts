import { readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

/** Readings of one container's cgroup, taken from the host: the program cannot touch them. */
export interface CgroupSample {
  cpuNs: number;
  oomKills: number;
  pidsMaxHits: number;
}

/** Limits the worker writes into a cgroup from the host. `cpuQuotaUs` <= 0: no CPU quota. */
export type CgroupLimitSet = { memoryBytes: number; pids: number; cpuQuotaUs: number; cpuPeriodUs: number };

/** Memory charged now; anon (processes) and shmem (tmpfs files, SysV/POSIX shm) mean something was left behind. */
export type CgroupMemoryUsage = { totalBytes: number; anonBytes: number; shmemBytes: number };

export interface CgroupHandle {
  readonly version: 1 | 2;
  sample(): Promise<CgroupSample>;
  /** Starts a fresh peak-memory window (for the run after a compile); best effort on cgroup v2. */
  resetPeak(): Promise<boolean>;
  peakMemoryBytes(): Promise<number>;
  /** The limits the kernel actually enforces, read back for the start-up check. */
  enforced(): Promise<{ memoryBytes: number | null; pids: number | null; cpuQuotaUs: number | null }>;
  /**
   * Writes the limits into the cgroup from the host, with no swap (v1: memsw = memory when memory.memsw.*
   * exists; v2: memory.swap.max = 0). A write the kernel refuses (EBUSY lowering memory under usage)
   * throws naming the file; v2 would OOM-kill instead of refusing, so there the refusal is ours.
   */
  applyLimits(limits: CgroupLimitSet): Promise<void>;
  /** v1: memory.usage_in_bytes, memory.stat total_rss/total_shmem; v2: memory.current, memory.stat anon/shmem. */
  memoryUsage(): Promise<CgroupMemoryUsage>;
  /** Pids in the cgroup now (cgroup.procs). */
  procs(): Promise<number[]>;
  /**
   * SIGKILLs every process of the cgroup but `keep` (the sandbox's init), from the host: the cgroup
   * is frozen first so nothing can fork meanwhile, and the kill is repeated until only `keep` is left.
   */
  killAllExcept(keep: number): Promise<void>;
  close(): Promise<void>;
}

/** How the handle reaches cgroup files: the real ones, or a fake kernel over a tmp tree in specs. */
export interface CgroupFiles {
  read(path: string): Promise<string>;
  write(path: string, value: string): Promise<void>;
  /** Opens read-write, one descriptor kept (memory.peak's reset is per descriptor). */
  open(path: string): Promise<FileHandle>;
}

/** Where cgroupOfPid looks; each default is the host's (/proc, /proc/self/mountinfo, the real files). */
export interface CgroupHost {
  procRoot?: string;
  mountinfo?: string;
  files?: CgroupFiles;
}

/** A synchronous call as a settled promise: a thrown error becomes the rejection. */
function atOnce<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

/**
 * cgroup files are made by the kernel on read, from memory: a read never waits for a disk, and
 * costs a few microseconds done at once, against a round trip through libuv's thread pool (about
 * a fifth of the worker's CPU per submission went there, some 40 reads and writes each).
 */
const hostFiles: CgroupFiles = {
  read: (path) => atOnce(() => readFileSync(path, 'utf8')),
  write: (path, value) => atOnce(() => writeFileSync(path, value)),
  open: (path) => open(path, 'r+'),
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Freeze, kill, thaw, until no process but `keep` remains (a handful of rounds at most). */
async function killLoop(
  procs: () => Promise<number[]>,
  freeze: (on: boolean) => Promise<void>,
  keep: number,
): Promise<void> {
  // The usual case between phases: nothing is left but `keep`, and no freeze is needed to know it
  // (a process that could fork is itself listed, so an empty list cannot grow by itself).
  if ((await procs()).every((p) => p === keep)) return;
  for (let round = 0; round < 20; round++) {
    await freeze(true);
    let left = 0;
    try {
      for (const pid of (await procs()).filter((p) => p !== keep)) {
        left++;
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    } finally {
      await freeze(false);
    }
    if (left === 0) return;
    await sleep(2);
  }
  throw new Error('processes kept appearing in the sandbox cgroup');
}

/** Writes a freezer control file and waits (~200 ms at most, then goes on) until the kernel reports the wanted state. */
async function setFrozen(
  files: CgroupFiles,
  control: string,
  value: string,
  stateFile: string,
  done: (s: string) => boolean,
) {
  await writeControl(files, control, value);
  for (let i = 0; i < 200; i++) {
    if (done(await files.read(stateFile))) return;
    await sleep(1);
  }
}

/** The kernel's EINVAL or EBUSY says "write", not which file: name it. */
async function writeControl(files: CgroupFiles, path: string, value: string): Promise<void> {
  try {
    await files.write(path, value);
  } catch (err) {
    throw new Error(`cgroup: writing "${value}" to ${path} failed: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

interface Mounts {
  v2: string | null;
  v1: Map<string, string>;
}

const mountsCache = new Map<string, Mounts>();

/** Cgroup mount points from mountinfo: the unified (v2) one and each v1 controller's. */
async function mounts(files: CgroupFiles, mountinfo: string): Promise<Mounts> {
  const cached = mountsCache.get(mountinfo);
  if (cached) return cached;
  const out: Mounts = { v2: null, v1: new Map() };
  for (const line of (await files.read(mountinfo)).split('\n')) {
    const [pre, post] = line.split(' - ');
    if (!pre || !post) continue;
    const mountPoint = pre.split(' ')[4];
    const [fsType, , superOpts = ''] = post.split(' ');
    if (fsType === 'cgroup2') out.v2 = mountPoint;
    if (fsType === 'cgroup') for (const opt of superOpts.split(',')) out.v1.set(opt, mountPoint);
  }
  mountsCache.set(mountinfo, out);
  return out;
}

/** The first of `names` in a flat-keyed file (memory.stat, cpu.stat, *.events), or 0. */
function field(text: string, ...names: string[]): number {
  for (const name of names) {
    const m = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
    if (m) return Number(m[1]);
  }
  return 0;
}

async function readNumber(files: CgroupFiles, path: string): Promise<number | null> {
  const text = (await files.read(path)).trim();
  return text === 'max' || !/^\d+$/.test(text) ? null : Number(text);
}

const readPids = async (files: CgroupFiles, path: string): Promise<number[]> =>
  (await files.read(path)).split('\n').filter(Boolean).map(Number);
const exists = (files: CgroupFiles, path: string): Promise<boolean> =>
  files.read(path).then(
    () => true,
    () => false,
  );

/**
 * Finds the cgroup of a process running in a container from /proc/<pid>/cgroup. Works for the
 * cgroupfs and systemd drivers and rootless engines, on v1 and v2, as long as the worker sees the
 * host's /proc and /sys/fs/cgroup.
 */
export async function cgroupOfPid(pid: number, host: CgroupHost = {}): Promise<CgroupHandle> {
  const files = host.files ?? hostFiles;
  const text = await files.read(`${host.procRoot ?? '/proc'}/${pid}/cgroup`);
  const m = await mounts(files, host.mountinfo ?? '/proc/self/mountinfo');
  const byController = new Map<string, string>();
  for (const [, controllers = '', ...path] of text
    .trim()
    .split('\n')
    .map((l) => l.split(':'))) {
    for (const c of controllers.split(',')) byController.set(c, path.join(':'));
  }
  const memoryPath = byController.get('memory');
  const memMount = m.v1.get('memory');
  const unified = byController.get('');
  // A kill-all there would kill every process of the host.
  if (memoryPath === '/' || (memoryPath === undefined && unified === '/'))
    throw new Error(`pid ${pid} is in the root cgroup`);
  if (memoryPath !== undefined && memMount) {
    const dir = (controller: string): string =>
      `${m.v1.get(controller) ?? memMount}${byController.get(controller) ?? ''}`;
    const dirs = {
      memory: dir('memory'),
      cpuacct: dir('cpuacct'),
      pids: dir('pids'),
      cpu: dir('cpu'),
      freezer: dir('freezer'),
    };
    return new CgroupV1(files, dirs);
  }
  if (unified !== undefined && m.v2) return new CgroupV2(files, `${m.v2}${unified}`);
  throw new Error(`cannot locate the cgroup of pid ${pid} (is /sys/fs/cgroup the host's?)`);
}

type V1Dirs = Record<'memory' | 'cpuacct' | 'pids' | 'cpu' | 'freezer', string>;

class CgroupV1 implements CgroupHandle {
  readonly version = 1 as const;
  constructor(
    private readonly files: CgroupFiles,
    private readonly d: V1Dirs,
  ) {}

  killAllExcept(keep: number): Promise<void> {
    const state = `${this.d.freezer}/freezer.state`;
    const want = (on: boolean): string => (on ? 'FROZEN' : 'THAWED');
    const freeze = (on: boolean) =>
      setFrozen(this.files, state, want(on), state, (s) => s.trim() === want(on));
    return killLoop(() => readPids(this.files, `${this.d.freezer}/cgroup.procs`), freeze, keep);
  }

  async sample(): Promise<CgroupSample> {
    const [usage, oom, pidsEvents] = await Promise.all([
      this.files.read(`${this.d.cpuacct}/cpuacct.usage`),
      this.files.read(`${this.d.memory}/memory.oom_control`),
      this.files.read(`${this.d.pids}/pids.events`).catch(() => ''),
    ]);
    return {
      cpuNs: Number(usage.trim()),
      oomKills: field(oom, 'oom_kill'),
      pidsMaxHits: field(pidsEvents, 'max'),
    };
  }

  async resetPeak(): Promise<boolean> {
    await writeControl(this.files, `${this.d.memory}/memory.max_usage_in_bytes`, '0');
    return true;
  }

  async peakMemoryBytes(): Promise<number> {
    return (await readNumber(this.files, `${this.d.memory}/memory.max_usage_in_bytes`)) ?? 0;
  }

  async enforced(): Promise<{ memoryBytes: number | null; pids: number | null; cpuQuotaUs: number | null }> {
    const [memoryBytes, pids, quota] = await Promise.all([
      readNumber(this.files, `${this.d.memory}/memory.limit_in_bytes`),
      readNumber(this.files, `${this.d.pids}/pids.max`),
      this.files.read(`${this.d.cpu}/cpu.cfs_quota_us`).then((t) => Number(t.trim())),
    ]);
    return { memoryBytes, pids, cpuQuotaUs: quota > 0 ? quota : null };
  }

  async applyLimits(limits: CgroupLimitSet): Promise<void> {
    await this.applyMemory(limits.memoryBytes);
    await writeControl(this.files, `${this.d.pids}/pids.max`, String(limits.pids));
    await writeControl(this.files, `${this.d.cpu}/cpu.cfs_period_us`, String(limits.cpuPeriodUs));
    await writeControl(
      this.files,
      `${this.d.cpu}/cpu.cfs_quota_us`,
      String(limits.cpuQuotaUs > 0 ? limits.cpuQuotaUs : -1),
    );
  }

  /** The kernel refuses memsw < limit at every step (EINVAL): grow memsw first, shrink the limit first. */
  private async applyMemory(bytes: number): Promise<void> {
    const limit = `${this.d.memory}/memory.limit_in_bytes`;
    const memsw = `${this.d.memory}/memory.memsw.limit_in_bytes`;
    const [current, hasMemsw] = await Promise.all([readNumber(this.files, limit), exists(this.files, memsw)]);
    const order = bytes >= (current ?? 0) ? [memsw, limit] : [limit, memsw];
    for (const file of order)
      if (file === limit || hasMemsw) await writeControl(this.files, file, String(bytes));
  }

  async memoryUsage(): Promise<CgroupMemoryUsage> {
    const [total, stat] = await Promise.all([
      readNumber(this.files, `${this.d.memory}/memory.usage_in_bytes`),
      this.files.read(`${this.d.memory}/memory.stat`),
    ]);
    return {
      totalBytes: total ?? 0,
      anonBytes: field(stat, 'total_rss', 'rss'),
      shmemBytes: field(stat, 'total_shmem', 'shmem'),
    };
  }

  procs(): Promise<number[]> {
    return readPids(this.files, `${this.d.memory}/cgroup.procs`);
  }

  async close(): Promise<void> {}
}

class CgroupV2 implements CgroupHandle {
  readonly version = 2 as const;
  /** memory.peak opened once: since Linux 6.12 writing to it starts a new peak window for this fd. */
  private peakFd: FileHandle | null = null;
  constructor(
    private readonly files: CgroupFiles,
    private readonly dir: string,
  ) {}

  killAllExcept(keep: number): Promise<void> {
    const [control, events] = [`${this.dir}/cgroup.freeze`, `${this.dir}/cgroup.events`];
    const freeze = (on: boolean) =>
      setFrozen(this.files, control, on ? '1' : '0', events, (s) => s.includes(`frozen ${on ? 1 : 0}`));
    return killLoop(() => this.procs(), freeze, keep);
  }

  async sample(): Promise<CgroupSample> {
    const [cpu, events, pidsEvents] = await Promise.all([
      this.files.read(`${this.dir}/cpu.stat`),
      this.files.read(`${this.dir}/memory.events`),
      this.files.read(`${this.dir}/pids.events`).catch(() => ''),
    ]);
    return {
      cpuNs: field(cpu, 'usage_usec') * 1000,
      oomKills: field(events, 'oom_kill'),
      pidsMaxHits: field(pidsEvents, 'max'),
    };
  }

  async resetPeak(): Promise<boolean> {
    try {
      this.peakFd ??= await this.files.open(`${this.dir}/memory.peak`);
      await this.peakFd.write('reset\n', 0);
      return true;
    } catch {
      // Before 6.12 memory.peak takes no write (root can still open it): the peak stays the
      // container's lifetime peak, read from the file (documented in docs/architecture.md).
      await this.peakFd?.close().catch(() => undefined);
      this.peakFd = null;
      return false;
    }
  }

  async peakMemoryBytes(): Promise<number> {
    if (this.peakFd) {
      const buf = Buffer.alloc(32);
      const { bytesRead } = await this.peakFd.read(buf, 0, 32, 0);
      return Number(buf.subarray(0, bytesRead).toString().trim()) || 0;
    }
    return (await readNumber(this.files, `${this.dir}/memory.peak`).catch(() => null)) ?? 0;
  }

  async enforced(): Promise<{ memoryBytes: number | null; pids: number | null; cpuQuotaUs: number | null }> {
    const [memoryBytes, pids, cpuMax] = await Promise.all([
      readNumber(this.files, `${this.dir}/memory.max`),
      readNumber(this.files, `${this.dir}/pids.max`),
      this.files.read(`${this.dir}/cpu.max`),
    ]);
    const quota = cpuMax.trim().split(' ')[0];
    return { memoryBytes, pids, cpuQuotaUs: quota === 'max' ? null : Number(quota) };
  }

  async applyLimits(limits: CgroupLimitSet): Promise<void> {
    const swap = `${this.dir}/memory.swap.max`;
    if (await exists(this.files, swap)) await writeControl(this.files, swap, '0');
    await this.makeRoom(limits.memoryBytes);
    await writeControl(this.files, `${this.dir}/memory.max`, String(limits.memoryBytes));
    await writeControl(this.files, `${this.dir}/pids.max`, String(limits.pids));
    await writeControl(
      this.files,
      `${this.dir}/cpu.max`,
      `${limits.cpuQuotaUs > 0 ? limits.cpuQuotaUs : 'max'} ${limits.cpuPeriodUs}`,
    );
  }

  /**
   * v2 never refuses a memory.max under usage: it reclaims, then OOM-kills in the cgroup (the slot's
   * init included, and the OOM counter would count against the next program). Reclaim, or refuse as v1 does.
   */
  private async makeRoom(bytes: number): Promise<void> {
    const current = `${this.dir}/memory.current`;
    const used = (await readNumber(this.files, current)) ?? 0;
    if (used <= bytes) return;
    await this.files.write(`${this.dir}/memory.reclaim`, String(used - bytes)).catch(() => undefined);
    const after = (await readNumber(this.files, current)) ?? 0;
    if (after > bytes)
      throw new Error(`cgroup: ${this.dir}/memory.max: ${after} bytes in use after reclaim, above ${bytes}`);
  }

  async memoryUsage(): Promise<CgroupMemoryUsage> {
    const [total, stat] = await Promise.all([
      readNumber(this.files, `${this.dir}/memory.current`),
      this.files.read(`${this.dir}/memory.stat`),
    ]);
    return { totalBytes: total ?? 0, anonBytes: field(stat, 'anon'), shmemBytes: field(stat, 'shmem') };
  }

  procs(): Promise<number[]> {
    return readPids(this.files, `${this.dir}/cgroup.procs`);
  }

  async close(): Promise<void> {
    await this.peakFd?.close();
    this.peakFd = null;
  }
}
