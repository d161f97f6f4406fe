import { DEFAULT_LIMITS, GVISOR_ALLOWANCE } from '@judgebox/domain';
import { buildContainerSpec, cgroupLimits, gvisorCommand } from './container-spec';
import { gvisorEngineProblems, insideStatusProblems, RUNSC_ARGS } from './gvisor-preflight';

const MiB = 1024 * 1024;
const GOOD_STATUS =
  'Uid:\t1000\t1000\t1000\t1000\nCapEff:\t0000000000000000\nCapBnd:\t0000000000000000\nSeccomp:\t2\nnproc: 13\ninit-channel: refused\n';

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

  it('starts each command under the phase process limit, jbinit included', () => {
    expect(gvisorCommand(['/bin/true', '-x'], { ...DEFAULT_LIMITS, processes: 12 })).toEqual([
      '/usr/bin/prlimit',
      '--nproc=13:13',
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
    expect(insideStatusProblems(GOOD_STATUS, 13)).toEqual([]);
    const bad = (from: string, to: string): string[] =>
      insideStatusProblems(GOOD_STATUS.replace(from, to), 13);
    expect(bad('Seccomp:\t2', 'Seccomp:\t0')).toEqual([expect.stringContaining('seccomp')]);
    expect(bad('CapEff:\t0000000000000000', 'CapEff:\t0000000000200000')).toEqual([
      expect.stringContaining('capabilities'),
    ]);
    expect(bad('Uid:\t1000', 'Uid:\t0')).toEqual([expect.stringContaining('uid 1000')]);
    expect(bad('nproc: 13', 'nproc: unlimited')).toEqual([expect.stringContaining('process limit')]);
    expect(bad('init-channel: refused', 'init-channel: open')).toEqual([
      expect.stringContaining("jbinit's control channel"),
    ]);
  });
});
