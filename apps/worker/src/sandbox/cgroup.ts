import { open, readFile, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

/** Readings of one container's cgroup, taken from the host: the program cannot touch them. */
export interface CgroupSample {
  cpuNs: number;
  oomKills: number;
  pidsMaxHits: number;
}

export interface CgroupHandle {
  readonly version: 1 | 2;
  sample(): Promise<CgroupSample>;
  /** Starts a fresh peak-memory window (for the run after a compile); best effort on cgroup v2. */
  resetPeak(): Promise<void>;
  peakMemoryBytes(): Promise<number>;
  /** The limits the kernel actually enforces, read back for the start-up check. */
  enforced(): Promise<{ memoryBytes: number | null; pids: number | null; cpuQuotaUs: number | null }>;
  /**
   * SIGKILLs every process of the cgroup but `keep` (the sandbox's init), from the host: the cgroup
   * is frozen first so nothing can fork meanwhile, and the kill is repeated until only `keep` is left.
   */
  killAllExcept(keep: number): Promise<void>;
  /** Memory charged now: total, and what processes (anon) and tmpfs/shm (shmem) hold. */
  memoryUsage(): Promise<{ totalBytes: number; anonBytes: number; shmemBytes: number }>;
  /** Pids in the cgroup now. */
  procs(): Promise<number[]>;
  close(): Promise<void>;
}

async function readProcs(file: string): Promise<number[]> {
  return (await readFile(file, 'utf8')).split('\n').filter(Boolean).map(Number);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Freeze, kill, thaw, until no process but `keep` remains (a handful of rounds at most). */
async function killLoop(procsFile: string, freeze: (on: boolean) => Promise<void>, keep: number): Promise<void> {
  for (let round = 0; round < 20; round++) {
    await freeze(true);
    let left = 0;
    try {
      const pids = (await readFile(procsFile, 'utf8')).split('\n').filter(Boolean).map(Number);
      for (const pid of pids.filter((p) => p !== keep)) {
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

/** Writes a freezer control file and waits until the kernel reports the wanted state. */
async function setFrozen(control: string, value: string, stateFile: string, done: (state: string) => boolean): Promise<void> {
  await writeFile(control, value);
  for (let i = 0; i < 200; i++) {
    if (done(await readFile(stateFile, 'utf8'))) return;
    await sleep(1);
  }
}

interface Mounts {
  v2: string | null;
  v1: Map<string, string>;
}

let mountsCache: Mounts | null = null;

/** Cgroup mount points from /proc/self/mountinfo: the unified (v2) one and each v1 controller's. */
async function mounts(): Promise<Mounts> {
  if (mountsCache) return mountsCache;
  const text = await readFile('/proc/self/mountinfo', 'utf8');
  const out: Mounts = { v2: null, v1: new Map() };
  for (const line of text.split('\n')) {
    const [pre, post] = line.split(' - ');
    if (!pre || !post) continue;
    const mountPoint = pre.split(' ')[4];
    const [fsType, , superOpts = ''] = post.split(' ');
    if (fsType === 'cgroup2') out.v2 = mountPoint;
    if (fsType === 'cgroup') for (const opt of superOpts.split(',')) out.v1.set(opt, mountPoint);
  }
  mountsCache = out;
  return out;
}

function field(text: string, name: string): number {
  const m = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

async function readNumber(path: string): Promise<number | null> {
  const text = (await readFile(path, 'utf8')).trim();
  return text === 'max' || !/^\d+$/.test(text) ? null : Number(text);
}

/**
 * Finds the cgroup of a process running in a container from /proc/<pid>/cgroup. Works for the
 * cgroupfs and systemd drivers and rootless engines, on v1 and v2, as long as the worker sees the
 * host's /proc and /sys/fs/cgroup.
 */
export async function cgroupOfPid(pid: number): Promise<CgroupHandle> {
  const text = await readFile(`/proc/${pid}/cgroup`, 'utf8');
  const m = await mounts();
  const lines = text.trim().split('\n').map((l) => l.split(':'));
  const byController = new Map<string, string>();
  for (const [, controllers, path] of lines) for (const c of controllers.split(',')) byController.set(c, path);
  const memoryPath = byController.get('memory');
  const memMount = m.v1.get('memory');
  if (memoryPath !== undefined && memMount) {
    const dir = (controller: string): string => `${m.v1.get(controller) ?? memMount}${byController.get(controller) ?? ''}`;
    return new CgroupV1(dir('memory'), dir('cpuacct'), dir('pids'), dir('cpu'), dir('freezer'));
  }
  const unified = byController.get('');
  if (unified !== undefined && m.v2) return new CgroupV2(`${m.v2}${unified}`);
  throw new Error(`cannot locate the cgroup of pid ${pid} (is /sys/fs/cgroup the host's?)`);
}

class CgroupV1 implements CgroupHandle {
  readonly version = 1 as const;
  constructor(
    private readonly memory: string,
    private readonly cpuacct: string,
    private readonly pids: string,
    private readonly cpu: string,
    private readonly freezer: string,
  ) {}

  killAllExcept(keep: number): Promise<void> {
    const state = `${this.freezer}/freezer.state`;
    return killLoop(`${this.freezer}/cgroup.procs`, (on) =>
      setFrozen(state, on ? 'FROZEN' : 'THAWED', state, (s) => s.trim() === (on ? 'FROZEN' : 'THAWED')), keep);
  }

  procs(): Promise<number[]> {
    return readProcs(`${this.freezer}/cgroup.procs`);
  }

  async memoryUsage(): Promise<{ totalBytes: number; anonBytes: number; shmemBytes: number }> {
    const [total, stat] = await Promise.all([
      readNumber(`${this.memory}/memory.usage_in_bytes`),
      readFile(`${this.memory}/memory.stat`, 'utf8'),
    ]);
    return { totalBytes: total ?? 0, anonBytes: field(stat, 'total_rss'), shmemBytes: field(stat, 'total_shmem') };
  }

  async sample(): Promise<CgroupSample> {
    const [usage, oom, pidsEvents] = await Promise.all([
      readFile(`${this.cpuacct}/cpuacct.usage`, 'utf8'),
      readFile(`${this.memory}/memory.oom_control`, 'utf8'),
      readFile(`${this.pids}/pids.events`, 'utf8').catch(() => ''),
    ]);
    return { cpuNs: Number(usage.trim()), oomKills: field(oom, 'oom_kill'), pidsMaxHits: field(pidsEvents, 'max') };
  }

  async resetPeak(): Promise<void> {
    await writeFile(`${this.memory}/memory.max_usage_in_bytes`, '0');
  }

  async peakMemoryBytes(): Promise<number> {
    return (await readNumber(`${this.memory}/memory.max_usage_in_bytes`)) ?? 0;
  }

  async enforced(): Promise<{ memoryBytes: number | null; pids: number | null; cpuQuotaUs: number | null }> {
    const [memoryBytes, pids, quota] = await Promise.all([
      readNumber(`${this.memory}/memory.limit_in_bytes`),
      readNumber(`${this.pids}/pids.max`),
      readFile(`${this.cpu}/cpu.cfs_quota_us`, 'utf8').then((t) => Number(t.trim())),
    ]);
    return { memoryBytes, pids, cpuQuotaUs: quota > 0 ? quota : null };
  }

  async close(): Promise<void> {}
}

class CgroupV2 implements CgroupHandle {
  readonly version = 2 as const;
  /** memory.peak opened once: since Linux 6.12 writing to it starts a new peak window for this fd. */
  private peakFd: FileHandle | null = null;
  constructor(private readonly dir: string) {}

  killAllExcept(keep: number): Promise<void> {
    const events = `${this.dir}/cgroup.events`;
    return killLoop(`${this.dir}/cgroup.procs`, (on) =>
      setFrozen(`${this.dir}/cgroup.freeze`, on ? '1' : '0', events, (s) => s.includes(on ? 'frozen 1' : 'frozen 0')), keep);
  }

  procs(): Promise<number[]> {
    return readProcs(`${this.dir}/cgroup.procs`);
  }

  async memoryUsage(): Promise<{ totalBytes: number; anonBytes: number; shmemBytes: number }> {
    const [total, stat] = await Promise.all([readNumber(`${this.dir}/memory.current`), readFile(`${this.dir}/memory.stat`, 'utf8')]);
    return { totalBytes: total ?? 0, anonBytes: field(stat, 'anon'), shmemBytes: field(stat, 'shmem') };
  }

  async sample(): Promise<CgroupSample> {
    const [cpu, events, pidsEvents] = await Promise.all([
      readFile(`${this.dir}/cpu.stat`, 'utf8'),
      readFile(`${this.dir}/memory.events`, 'utf8'),
      readFile(`${this.dir}/pids.events`, 'utf8').catch(() => ''),
    ]);
    return { cpuNs: field(cpu, 'usage_usec') * 1000, oomKills: field(events, 'oom_kill'), pidsMaxHits: field(pidsEvents, 'max') };
  }

  async resetPeak(): Promise<void> {
    try {
      this.peakFd ??= await open(`${this.dir}/memory.peak`, 'r+');
      await this.peakFd.write('reset\n');
    } catch {
      // Older kernels: the peak stays the container's lifetime peak (documented in README).
    }
  }

  async peakMemoryBytes(): Promise<number> {
    if (this.peakFd) {
      const buf = Buffer.alloc(32);
      const { bytesRead } = await this.peakFd.read(buf, 0, 32, 0);
      return Number(buf.subarray(0, bytesRead).toString().trim()) || 0;
    }
    return (await readNumber(`${this.dir}/memory.peak`).catch(() => null)) ?? 0;
  }

  async enforced(): Promise<{ memoryBytes: number | null; pids: number | null; cpuQuotaUs: number | null }> {
    const [memoryBytes, pids, cpuMax] = await Promise.all([
      readNumber(`${this.dir}/memory.max`),
      readNumber(`${this.dir}/pids.max`),
      readFile(`${this.dir}/cpu.max`, 'utf8'),
    ]);
    const quota = cpuMax.trim().split(' ')[0];
    return { memoryBytes, pids, cpuQuotaUs: quota === 'max' ? null : Number(quota) };
  }

  async close(): Promise<void> {
    await this.peakFd?.close();
    this.peakFd = null;
  }
}
