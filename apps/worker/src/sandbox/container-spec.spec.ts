import { DEFAULT_LIMITS } from '@judgebox/domain';
import { buildContainerSpec } from './container-spec';

describe('buildContainerSpec', () => {
  const spec = buildContainerSpec({
    image: 'judgebox/python:latest',
    limits: DEFAULT_LIMITS,
    workerId: 'w1',
    queuePrefix: 'judgebox',
    seccompProfile: '{}',
    runtime: '',
  });
  const host = spec.HostConfig!;

  it('confines the container with every flag', () => {
    expect(host).toMatchObject({
      NetworkMode: 'none',
      CapDrop: ['ALL'],
      Privileged: false,
      ReadonlyRootfs: true,
      Init: false,
      LogConfig: { Type: 'none' },
      PidsLimit: DEFAULT_LIMITS.processes + 1,
    });
    expect(spec.NetworkDisabled).toBe(true);
    expect(spec.User).toBe('1000:1000');
    expect(host.SecurityOpt).toEqual(['no-new-privileges:true', 'seccomp={}']);
    expect(host.Memory).toBe(DEFAULT_LIMITS.memoryMb * 1024 * 1024);
    expect(host.MemorySwap).toBe(host.Memory);
    expect(Object.keys(host.Tmpfs ?? {})).toEqual(['/work', '/tmp', '/dev/shm']);
    for (const opts of Object.values(host.Tmpfs ?? {}))
      expect(opts).toMatch(/(^|,)size=\d+m,nr_inodes=\d+(,|$)/);
    expect(host.Tmpfs?.['/work']).toMatch(/size=\d+m/);
    expect(host.Ulimits?.map((u) => u.Name)).toEqual(['nofile', 'fsize', 'core', 'stack']);
  });

  it('names a runtime only when one is configured', () => {
    expect(host.Runtime).toBeUndefined();
    const gvisor = buildContainerSpec({
      image: 'x',
      limits: DEFAULT_LIMITS,
      workerId: 'w',
      queuePrefix: 'judgebox',
      seccompProfile: '{}',
      runtime: 'runsc',
    });
    expect(gvisor.HostConfig?.Runtime).toBe('runsc');
  });
});
