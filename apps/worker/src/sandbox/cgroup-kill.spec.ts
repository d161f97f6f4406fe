import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cgroupOfPid } from './cgroup';
import { CONTAINER, PID, fakeV1Host, fakeV2Host, layout, type FakeHost } from './cgroup.fixtures';

/** Processes of our own, listed in the fake cgroup: the only ones a unit test may kill. */
let children: ChildProcess[] = [];
let host: FakeHost | null = null;

afterEach(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children = [];
  await host?.cleanup();
  host = null;
});

async function sleepers(n: number): Promise<ChildProcess[]> {
  children = Array.from({ length: n }, () => spawn('sleep', ['30'], { stdio: 'ignore' }));
  await Promise.all(children.map((c) => once(c, 'spawn')));
  return children;
}

const pidsOf = (procs: ChildProcess[]): string => procs.map((c) => `${c.pid}\n`).join('');
const alive = (c: ChildProcess): boolean => c.exitCode === null && c.signalCode === null;
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 50));

describe('killAllExcept', () => {
  it('v2: freezes (cgroup.freeze 1), kills all but init, thaws (0)', async () => {
    host = await fakeV2Host(`/system.slice/docker-${CONTAINER}.scope`);
    const [init, ...rest] = await sleepers(3);
    await layout(host.dir(), { 'cgroup.procs': pidsOf([init, ...rest]) });
    await (await cgroupOfPid(PID, host.host)).killAllExcept(init.pid!);
    await settle();
    expect(rest.map((c) => c.signalCode)).toEqual(['SIGKILL', 'SIGKILL']);
    expect(alive(init)).toBe(true);
    expect(host.kernel.writes[0]).toEqual(['cgroup.freeze', '1']);
    expect(host.kernel.writes.at(-1)).toEqual(['cgroup.freeze', '0']);
    expect(await readFile(join(host.dir(), 'cgroup.events'), 'utf8')).toContain('frozen 0');
  });

  it('v1: FROZEN through FREEZING, kills all but init, THAWED', async () => {
    host = await fakeV1Host(`/docker/${CONTAINER}`, { hybrid: true });
    const [init, ...rest] = await sleepers(3);
    await layout(host.dir('freezer'), { 'cgroup.procs': pidsOf([init, ...rest]) });
    await (await cgroupOfPid(PID, host.host)).killAllExcept(init.pid!);
    await settle();
    expect(rest.map((c) => c.signalCode)).toEqual(['SIGKILL', 'SIGKILL']);
    expect(alive(init)).toBe(true);
    const states = host.kernel.writes.filter(([file]) => file === 'freezer.state').map(([, v]) => v);
    expect(states.join(' ')).toMatch(/^FROZEN THAWED( FROZEN THAWED)+$/); // a round that kills, a round that finds none
    expect(await readFile(join(host.dir('freezer'), 'freezer.state'), 'utf8')).toBe('THAWED\n');
  });

  it('a freezer that never reports frozen only slows it down', async () => {
    host = await fakeV1Host(`/docker/${CONTAINER}`);
    host.kernel.stuckFreezer = true;
    const [init, other] = await sleepers(2);
    await layout(host.dir('freezer'), { 'cgroup.procs': pidsOf([init, other]) });
    await (await cgroupOfPid(PID, host.host)).killAllExcept(init.pid!);
    await settle();
    expect(other.signalCode).toBe('SIGKILL');
    expect(await readFile(join(host.dir('freezer'), 'freezer.state'), 'utf8')).toBe('THAWED\n');
  });

  it('with only init left, returns without freezing (nothing left could fork)', async () => {
    host = await fakeV2Host(`/docker/${CONTAINER}`);
    const [init] = await sleepers(1);
    await layout(host.dir(), { 'cgroup.procs': pidsOf([init]) });
    await (await cgroupOfPid(PID, host.host)).killAllExcept(init.pid!);
    expect(host.kernel.writes).toEqual([]);
  });

  it('gives up after 20 rounds when a pid will not leave the cgroup', async () => {
    host = await fakeV2Host(`/docker/${CONTAINER}`);
    host.kernel.keepDeadPids = true;
    // Above the largest pid_max (2^22): no such process can exist, so kill() meets ESRCH.
    await layout(host.dir(), { 'cgroup.procs': '4194305\n4194306\n' });
    await expect((await cgroupOfPid(PID, host.host)).killAllExcept(4194305)).rejects.toThrow(
      /kept appearing/,
    );
    expect(host.kernel.writes.filter(([, v]) => v === '1')).toHaveLength(20);
  });
});
