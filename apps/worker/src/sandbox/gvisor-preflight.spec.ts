import { DEFAULT_LIMITS, GVISOR_ALLOWANCE } from '@judgebox/domain';
import { buildContainerSpec, cgroupLimits, gvisorCommand } from './container-spec';
import { gvisorEngineProblems, insideStatusProblems, RUNSC_ARGS } from './gvisor-preflight';

const MiB = 1024 * 1024;
const GOOD_STATUS =
  'Uid:\t1000\t1000\t1000\t1000\nCapInh:\t0000000000000000\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\nCapBnd:\t0000000000000000\nSeccomp:\t2\nnproc: 12\ninit-channel: refused\n';

describe('gVisor (runsc)', () => {
  it('gives the cgroup room for gVisor and counts the program with RLIMIT_NPROC instead', () => {
    const want = cgroupLimits(DEFAULT_LIMITS, 1, 'runsc');
    expect(want.Memory).toBe((DEFAULT_LIMITS.memoryMb + GVISOR_ALLOWANCE.memoryMb) * MiB);
    expect(want.PidsLimit).toBe(
      GVISOR_ALLOWANCE.hostTasks + GVISOR_ALLOWANCE.hostTasksPerProcess * (DEFAULT_LIMITS.processes + 1),
    );
    const host = buildContainerSpec({
      image: 'judgebox/python:latest',
      limits: DEFAULT_LIMITS,
      workerId: 'w1',
      queuePrefix: 'p',
      seccompProfile: '{}',
      runtime: 'runsc',
    }).HostConfig!;
    expect(host.Runtime).toBe('runsc');
    expect(host.Ulimits).toContainEqual({ Name: 'nproc', Soft: 257, Hard: 257 });
  });

  it('runs jbinit as root with only the capabilities to drop to the sandbox user', () => {
    const spec = buildContainerSpec({
      image: 'judgebox/python:latest',
      limits: DEFAULT_LIMITS,
      workerId: 'w1',
      queuePrefix: 'p',
      seccompProfile: '{}',
      runtime: 'runsc',
    });
    expect(spec.User).toBe('0:0');
    expect(spec.HostConfig?.CapDrop).toEqual(['ALL']);
    expect(spec.HostConfig?.CapAdd).toEqual(['SETUID', 'SETGID', 'SETPCAP']);
  });

  it('leaves runc as it was: no nproc rlimit (it would count every sandbox of the host uid)', () => {
    expect(cgroupLimits(DEFAULT_LIMITS).Memory).toBe(DEFAULT_LIMITS.memoryMb * MiB);
    const host = buildContainerSpec({
      image: 'x',
      limits: DEFAULT_LIMITS,
      workerId: 'w1',
      queuePrefix: 'p',
      seccompProfile: '{}',
      runtime: '',
    }).HostConfig!;
    expect(host.Ulimits?.some((u) => u.Name === 'nproc')).toBe(false);
  });

  it('starts each command as the sandbox user with no capabilities, under the phase process limit', () => {
    expect(gvisorCommand(['/bin/true', '-x'], { ...DEFAULT_LIMITS, processes: 12 })).toEqual([
      '/usr/bin/setpriv',
      '--reuid=1000',
      '--regid=1000',
      '--clear-groups',
      '--inh-caps=-all',
      '--bounding-set=-all',
      '--',
      '/usr/bin/prlimit',
      '--nproc=11:11',
      '--',
      '/bin/true',
      '-x',
    ]);
  });

  it('refuses namespace isolation and a runsc registered without our arguments', () => {
    const ok = { runsc: { path: '/usr/bin/runsc', runtimeArgs: [...RUNSC_ARGS] } };
    expect(gvisorEngineProblems(ok, 'container')).toEqual([]);
    expect(gvisorEngineProblems(ok, 'namespace')).toEqual([
      expect.stringContaining('SANDBOX_ISOLATION=container'),
    ]);
    expect(gvisorEngineProblems({}, 'container')).toEqual([expect.stringContaining('no runsc runtime')]);
    expect(gvisorEngineProblems({ runsc: { runtimeArgs: ['--network=none'] } }, 'container')).toEqual([
      expect.stringContaining('--oci-seccomp'),
    ]);
  });

  it('checks the program view inside gVisor, one refusal per rule', () => {
    expect(insideStatusProblems(GOOD_STATUS, 12)).toEqual([]);
    const bad = (from: string, to: string): string[] =>
      insideStatusProblems(GOOD_STATUS.replace(from, to), 12);
    expect(bad('Seccomp:\t2', 'Seccomp:\t0')).toEqual([expect.stringContaining('seccomp')]);
    expect(bad('CapEff:\t0000000000000000', 'CapEff:\t0000000000200000')).toEqual([
      expect.stringContaining('capabilities'),
    ]);
    expect(bad('CapBnd:\t0000000000000000', 'CapBnd:\t00000000000000c0')).toEqual([
      expect.stringContaining('capabilities'),
    ]);
    expect(bad('Uid:\t1000', 'Uid:\t0')).toEqual([expect.stringContaining('uid 1000')]);
    expect(bad('nproc: 12', 'nproc: unlimited')).toEqual([expect.stringContaining('process limit')]);
    expect(bad('init-channel: refused', 'init-channel: open')).toEqual([
      expect.stringContaining("jbinit's control channel"),
    ]);
  });
});
