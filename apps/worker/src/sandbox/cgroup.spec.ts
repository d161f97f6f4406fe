import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cgroupOfPid } from './cgroup';
import { CONTAINER, PID, V1_FILES, fakeV1Host, fakeV2Host, layout, type FakeHost } from './cgroup.fixtures';

const CGROUPFS = `/docker/${CONTAINER}`;
const SYSTEMD = `/system.slice/docker-${CONTAINER}.scope`;

let host: FakeHost | null = null;
afterEach(async () => {
  await host?.cleanup();
  host = null;
});

describe('cgroupOfPid on cgroup v1', () => {
  it.each([
    ['cgroupfs driver, cpu,cpuacct joined', CGROUPFS, { cpuJoined: true }],
    ['systemd driver, cpu and cpuacct apart', SYSTEMD, {}],
    ['hybrid (this host: v1 controllers, an empty v2 mount, a 0:: line)', CGROUPFS, { hybrid: true }],
  ])('%s: finds each controller in its hierarchy', async (_, path, opts) => {
    host = await fakeV1Host(path, opts);
    const cgroup = await cgroupOfPid(PID, host.host);
    expect(cgroup.version).toBe(1);
    expect(await cgroup.sample()).toEqual({ cpuNs: 1_500_000, oomKills: 1, pidsMaxHits: 2 });
    expect(await cgroup.enforced()).toEqual({ memoryBytes: 268435456, pids: 64, cpuQuotaUs: 100000 });
    expect(await cgroup.peakMemoryBytes()).toBe(9437184);
  });

  it('reads memory usage from usage_in_bytes and the hierarchical total_* of memory.stat', async () => {
    host = await fakeV1Host(CGROUPFS);
    const cgroup = await cgroupOfPid(PID, host.host);
    expect(await cgroup.memoryUsage()).toEqual({
      totalBytes: 4194304,
      anonBytes: 1056768,
      shmemBytes: 12288,
    });
  });

  it('falls back to rss and shmem when memory.stat has no total_* lines', async () => {
    host = await fakeV1Host(CGROUPFS);
    await writeFile(join(host.dir('memory'), 'memory.stat'), 'cache 2097152\nrss 1048576\nshmem 8192\n');
    const cgroup = await cgroupOfPid(PID, host.host);
    expect(await cgroup.memoryUsage()).toMatchObject({ anonBytes: 1048576, shmemBytes: 8192 });
  });

  it('lists the pids of the memory cgroup', async () => {
    host = await fakeV1Host(CGROUPFS);
    host.kernel.keepDeadPids = true;
    await writeFile(join(host.dir('memory'), 'cgroup.procs'), '17\n23\n');
    expect(await (await cgroupOfPid(PID, host.host)).procs()).toEqual([17, 23]);
  });

  it('reads no quota (-1) as null and a missing pids.events as no hit', async () => {
    host = await fakeV1Host(CGROUPFS, {
      files: { ...V1_FILES, cpu: { 'cpu.cfs_quota_us': '-1\n', 'cpu.cfs_period_us': '100000\n' } },
    });
    await rm(join(host.dir('pids'), 'pids.events'));
    const cgroup = await cgroupOfPid(PID, host.host);
    expect((await cgroup.enforced()).cpuQuotaUs).toBeNull();
    expect((await cgroup.sample()).pidsMaxHits).toBe(0);
  });
});

describe('cgroupOfPid on cgroup v2', () => {
  it.each([
    ['systemd driver', SYSTEMD],
    ['cgroupfs driver', CGROUPFS],
    ['rootless engine', `/user.slice/user-1000.slice/user@1000.service/docker-${CONTAINER}.scope`],
  ])('%s: reads the one directory', async (_, path) => {
    host = await fakeV2Host(path);
    const cgroup = await cgroupOfPid(PID, host.host);
    expect(cgroup.version).toBe(2);
    expect(await cgroup.sample()).toEqual({ cpuNs: 1_500_000, oomKills: 1, pidsMaxHits: 2 });
    expect(await cgroup.enforced()).toEqual({ memoryBytes: 268435456, pids: 64, cpuQuotaUs: 100000 });
    expect(await cgroup.peakMemoryBytes()).toBe(9437184);
    expect(await cgroup.memoryUsage()).toEqual({ totalBytes: 4194304, anonBytes: 1048576, shmemBytes: 8192 });
  });

  it('reads "max" limits as null', async () => {
    host = await fakeV2Host(SYSTEMD);
    await layout(host.dir(), { 'memory.max': 'max\n', 'pids.max': 'max\n', 'cpu.max': 'max 100000\n' });
    expect(await (await cgroupOfPid(PID, host.host)).enforced()).toEqual({
      memoryBytes: null,
      pids: null,
      cpuQuotaUs: null,
    });
  });

  it('lists the pids of cgroup.procs', async () => {
    host = await fakeV2Host(SYSTEMD);
    host.kernel.keepDeadPids = true;
    await layout(host.dir(), { 'cgroup.procs': '101\n102\n103\n' });
    expect(await (await cgroupOfPid(PID, host.host)).procs()).toEqual([101, 102, 103]);
  });
});

describe('cgroupOfPid refuses', () => {
  it('a process in the root cgroup (a kill-all there would reach the whole host)', async () => {
    host = await fakeV2Host('/');
    await expect(cgroupOfPid(PID, host.host)).rejects.toThrow(/root cgroup/);
  });

  it('a process whose hierarchy is not mounted here', async () => {
    host = await fakeV2Host(SYSTEMD);
    await layout(join(host.root, 'proc', 'self'), {
      mountinfo: '22 1 254:1 / / rw,relatime - ext4 /dev/vda rw\n',
    });
    await expect(cgroupOfPid(PID, host.host)).rejects.toThrow(/cannot locate/);
  });
});
