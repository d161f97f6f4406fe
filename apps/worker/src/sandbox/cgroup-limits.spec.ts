import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cgroupOfPid, type CgroupHandle } from './cgroup';
import { CONTAINER, PID, fakeV1Host, fakeV2Host, layout, type FakeHost } from './cgroup.fixtures';

const MiB = 1024 * 1024;
const limits = (memoryMb: number, cpuQuotaUs = 50_000) => ({
  memoryBytes: memoryMb * MiB,
  pids: 33,
  cpuQuotaUs,
  cpuPeriodUs: 100_000,
});
const text = (dir: string, file: string): Promise<string> => readFile(join(dir, file), 'utf8');

let host: FakeHost | null = null;
let cgroup: CgroupHandle | null = null;
afterEach(async () => {
  await cgroup?.close();
  await host?.cleanup();
  host = cgroup = null;
});

async function v1(): Promise<[CgroupHandle, FakeHost]> {
  host = await fakeV1Host(`/docker/${CONTAINER}`, { cpuJoined: true });
  return [(cgroup = await cgroupOfPid(PID, host.host)), host];
}

async function v2(): Promise<[CgroupHandle, FakeHost]> {
  host = await fakeV2Host(`/system.slice/docker-${CONTAINER}.scope`);
  return [(cgroup = await cgroupOfPid(PID, host.host)), host];
}

describe('applyLimits on cgroup v1 (the fake kernel refuses memsw < limit, as the real one does)', () => {
  const memoryWrites = (h: FakeHost) => h.kernel.writes.filter(([file]) => file.includes('limit_in_bytes'));

  it('growing: raises memsw first, then the limit', async () => {
    const [cg, h] = await v1();
    await cg.applyLimits(limits(512));
    expect(memoryWrites(h)).toEqual([
      ['memory.memsw.limit_in_bytes', String(512 * MiB)],
      ['memory.limit_in_bytes', String(512 * MiB)],
    ]);
    expect(await cg.enforced()).toEqual({ memoryBytes: 512 * MiB, pids: 33, cpuQuotaUs: 50_000 });
  });

  it('shrinking: lowers the limit first, then memsw', async () => {
    const [cg, h] = await v1();
    await cg.applyLimits(limits(64));
    expect(memoryWrites(h)).toEqual([
      ['memory.limit_in_bytes', String(64 * MiB)],
      ['memory.memsw.limit_in_bytes', String(64 * MiB)],
    ]);
    expect(await text(h.dir('memory'), 'memory.memsw.limit_in_bytes')).toBe(`${64 * MiB}\n`);
  });

  it('without swap accounting (no memory.memsw.*) writes the limit alone', async () => {
    const [cg, h] = await v1();
    await rm(join(h.dir('memory'), 'memory.memsw.limit_in_bytes'));
    await cg.applyLimits(limits(512));
    expect(memoryWrites(h)).toEqual([['memory.limit_in_bytes', String(512 * MiB)]]);
  });

  it('writes pids.max, then the CFS period and quota; no quota is -1', async () => {
    const [cg, h] = await v1();
    await cg.applyLimits(limits(256, 0));
    expect(h.kernel.writes.slice(-3)).toEqual([
      ['pids.max', '33'],
      ['cpu.cfs_period_us', '100000'],
      ['cpu.cfs_quota_us', '-1'],
    ]);
  });

  it('throws naming the file when the kernel refuses to shrink under usage (EBUSY)', async () => {
    const [cg, h] = await v1();
    await layout(h.dir('memory'), { 'memory.usage_in_bytes': `${100 * MiB}\n` });
    await expect(cg.applyLimits(limits(64))).rejects.toThrow(/memory\.limit_in_bytes.*EBUSY/);
    expect(await text(h.dir('memory'), 'memory.limit_in_bytes')).toBe('268435456\n');
  });

  it('resetPeak writes 0 to memory.max_usage_in_bytes: the peak restarts at the usage now', async () => {
    const [cg, h] = await v1();
    await cg.resetPeak();
    expect(h.kernel.writes).toEqual([['memory.max_usage_in_bytes', '0']]);
    expect(await cg.peakMemoryBytes()).toBe(4194304);
  });
});

describe('applyLimits on cgroup v2', () => {
  it('writes no swap, memory.max, pids.max and cpu.max "quota period"', async () => {
    const [cg, h] = await v2();
    await cg.applyLimits(limits(512));
    expect(h.kernel.writes).toEqual([
      ['memory.swap.max', '0'],
      ['memory.max', String(512 * MiB)],
      ['pids.max', '33'],
      ['cpu.max', '50000 100000'],
    ]);
    expect(await cg.enforced()).toEqual({ memoryBytes: 512 * MiB, pids: 33, cpuQuotaUs: 50_000 });
  });

  it('no quota is "max"; no memory.swap.max (no swap accounting) is skipped', async () => {
    const [cg, h] = await v2();
    await rm(join(h.dir(), 'memory.swap.max'));
    await cg.applyLimits(limits(256, 0));
    expect(h.kernel.writes.map(([file]) => file)).toEqual(['memory.max', 'pids.max', 'cpu.max']);
    expect(await text(h.dir(), 'cpu.max')).toBe('max 100000\n');
  });

  it('below the usage: reclaims the difference first, then lowers memory.max', async () => {
    const [cg, h] = await v2();
    h.kernel.reclaimable = 4 * MiB;
    await cg.applyLimits({ ...limits(0), memoryBytes: 1 * MiB });
    expect(h.kernel.writes.slice(1, 3)).toEqual([
      ['memory.reclaim', String(3 * MiB)],
      ['memory.max', String(MiB)],
    ]);
  });

  it('below what reclaim can free: refuses, naming memory.max, and leaves it as it was (no OOM kill)', async () => {
    const [cg, h] = await v2();
    await expect(cg.applyLimits({ ...limits(0), memoryBytes: 1 * MiB })).rejects.toThrow(
      /memory\.max: 4194304 bytes in use/,
    );
    expect(await text(h.dir(), 'memory.max')).toBe('268435456\n');
  });

  it('throws naming the file the kernel refused', async () => {
    const [cg] = await v2();
    await expect(cg.applyLimits({ ...limits(256), pids: -1 })).rejects.toThrow(/pids\.max failed: EINVAL/);
  });
});

describe('resetPeak on cgroup v2', () => {
  it('since Linux 6.12: writes "reset" through one fd kept open, and reads the new window through it', async () => {
    const [cg, h] = await v2();
    await cg.resetPeak();
    expect(await text(h.dir(), 'memory.peak')).toMatch(/^reset\n/);
    await writeFile(join(h.dir(), 'memory.peak'), '5242880\n'); // the kernel: this fd's peak since the reset
    expect(await cg.peakMemoryBytes()).toBe(5242880);
    await cg.resetPeak();
    expect(h.kernel.opens).toBe(1);
  });

  it('before 6.12 (the write is refused): goes on, and the peak is the lifetime one from the file', async () => {
    const [cg, h] = await v2();
    h.kernel.readOnlyPeak = true;
    await expect(cg.resetPeak()).resolves.toBe(false);
    expect(await cg.peakMemoryBytes()).toBe(9437184);
  });

  it('before 5.19 (no memory.peak at all): peak reads 0', async () => {
    const [cg, h] = await v2();
    await rm(join(h.dir(), 'memory.peak'));
    await cg.resetPeak();
    expect(await cg.peakMemoryBytes()).toBe(0);
  });
});
