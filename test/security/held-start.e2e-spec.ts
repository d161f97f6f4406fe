import { DEFAULT_LIMITS } from '@judgebox/domain';
import { cgroupOfPid, type CgroupHandle } from '../../apps/worker/src/sandbox/cgroup';
import { JBWAIT } from '../../apps/worker/src/sandbox/init-protocol';
import { runPhase, SandboxSetupError, type PhaseContext } from '../../apps/worker/src/sandbox/phase-runner';
import type { PhaseSpec } from '../../apps/worker/src/sandbox/sandbox-driver';
import { GVISOR } from './support/hostile';
import { useInitSandbox } from './support/init-sandbox';

/**
 * A phase run in an inner sandbox (namespace isolation) is started held: what builds the sandbox
 * ends in jbwait, which marks on fd 5 just before it execs the phase's command. The phase
 * is measured from that mark, so building the sandbox is never charged to the program; and a
 * sandbox that never got that far is an infrastructure fault (SandboxSetupError), never the
 * program's exit code. Here the "sandbox" is a shell that fails, or burns CPU and sleeps, before
 * the trampoline: spoken to directly, in a container confined as every sandbox is. runc only: the
 * held start is namespace isolation's, which gVisor does not run.
 */
(GVISOR ? describe.skip : describe)(
  'security: a held phase counts from its exec, and a failed start is not the program’s',
  () => {
    const sandbox = useInitSandbox('held-start');
    let ctx: PhaseContext;
    let cgroup: CgroupHandle;

    beforeAll(async () => {
      const pid = (await sandbox.container().inspect()).State.Pid;
      cgroup = await cgroupOfPid(pid);
      const channel = sandbox.channel();
      ctx = {
        channel,
        cgroup,
        killAll: () => cgroup.killAllExcept(pid),
        destroy: () =>
          sandbox
            .container()
            .kill()
            .then(() => undefined),
        signal: new AbortController().signal,
      };
    });

    const phase = (cmd: string[]): PhaseSpec => ({ cmd, stdin: null, limits: DEFAULT_LIMITS });
    /** A stand-in for bubblewrap: runs `setup` in sh, then hands over to the trampoline. */
    const holding = (setup: string): string[] => ['sh', '-c', `${setup}\nexec ${JBWAIT}`];
    const BURN = 'i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done';

    it('the time and CPU its start-up took before the exec are not the program’s', async () => {
      const before = await cgroup.sample();
      const out = await runPhase(ctx, phase(['true']), { hold: holding(`${BURN}\nsleep 0.4`) });
      const spent = ((await cgroup.sample()).cpuNs - before.cpuNs) / 1e6;
      expect(out.exitCode).toBe(0);
      expect(out.killedBy).toBeNull();
      // The start-up burned CPU and slept 400 ms; `true` itself takes a few ms at most.
      expect(spent).toBeGreaterThan(50);
      expect(out.cpuTimeMs).toBeLessThan(spent / 2);
      expect(out.wallTimeMs).toBeLessThan(200);
    });

    it('a command that burns CPU after its exec is charged all of it', async () => {
      const out = await runPhase(ctx, phase(['sh', '-c', BURN]), { hold: holding('sleep 0.1') });
      const alone = await runPhase(ctx, phase(['sh', '-c', BURN]), { hold: holding('') });
      expect(out.exitCode).toBe(0);
      expect(alone.exitCode).toBe(0);
      expect(out.cpuTimeMs).toBeGreaterThan(alone.cpuTimeMs / 2);
      expect(out.wallTimeMs).toBeGreaterThanOrEqual(out.cpuTimeMs - 5);
    });

    it('a start-up that fails before the exec throws SandboxSetupError, with what it said', async () => {
      const failed = runPhase(ctx, phase(['true']), {
        hold: ['sh', '-c', 'echo "bwrap: cannot bind" >&2; exit 1'],
      });
      await expect(failed).rejects.toThrow(SandboxSetupError);
      await expect(
        runPhase(ctx, phase(['true']), { hold: ['sh', '-c', 'echo "bwrap: cannot bind" >&2; exit 1'] }),
      ).rejects.toThrow(/not built \(exit 1\): bwrap: cannot bind/);
    });

    it('a start-up that writes its own early mark is not taken for started', async () => {
      // 16 bytes on fd 5 before the go: dated long before it, and a second time far in the future.
      const early = holding(
        'printf "\\000\\000\\000\\000\\000\\000\\000\\001\\000\\000\\000\\000\\000\\000\\000\\001" >&5',
      );
      await expect(runPhase(ctx, phase(['true']), { hold: early })).rejects.toThrow(SandboxSetupError);
      const late = holding(
        'printf "\\000\\000\\000\\000\\000\\000\\000\\001\\177\\377\\377\\377\\377\\377\\377\\377" >&5',
      );
      await expect(runPhase(ctx, phase(['true']), { hold: late })).rejects.toThrow(SandboxSetupError);
    });

    it('letting a dead held command go (release) is no error', async () => {
      ctx.channel.hold(['sh', '-c', 'exit 1']);
      await new Promise((r) => setTimeout(r, 200));
      const out = await runPhase(ctx, phase(['true']), { held: true, release: true });
      expect(out.exitCode).toBe(1);
    });
  },
);
