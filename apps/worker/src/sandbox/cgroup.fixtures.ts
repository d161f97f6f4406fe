import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { CgroupFiles, CgroupHost } from './cgroup';

/** The sandbox's pid as the host sees it; only names /proc/<PID>/cgroup in the fake tree. */
export const PID = 4242;
export const CONTAINER = 'c0ffee'.padEnd(64, '7');

/** Files of an idle container cgroup as a kernel shows them (`docker run -m 256m --pids-limit 64 --cpus 1`). */
export const V2_FILES: Record<string, string> = {
  'cgroup.procs': '',
  'cgroup.freeze': '0\n',
  'cgroup.events': 'populated 1\nfrozen 0\n',
  'cgroup.kill': '',
  'cpu.max': '100000 100000\n',
  'cpu.stat':
    'usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnr_periods 3\nnr_throttled 0\nthrottled_usec 0\n',
  'memory.current': '4194304\n',
  'memory.peak': '9437184\n',
  'memory.max': '268435456\n',
  'memory.swap.max': '0\n',
  'memory.reclaim': '',
  'memory.stat': 'anon 1048576\nfile 2097152\nkernel 262144\nshmem 8192\nfile_mapped 0\n',
  'memory.events': 'low 0\nhigh 0\nmax 5\noom 1\noom_kill 1\noom_group_kill 0\n',
  'pids.max': '64\n',
  'pids.events': 'max 2\n',
};

/** The same container on cgroup v1, one directory per hierarchy. */
export const V1_FILES: Record<string, Record<string, string>> = {
  memory: {
    'cgroup.procs': '',
    'memory.usage_in_bytes': '4194304\n',
    'memory.max_usage_in_bytes': '9437184\n',
    'memory.limit_in_bytes': '268435456\n',
    'memory.memsw.limit_in_bytes': '268435456\n',
    'memory.oom_control': 'oom_kill_disable 0\nunder_oom 0\noom_kill 1\n',
    'memory.stat':
      'cache 2097152\nrss 1048576\nshmem 8192\ntotal_cache 2105344\ntotal_rss 1056768\ntotal_shmem 12288\n',
  },
  cpuacct: { 'cgroup.procs': '', 'cpuacct.usage': '1500000\n' },
  cpu: { 'cgroup.procs': '', 'cpu.cfs_quota_us': '100000\n', 'cpu.cfs_period_us': '100000\n' },
  pids: { 'cgroup.procs': '', 'pids.max': '64\n', 'pids.events': 'max 2\n' },
  freezer: { 'cgroup.procs': '', 'freezer.state': 'THAWED\n' },
};

export async function layout(dir: string, files: Record<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
}

const mountLine = (n: number, point: string, fs: string, opts: string): string =>
  `${30 + n} 25 0:${30 + n} / ${point} rw,nosuid,nodev,noexec,relatime shared:${n} - ${fs} ${fs} ${opts}`;

export interface FakeHost {
  root: string;
  host: CgroupHost;
  kernel: FakeKernel;
  /** The container's directory in a hierarchy ('' on v2). */
  dir(hierarchy?: string): string;
  cleanup(): Promise<void>;
}

async function fakeHost(
  mountinfo: string[],
  procCgroup: string[],
  dirs: Record<string, string>,
  root: string,
): Promise<FakeHost> {
  const proc = join(root, 'proc');
  await layout(join(proc, 'self'), {
    mountinfo: ['22 1 254:1 / / rw,relatime - ext4 /dev/vda rw', ...mountinfo, ''].join('\n'),
  });
  await layout(join(proc, String(PID)), { cgroup: [...procCgroup, ''].join('\n') });
  const kernel = new FakeKernel();
  return {
    root,
    kernel,
    host: { procRoot: proc, mountinfo: join(proc, 'self', 'mountinfo'), files: kernel },
    dir: (hierarchy = '') => dirs[hierarchy],
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** A v2 host: one hierarchy; `path` is the container's cgroup as /proc/<pid>/cgroup shows it. */
export async function fakeV2Host(path: string, files = V2_FILES): Promise<FakeHost> {
  const root = await mkdtemp(join(tmpdir(), 'jb-cgroup-v2-'));
  const mount = join(root, 'sys/fs/cgroup');
  await layout(mount + path, files);
  return fakeHost(
    [mountLine(1, mount, 'cgroup2', 'rw,nsdelegate,memory_recursiveprot')],
    [`0::${path}`],
    { '': mount + path },
    root,
  );
}

export interface V1Options {
  /** cpu and cpuacct in one hierarchy (`cpu,cpuacct`, most distributions) or apart (this host). */
  cpuJoined?: boolean;
  /** A cgroup2 mount with no controller beside the v1 ones, and a `0::` line (systemd's hybrid mode). */
  hybrid?: boolean;
  files?: Record<string, Record<string, string>>;
}

/** A v1 host; `path` is the container's cgroup in every hierarchy. */
export async function fakeV1Host(path: string, opts: V1Options = {}): Promise<FakeHost> {
  const root = await mkdtemp(join(tmpdir(), 'jb-cgroup-v1-'));
  const base = join(root, 'sys/fs/cgroup');
  const hierarchies = [
    'memory',
    opts.cpuJoined ? 'cpu,cpuacct' : 'cpu',
    ...(opts.cpuJoined ? [] : ['cpuacct']),
    'pids',
    'freezer',
  ];
  const mounts = hierarchies.map((h, i) => mountLine(i + 2, join(base, h), 'cgroup', `rw,${h}`));
  const lines = hierarchies.map((h, i) => `${hierarchies.length - i}:${h}:${path}`);
  mounts.push(mountLine(9, join(base, 'systemd'), 'cgroup', 'rw,xattr,name=systemd'));
  lines.push(`1:name=systemd:${path}`);
  if (opts.hybrid) {
    mounts.push(mountLine(10, join(base, 'unified'), 'cgroup2', 'rw,nsdelegate'));
    lines.push('0::/system.slice/containerd.service');
  }
  const dirs: Record<string, string> = {};
  for (const [controller, files] of Object.entries(opts.files ?? V1_FILES)) {
    const hierarchy = hierarchies.find((h) => h.split(',').includes(controller)) ?? controller;
    dirs[controller] = join(base, hierarchy) + path;
    await layout(dirs[controller], files);
  }
  return fakeHost(mounts, lines, dirs, root);
}

/** A kernel's refusal as Node reports it: the code, and no file name. */
function refusal(code: 'EINVAL' | 'EBUSY' | 'EAGAIN' | 'ENOENT'): Error {
  return Object.assign(new Error(`${code}: refused by the fake kernel, write`), { code });
}

/** Dead (or a zombie): the kernel drops it from cgroup.procs. */
function gone(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop()?.startsWith('Z') ?? true;
  } catch {
    return true;
  }
}

const num = async (path: string): Promise<number> => Number((await readFile(path, 'utf8')).trim());

/**
 * The kernel's side of the cgroup files that a plain file cannot play: v1's memsw >= limit and EBUSY
 * under usage, freezer states that follow the control file, dead processes leaving cgroup.procs.
 */
export class FakeKernel implements CgroupFiles {
  /** Every write, in order: [file name, value]. */
  readonly writes: Array<[string, string]> = [];
  /** Bytes memory.reclaim can free (v2); EAGAIN when it cannot free what is asked. */
  reclaimable = 0;
  /** A freezer that never reports FROZEN / frozen 1 (a task stuck in the kernel). */
  stuckFreezer = false;
  /** memory.peak as before Linux 6.12: it opens, but refuses the write. */
  readOnlyPeak = false;
  /** Keeps pids in cgroup.procs even when the process is gone. */
  keepDeadPids = false;
  opens = 0;

  async read(path: string): Promise<string> {
    const text = await readFile(path, 'utf8');
    if (basename(path) === 'freezer.state' && text === 'FREEZING\n' && !this.stuckFreezer)
      await writeFile(path, 'FROZEN\n');
    if (basename(path) !== 'cgroup.procs' || this.keepDeadPids) return text;
    const alive = text.split('\n').filter((p) => p && !gone(Number(p)));
    await writeFile(path, alive.map((p) => `${p}\n`).join(''));
    return alive.map((p) => `${p}\n`).join('');
  }

  async write(path: string, value: string): Promise<void> {
    const name = basename(path);
    if (!existsSync(path)) throw refusal('ENOENT');
    await this.check(path, name, value);
    this.writes.push([name, value]);
    if (name === 'freezer.state') return writeFile(path, value === 'FROZEN' ? 'FREEZING\n' : `${value}\n`);
    const events = join(dirname(path), 'cgroup.events');
    if (name === 'cgroup.freeze' && !this.stuckFreezer)
      await writeFile(events, `populated 1\nfrozen ${value}\n`);
    if (name === 'memory.max_usage_in_bytes')
      return writeFile(path, await readFile(join(dirname(path), 'memory.usage_in_bytes')));
    if (name === 'memory.reclaim') return this.reclaim(join(dirname(path), 'memory.current'), Number(value));
    await writeFile(path, `${value}\n`);
  }

  async open(path: string) {
    this.opens++;
    return open(path, this.readOnlyPeak ? 'r' : 'r+');
  }

  private async check(path: string, name: string, value: string): Promise<void> {
    const sibling = (file: string): Promise<number> => num(join(dirname(path), file));
    const memsw = join(dirname(path), 'memory.memsw.limit_in_bytes');
    if (name === 'memory.limit_in_bytes' && existsSync(memsw) && Number(value) > (await num(memsw)))
      throw refusal('EINVAL');
    if (name === 'memory.memsw.limit_in_bytes' && Number(value) < (await sibling('memory.limit_in_bytes')))
      throw refusal('EINVAL');
    const under =
      name.endsWith('limit_in_bytes') &&
      Number(value) >= 0 &&
      Number(value) < (await sibling('memory.usage_in_bytes'));
    if (under) throw refusal('EBUSY');
    if (name === 'pids.max' && value !== 'max' && !/^\d+$/.test(value)) throw refusal('EINVAL');
  }

  private async reclaim(current: string, bytes: number): Promise<void> {
    const freed = Math.min(bytes, this.reclaimable);
    this.reclaimable -= freed;
    await writeFile(current, `${(await num(current)) - freed}\n`);
    if (freed < bytes) throw refusal('EAGAIN');
  }
}
