import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import Docker from 'dockerode';
import { workerHeartbeatKey, type WorkerHeartbeat } from '@judgebox/queue';
import { LABEL_WORKER } from '../../../apps/worker/src/sandbox/container-spec';
import type { SecuritySuite } from './hostile';

const DOCKER_ROOT = '/var/lib/docker';
const MiB = 1024 * 1024;
/** Per-container state may differ by this much from before the suite (other suites may share the engine). */
const DISK_MARGIN_BYTES = 8 * MiB;

export const docker = new Docker({ socketPath: process.env.DOCKER_SOCKET ?? '/var/run/docker.sock' });

/** Host uid of the sandbox user (uid 1000 in the container) under userns-remap: dockremap's first subuid + 1000. */
export function sandboxHostUid(): number {
  const line = readFileSync('/etc/subuid', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('dockremap:'));
  if (!line) throw new Error('no dockremap entry in /etc/subuid: the engine does not use userns-remap');
  return Number(line.split(':')[1]) + 1000;
}

/** Host uids of every gVisor kernel (runsc-sandbox) running now. */
export function runscSandboxUids(): number[] {
  const uids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (!readFileSync(`/proc/${name}/cmdline`, 'utf8').startsWith('runsc-sandbox\0')) continue;
      uids.push(Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${name}/status`, 'utf8'))?.[1]));
    } catch {
      // the process ended while being read
    }
  }
  return uids;
}

export interface HostProcess {
  pid: number;
  uid: number;
  cmd: string;
  cgroup: string;
}

/** Every host process running as `uid`, with its pids cgroup path. */
export function hostProcessesOf(uid: number): HostProcess[] {
  const out: HostProcess[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      const procUid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
      if (procUid !== uid) continue;
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      const cgroup = readFileSync(`/proc/${name}/cgroup`, 'utf8');
      out.push({ pid: Number(name), uid: procUid, cmd, cgroup });
    } catch {
      // the process ended while being read
    }
  }
  return out;
}

/** Processes of the sandbox uid that belong to no container the engine knows: escaped or left over. */
export async function strayProcesses(): Promise<HostProcess[]> {
  const live = (await docker.listContainers({ all: true })).map((c) => c.Id);
  return hostProcessesOf(sandboxHostUid()).filter((p) => !live.some((id) => p.cgroup.includes(id)));
}

/**
 * Bytes of per-container state on disk: container dirs, volumes and writable layers. Image layers
 * and the engine's tmp/ are left out: image builds by other suites change them at any time.
 */
export function containerDiskBytes(): number {
  const root = readdirSync(DOCKER_ROOT).map((d) => `${DOCKER_ROOT}/${d}`);
  const dirs: string[] = [];
  for (const r of root) {
    for (const sub of ['containers', 'volumes']) dirs.push(`${r}/${sub}`);
    try {
      const layers = readdirSync(`${r}/overlay2`);
      for (const l of layers)
        if (l.endsWith('-init')) dirs.push(`${r}/overlay2/${l}`, `${r}/overlay2/${l.slice(0, -5)}`);
    } catch {
      // another storage driver: containers/ and volumes/ still count
    }
  }
  // other suites' containers come and go meanwhile: du's total is still right for what it found
  const du = spawnSync('du', ['-sbcx', ...dirs], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n');
  return Number(du[du.length - 1].split('\t')[0]);
}

export interface HostSnapshot {
  diskBytes: number;
  files: Map<string, string>;
}

/** Host files a planted symlink or hardlink could point at; their content must never change. */
export const WATCHED_HOST_FILES = ['/etc/passwd', '/etc/shadow', '/etc/hostname', '/etc/subuid'];

export function hostSnapshot(): HostSnapshot {
  const files = new Map(WATCHED_HOST_FILES.map((f) => [f, readFileSync(f, 'utf8')]));
  return { diskBytes: containerDiskBytes(), files };
}

/** The worker still answers: its heartbeat says the engine is fine and a normal program runs correctly. */
export async function expectWorkerHealthy(suite: SecuritySuite): Promise<void> {
  const normal = await suite.submit({ language: 'python', source: 'print(sum(range(10)))' });
  expect({ verdict: normal.verdict, stdout: normal.run.stdout }).toEqual({ verdict: 'ok', stdout: '45\n' });
  const beat = await suite.api.redis.get(workerHeartbeatKey(suite.api.prefix, suite.workerId));
  expect(beat).not.toBeNull();
  expect((JSON.parse(beat ?? '{}') as WorkerHeartbeat).dockerOk).toBe(true);
}

/**
 * The after-suite checks, once the worker stopped: no container of this worker left, no process of
 * the sandbox uid outside a live container, per-container disk state back to where it was, and no
 * watched host file changed.
 */
export async function expectHostClean(workerId: string, before: HostSnapshot): Promise<void> {
  const ours = await docker.listContainers({
    all: true,
    filters: { label: [`${LABEL_WORKER}=${workerId}`] },
  });
  expect(ours.map((c) => `${c.Id} ${c.Image} ${c.State}`)).toEqual([]);
  await new Promise((r) => setTimeout(r, 500));
  expect(await strayProcesses()).toEqual([]);
  expect(containerDiskBytes()).toBeLessThanOrEqual(before.diskBytes + DISK_MARGIN_BYTES);
  for (const [file, content] of before.files) expect(readFileSync(file, 'utf8')).toBe(content);
}
