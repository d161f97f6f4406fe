import { DEFAULT_LIMITS } from '@judgebox/domain';
import { buildContainerSpec, type SandboxHostConfig } from './container-spec';
import { hostConfigProblems } from './preflight.service';

const PROFILE = '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[]}';

/** What Docker 20.10 reports for our spec: the spec plus the engine's default masked and read-only paths. */
function inspected(runtime = ''): SandboxHostConfig {
  const spec = buildContainerSpec({
    image: 'x',
    limits: DEFAULT_LIMITS,
    workerId: 'w',
    queuePrefix: 'judgebox',
    seccompProfile: PROFILE,
    runtime,
  });
  return {
    ...spec.HostConfig,
    MaskedPaths: [
      '/proc/asound',
      '/proc/acpi',
      '/proc/kcore',
      '/proc/keys',
      '/proc/latency_stats',
      '/proc/timer_list',
      '/proc/timer_stats',
      '/proc/sched_debug',
      '/proc/scsi',
      '/sys/firmware',
    ],
    ReadonlyPaths: ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'],
  };
}

describe('hostConfigProblems', () => {
  it('accepts the container our spec builds', () => {
    expect(hostConfigProblems(inspected(), '1000:1000', PROFILE)).toEqual([]);
  });

  it.each<[string, Partial<SandboxHostConfig>, string, RegExp]>([
    ['privileged', { Privileged: true }, '1000:1000', /privileged/],
    ['an added capability', { CapAdd: ['NET_ADMIN'] }, '1000:1000', /capabilities are added: NET_ADMIN/],
    ['no CapDrop ALL', { CapDrop: ['NET_RAW'] }, '1000:1000', /not all dropped/],
    ['no no-new-privileges', { SecurityOpt: [`seccomp=${PROFILE}`] }, '1000:1000', /no-new-privileges/],
    ['no seccomp', { SecurityOpt: ['no-new-privileges:true'] }, '1000:1000', /seccomp/],
    [
      'seccomp unconfined',
      { SecurityOpt: ['no-new-privileges:true', 'seccomp=unconfined'] },
      '1000:1000',
      /seccomp/,
    ],
    [
      'another seccomp profile',
      { SecurityOpt: ['no-new-privileges:true', 'seccomp={"defaultAction":"SCMP_ACT_ALLOW"}'] },
      '1000:1000',
      /seccomp/,
    ],
    ['root user', {}, '0:0', /user is "0:0"/],
    ['no user', {}, '', /user is ""/],
    ['a writable root', { ReadonlyRootfs: false }, '1000:1000', /root filesystem is writable/],
    ['a network', { NetworkMode: 'bridge' }, '1000:1000', /network mode is "bridge"/],
    ['no pids limit', { PidsLimit: 0 }, '1000:1000', /pids limit/],
    ['swap allowed', { MemorySwap: -1 }, '1000:1000', /memory\+swap/],
    ['no memory limit', { Memory: 0, MemorySwap: 0 }, '1000:1000', /memory/],
    ['a tmpfs without size', { Tmpfs: { '/work': 'rw,exec' } }, '1000:1000', /tmpfs has no size=/],
    [
      'a log driver',
      { LogConfig: { Type: 'json-file', Config: {} } },
      '1000:1000',
      /log driver is "json-file"/,
    ],
    ['the host cgroup namespace', { CgroupnsMode: 'host' }, '1000:1000', /cgroup namespace/],
    ['unmasked /proc/kcore', { MaskedPaths: ['/proc/keys'] }, '1000:1000', /not masked: \/proc\/kcore/],
    ['writable /proc/sys', { ReadonlyPaths: [] }, '1000:1000', /not read-only: \/proc\/sys/],
  ])('refuses %s', (_name, change, user, problem) => {
    const problems = hostConfigProblems({ ...inspected(), ...change }, user, PROFILE);
    expect(problems).toEqual([expect.stringMatching(problem)]);
  });
});

describe('hostConfigProblems under gVisor', () => {
  const gvisor = (change: Partial<SandboxHostConfig>, user = '0:0'): string[] =>
    hostConfigProblems({ ...inspected('runsc'), ...change }, user, PROFILE, true);

  it('accepts jbinit as root with exactly the capabilities to drop to the sandbox user', () => {
    expect(gvisor({})).toEqual([]);
  });

  it.each<[string, Partial<SandboxHostConfig>, string, RegExp]>([
    ['one more capability', { CapAdd: ['SETUID', 'SETGID', 'SETPCAP', 'SYS_PTRACE'] }, '0:0', /SYS_PTRACE/],
    ['one capability fewer', { CapAdd: ['SETUID', 'SETGID'] }, '0:0', /allowed: SETUID,SETGID,SETPCAP/],
    ['the sandbox user as init', {}, '1000:1000', /user is "1000:1000", not 0:0/],
  ])('refuses %s', (_name, change, user, problem) => {
    expect(gvisor(change, user)).toEqual([expect.stringMatching(problem)]);
  });
});
