import { Inject, Injectable, Logger } from '@nestjs/common';
import type Docker from 'dockerode';
import { readFile } from 'node:fs/promises';
import { AppConfig } from '@judgebox/config';
import { imageName, type Limits } from '@judgebox/domain';
import { cgroupOfPid } from './cgroup';
import {
  buildContainerSpec,
  cgroupLimits,
  GVISOR_INIT_CAPS,
  GVISOR_INIT_USER,
  isGvisor,
  LABEL_SANDBOX,
  SANDBOX_UID,
  SANDBOX_USER,
  type SandboxHostConfig,
} from './container-spec';
import { DOCKER } from './docker.provider';
import { imageRef } from './image-ref';
import type { InitChannel } from './init-channel';
import {
  gvisorEngineProblems,
  gvisorHostProblems,
  gvisorInsideProblems,
  startAttached,
  type EngineRuntimes,
} from './gvisor-preflight';
import { SECCOMP_PROFILE } from './seccomp';

const PROBE_LIMITS: Limits = {
  cpuTimeMs: 1_000,
  wallTimeMs: 1_000,
  memoryMb: 48,
  processes: 12,
  outputBytes: 1_024,
};

/** The image the start-up probe runs in (the Bash image: small, and in the first tier). */
export const PROBE_IMAGE = 'bash';

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
    const gvisor = isGvisor(this.config.SANDBOX_RUNTIME);
    const problems = [
      ...engineProblems(info),
      ...(gvisor ? gvisorEngineProblems(info.Runtimes, this.config.SANDBOX_ISOLATION) : []),
    ];
    if (problems.length === 0) problems.push(...(await this.probe(gvisor)));
    const engine = `Docker ${info.ServerVersion}, cgroup v${info.CgroupVersion ?? '1'} (${info.CgroupDriver}), ${securityModes(info).join('+')}`;
    if (problems.length === 0) return engine;
    const text = `the sandbox cannot be trusted on this engine (${engine}):\n  - ${problems.join('\n  - ')}`;
    if (!this.config.JUDGEBOX_UNSAFE_ALLOW_WEAK_SANDBOX) throw new Error(text);
    this.log.warn(
      `${text}\nJUDGEBOX_UNSAFE_ALLOW_WEAK_SANDBOX is set: starting anyway. Never do this in production.`,
    );
    return engine;
  }

  private async probe(gvisor: boolean): Promise<string[]> {
    const spec = buildContainerSpec({
      image: imageRef(imageName({ image: PROBE_IMAGE }), this.config.SANDBOX_IMAGE_TAG),
      limits: PROBE_LIMITS,
      workerId: this.config.WORKER_ID,
      queuePrefix: this.config.QUEUE_PREFIX,
      seccompProfile: this.seccompProfile,
      runtime: this.config.SANDBOX_RUNTIME,
    });
    spec.Labels = { ...spec.Labels, [LABEL_SANDBOX]: 'probe' };
    const container = await this.docker.createContainer(spec);
    const runtime = this.config.SANDBOX_RUNTIME;
    let channel: InitChannel | null = null;
    try {
      try {
        if (gvisor) channel = await startAttached(this.docker, container);
        else await container.start();
      } catch (err) {
        return [
          `a probe sandbox does not start (seccomp profile or runtime refused?): ${(err as Error).message}`,
        ];
      }
      const info = await container.inspect();
      const pid = info.State.Pid;
      const inForce = (info.HostConfig as { Runtime?: string }).Runtime ?? '';
      return [
        ...(runtime && inForce !== runtime ? [`the runtime in force is "${inForce}", not ${runtime}`] : []),
        ...hostConfigProblems(info.HostConfig, info.Config.User, this.seccompProfile, gvisor),
        ...(await limitProblems(pid, PROBE_LIMITS, runtime)),
        ...(channel
          ? [...(await gvisorHostProblems(pid)), ...(await gvisorInsideProblems(channel, PROBE_LIMITS))]
          : await processProblems(pid)),
      ];
    } finally {
      channel?.close();
      await container.remove({ force: true }).catch(() => undefined);
    }
  }
}

/** Paths the engine masks by default; a spec or engine that drops them exposes host kernel state. */
const REQUIRED_MASKED = [
  '/proc/kcore',
  '/proc/keys',
  '/proc/timer_list',
  '/proc/sched_debug',
  '/sys/firmware',
];
const REQUIRED_READONLY = ['/proc/sys', '/proc/sysrq-trigger'];

/**
 * What the engine says it applied to the probe container, checked in the spirit of Kubernetes'
 * "restricted" pod security profile. Reads the engine's record, not our spec: catches an engine,
 * plugin or runtime that silently drops a flag. Under gVisor the init is root with exactly
 * GVISOR_INIT_CAPS (container-spec.ts); the program's own uid and capabilities are checked inside.
 */
export function hostConfigProblems(
  host: SandboxHostConfig,
  user: string,
  seccompProfile: string,
  gvisor = false,
): string[] {
  // dockerode types these three as `any`
  const opts = (host.SecurityOpt ?? []) as string[];
  const capAdd = ((host.CapAdd ?? []) as string[]).map((c) => c.toUpperCase().replace(/^CAP_/, ''));
  const wantCaps: readonly string[] = gvisor ? GVISOR_INIT_CAPS : [];
  const wantUser = gvisor ? GVISOR_INIT_USER : SANDBOX_USER;
  const capDrop = (host.CapDrop ?? []) as string[];
  const unsized = Object.entries(host.Tmpfs ?? {}).filter(([, o]) => !/(^|,)size=\d/.test(o));
  const checks: [boolean, string][] = [
    [host.Privileged === true, 'the container is privileged'],
    [
      capAdd.length !== wantCaps.length || capAdd.some((c) => !wantCaps.includes(c)),
      `capabilities are added: ${capAdd.join(',') || 'none'} (allowed: ${wantCaps.join(',') || 'none'})`,
    ],
    [!capDrop.some((c) => c.toUpperCase() === 'ALL'), 'capabilities are not all dropped (CapDrop ALL)'],
    [!opts.some((o) => /^no-new-privileges(:true|=true)?$/.test(o)), 'no-new-privileges is not set'],
    [
      !opts.some((o) => /^seccomp[=:]/.test(o) && sameJson(o.slice(8), seccompProfile)),
      'our seccomp profile is not the one in force',
    ],
    [user !== wantUser, `the user is "${user}", not ${wantUser}`],
    [host.ReadonlyRootfs !== true, 'the root filesystem is writable'],
    [host.NetworkMode !== 'none', `the network mode is "${host.NetworkMode}", not none`],
    [!(Number(host.PidsLimit) > 0), 'no pids limit'],
    [
      !(Number(host.Memory) > 0) || host.Memory !== host.MemorySwap,
      'memory is not limited to the same value as memory+swap',
    ],
    [unsized.length > 0, `a tmpfs has no size=: ${unsized.map(([k]) => k).join(',')}`],
    [
      host.LogConfig?.Type !== 'none',
      `the log driver is "${host.LogConfig?.Type}", not none (output would pile up on the host)`,
    ],
    [
      host.CgroupnsMode !== undefined && host.CgroupnsMode !== 'private',
      "the cgroup namespace is the host's",
    ],
  ];
  const out = checks.filter(([bad]) => bad).map(([, why]) => why);
  const masked = REQUIRED_MASKED.filter((p) => !(host.MaskedPaths ?? []).includes(p));
  if (masked.length > 0) out.push(`not masked: ${masked.join(', ')}`);
  const writable = REQUIRED_READONLY.filter((p) => !(host.ReadonlyPaths ?? []).includes(p));
  if (writable.length > 0) out.push(`not read-only: ${writable.join(', ')}`);
  return out;
}

function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
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
  Runtimes?: EngineRuntimes;
}

function securityModes(info: EngineInfo): string[] {
  return info.SecurityOptions.map((o) => /name=(\w+)/.exec(o)?.[1] ?? o);
}

function engineProblems(info: EngineInfo): string[] {
  const modes = securityModes(info);
  const out: string[] = [];
  if (info.CgroupDriver === 'none')
    out.push('the engine has no cgroup driver (rootless Docker on cgroup v1?): no limit would be enforced');
  if (!info.MemoryLimit) out.push('memory limits are not supported by the engine');
  if (!info.PidsLimit) out.push('pids limits are not supported by the engine');
  if (!info.CpuCfsQuota) out.push('CPU quota (CFS) is not supported by the engine');
  if (!modes.includes('seccomp')) out.push('the engine has no seccomp support');
  if (!modes.includes('userns') && !modes.includes('rootless')) {
    out.push(
      'no user namespace: enable "userns-remap": "default" in /etc/docker/daemon.json or use rootless Docker',
    );
  }
  return out;
}

async function limitProblems(pid: number, limits: Limits, runtime: string): Promise<string[]> {
  const want = cgroupLimits(limits, 1, runtime);
  const cgroup = await cgroupOfPid(pid);
  try {
    const got = await cgroup.enforced();
    const out: string[] = [];
    if (got.memoryBytes !== want.Memory)
      out.push(`memory limit not enforced (cgroup says ${got.memoryBytes})`);
    if (got.pids !== want.PidsLimit) out.push(`pids limit not enforced (cgroup says ${got.pids})`);
    if (got.cpuQuotaUs !== want.CpuQuota) out.push(`CPU quota not enforced (cgroup says ${got.cpuQuotaUs})`);
    await cgroup.sample();
    return out;
  } finally {
    await cgroup.close();
  }
}

async function processProblems(pid: number): Promise<string[]> {
  const [status, uidMap] = await Promise.all([
    readFile(`/proc/${pid}/status`, 'utf8'),
    readFile(`/proc/${pid}/uid_map`, 'utf8'),
  ]);
  const field = (name: string): string =>
    new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status)?.[1]?.trim() ?? '';
  const out: string[] = [];
  if (field('Seccomp') !== '2') out.push('the seccomp filter is not in effect in the sandbox');
  if (field('NoNewPrivs') !== '1') out.push('no-new-privileges is not in effect');
  if (!/^0+$/.test(field('CapEff')) || !/^0+$/.test(field('CapBnd')))
    out.push('the sandbox still holds capabilities');
  const hostUid = Number(field('Uid').split(/\s+/)[0]);
  const identity = uidMap
    .trim()
    .split('\n')
    .some((l) => /^0\s+0\s/.test(l.trim()));
  if (identity || hostUid === 0 || hostUid === SANDBOX_UID)
    out.push(`no user namespace in effect (sandbox user is host uid ${hostUid})`);
  return out;
}
