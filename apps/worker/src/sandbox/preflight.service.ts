import { Inject, Injectable, Logger } from '@nestjs/common';
import type Docker from 'dockerode';
import { readFile } from 'node:fs/promises';
import { AppConfig } from '@judgebox/config';
import { imageName, LANGUAGES, type Limits } from '@judgebox/domain';
import { cgroupOfPid } from './cgroup';
import { buildContainerSpec, cgroupLimits, LABEL_SANDBOX } from './container-spec';
import { DOCKER } from './docker.provider';
import { SECCOMP_PROFILE } from './seccomp';

const PROBE_LIMITS: Limits = { cpuTimeMs: 1_000, wallTimeMs: 1_000, memoryMb: 48, processes: 12, outputBytes: 1_024 };

/**
 * Fail closed: before taking any job the worker proves, on a real probe container, that the engine
 * enforces memory, pids and CPU limits, maps users through a user namespace and loads our seccomp
 * profile with no capabilities and no-new-privileges. Anything missing stops the worker.
 */
@Injectable()
export class Preflight {
  private readonly log = new Logger(Preflight.name);

  constructor(
    @Inject(DOCKER) private readonly docker: Docker,
    @Inject(SECCOMP_PROFILE) private readonly seccompProfile: string,
    private readonly config: AppConfig,
  ) {}

  /** Returns the engine's description; throws listing every missing guarantee. */
  async check(): Promise<string> {
    const info = (await this.docker.info()) as EngineInfo;
    const problems = engineProblems(info);
    if (problems.length === 0) problems.push(...(await this.probe()));
    const engine = `Docker ${info.ServerVersion}, cgroup v${info.CgroupVersion ?? '1'} (${info.CgroupDriver}), ${securityModes(info).join('+')}`;
    if (problems.length === 0) return engine;
    const text = `the sandbox cannot be trusted on this engine (${engine}):\n  - ${problems.join('\n  - ')}`;
    if (!this.config.JUDGEBOX_UNSAFE_ALLOW_WEAK_SANDBOX) throw new Error(text);
    this.log.warn(`${text}\nJUDGEBOX_UNSAFE_ALLOW_WEAK_SANDBOX is set: starting anyway. Never do this in production.`);
    return engine;
  }

  private async probe(): Promise<string[]> {
    const spec = buildContainerSpec({
      image: imageName(LANGUAGES.find((l) => l.id === 'bash') ?? LANGUAGES[0]),
      limits: PROBE_LIMITS,
      workerId: this.config.WORKER_ID,
      seccompProfile: this.seccompProfile,
      runtime: this.config.SANDBOX_RUNTIME,
    });
    spec.Labels = { ...spec.Labels, [LABEL_SANDBOX]: 'probe' };
    const container = await this.docker.createContainer(spec);
    try {
      try {
        await container.start();
      } catch (err) {
        return [`a probe sandbox does not start (seccomp profile or runtime refused?): ${(err as Error).message}`];
      }
      const pid = (await container.inspect()).State.Pid;
      return [...(await limitProblems(pid, PROBE_LIMITS)), ...(await processProblems(pid))];
    } finally {
      await container.remove({ force: true }).catch(() => undefined);
    }
  }
}

interface EngineInfo {
  ServerVersion: string;
  CgroupDriver: string;
  CgroupVersion?: string;
  MemoryLimit: boolean;
  SwapLimit: boolean;
  PidsLimit: boolean;
  CpuCfsQuota: boolean;
  SecurityOptions: string[];
}

function securityModes(info: EngineInfo): string[] {
  return info.SecurityOptions.map((o) => /name=(\w+)/.exec(o)?.[1] ?? o);
}

function engineProblems(info: EngineInfo): string[] {
  const modes = securityModes(info);
  const out: string[] = [];
  if (info.CgroupDriver === 'none') out.push('the engine has no cgroup driver (rootless Docker on cgroup v1?): no limit would be enforced');
  if (!info.MemoryLimit) out.push('memory limits are not supported by the engine');
  if (!info.PidsLimit) out.push('pids limits are not supported by the engine');
  if (!info.CpuCfsQuota) out.push('CPU quota (CFS) is not supported by the engine');
  if (!modes.includes('seccomp')) out.push('the engine has no seccomp support');
  if (!modes.includes('userns') && !modes.includes('rootless')) {
    out.push('no user namespace: enable "userns-remap": "default" in /etc/docker/daemon.json or use rootless Docker');
  }
  return out;
}

async function limitProblems(pid: number, limits: Limits): Promise<string[]> {
  const want = cgroupLimits(limits);
  const cgroup = await cgroupOfPid(pid);
  try {
    const got = await cgroup.enforced();
    const out: string[] = [];
    if (got.memoryBytes !== want.Memory) out.push(`memory limit not enforced (cgroup says ${got.memoryBytes})`);
    if (got.pids !== want.PidsLimit) out.push(`pids limit not enforced (cgroup says ${got.pids})`);
    if (got.cpuQuotaUs !== want.CpuQuota) out.push(`CPU quota not enforced (cgroup says ${got.cpuQuotaUs})`);
    await cgroup.sample();
    return out;
  } finally {
    await cgroup.close();
  }
}

async function processProblems(pid: number): Promise<string[]> {
  const [status, uidMap] = await Promise.all([readFile(`/proc/${pid}/status`, 'utf8'), readFile(`/proc/${pid}/uid_map`, 'utf8')]);
  const field = (name: string): string => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status)?.[1]?.trim() ?? '';
  const out: string[] = [];
  if (field('Seccomp') !== '2') out.push('the seccomp filter is not in effect in the sandbox');
  if (field('NoNewPrivs') !== '1') out.push('no-new-privileges is not in effect');
  if (!/^0+$/.test(field('CapEff')) || !/^0+$/.test(field('CapBnd'))) out.push('the sandbox still holds capabilities');
  const hostUid = Number(field('Uid').split(/\s+/)[0]);
  const identity = uidMap.trim().split('\n').some((l) => /^0\s+0\s/.test(l.trim()));
  if (identity || hostUid === 0 || hostUid === 1000) out.push(`no user namespace in effect (sandbox user is host uid ${hostUid})`);
  return out;
}
