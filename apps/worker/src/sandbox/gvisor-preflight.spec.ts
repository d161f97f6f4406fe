import { DEFAULT_LIMITS, GVISOR_ALLOWANCE } from '@judgebox/domain';
import { buildContainerSpec, gvisorCommand } from './container-spec';
import { gvisorEngineProblems, insideStatusProblems, RUNSC_ARGS } from './gvisor-preflight';

const MiB = 1024 * 1024;
const GOOD_STATUS =
  'Uid:\t1000\t1000\t1000\t1000\nCapInh:\t0000000000000000\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\nCapBnd:\t0000000000000000\nSeccomp:\t2\nnproc: 12\ninit-channel: refused\n';

describe('gVisor (runsc)', () => {
  // The same spec under each runtime: gVisor gets room in the cgroup for its own processes, counts
  // the program with RLIMIT_NPROC, and runs jbinit as root holding only what it needs to drop to the
  // sandbox user; runc stays as it was (an nproc rlimit there would count every sandbox of the uid).
  it.each([
    {
      name: 'runsc',
      runtime: 'runsc',
      memoryMb: DEFAULT_LIMITS.memoryMb + GVISOR_ALLOWANCE.memoryMb,
      pids:
        GVISOR_ALLOWANCE.hostTasks + GVISOR_ALLOWANCE.hostTasksPerProcess * (DEFAULT_LIMITS.processes + 1),
      nproc: [{ Name: 'nproc', Soft: 257, Hard: 257 }],
      user: '0:0',
      capAdd: ['SETUID', 'SETGID', 'SETPCAP'],
    },
    {
      name: 'runc (the engine default)',
      runtime: '',
      memoryMb: DEFAULT_LIMITS.memoryMb,
      pids: DEFAULT_LIMITS.processes + 1,
      nproc: [],
      user: '1000:1000',
      capAdd: undefined,
    },
  ])('$name: cgroup, nproc rlimit, user and capabilities', (want) => {
    const spec = buildContainerSpec({
      image: 'judgebox/python:latest',
      limits: DEFAULT_LIMITS,
      workerId: 'w1',
      queuePrefix: 'p',
      seccompProfile: '{}',
      runtime: want.runtime,
    });
    const host = spec.HostConfig!;
    expect(host.Memory).toBe(want.memoryMb * MiB);
    expect(host.PidsLimit).toBe(want.pids);
    expect(host.Ulimits?.filter((u) => u.Name === 'nproc')).toEqual(want.nproc);
    expect(spec.User).toBe(want.user);
    expect(host.CapDrop).toEqual(['ALL']);
    expect(host.CapAdd).toEqual(want.capAdd);
    expect(host.Runtime).toBe(want.runtime || undefined);
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

  it('accepts the program view inside gVisor when every rule holds', () => {
    expect(insideStatusProblems(GOOD_STATUS, 12)).toEqual([]);
  });

  it.each([
    ['no seccomp filter', 'Seccomp:\t2', 'Seccomp:\t0', 'seccomp'],
    ['an effective capability', 'CapEff:\t0000000000000000', 'CapEff:\t0000000000200000', 'capabilities'],
    [
      'a capability in the bounding set',
      'CapBnd:\t0000000000000000',
      'CapBnd:\t00000000000000c0',
      'capabilities',
    ],
    ['another uid', 'Uid:\t1000', 'Uid:\t0', 'uid 1000'],
    ['no process limit', 'nproc: 12', 'nproc: unlimited', 'process limit'],
    ['an open init channel', 'init-channel: refused', 'init-channel: open', "jbinit's control channel"],
  ])('refuses a program view inside gVisor with %s', (_what, from, to, problem) => {
    expect(insideStatusProblems(GOOD_STATUS.replace(from, to), 12)).toEqual([
      expect.stringContaining(problem),
    ]);
  });
});
