import { execFileSync } from 'node:child_process';
import { sandboxContainers, startWorker } from '../support/worker';
import { testPrefix } from '../support/prefix';

/** Whether the engine lists a runsc runtime (scripts/ensure-runsc.sh registers it). */
function runscRegistered(): boolean {
  const out = execFileSync('docker', ['info', '--format', '{{json .Runtimes}}'], { encoding: 'utf8' });
  return 'runsc' in (JSON.parse(out) as Record<string, unknown>);
}

/**
 * gVisor 20221219 (Debian's runsc) lets a program open the /proc/<pid>/fd entries of any process of
 * its uid, non-dumpable or not; jbinit's stdin and stdout are the channel verdict facts come
 * through. So under runsc jbinit runs as the container's root and each command drops to uid 1000,
 * and the preflight proves, inside a probe sandbox, that the program cannot open them: the worker
 * starts on this host. It refuses namespace isolation under runsc whatever the release. The
 * refusal of a gVisor where the program can open them is unit-tested (gvisor-preflight.spec.ts).
 * See docs/security-modes.md.
 */
describe('worker under gVisor (SANDBOX_RUNTIME=runsc)', () => {
  const gvisor = { SANDBOX_RUNTIME: 'runsc', JUDGEBOX_UNSAFE_ALLOW_WEAK_SANDBOX: false } as const;

  it('refuses namespace isolation, naming the setting to use', async () => {
    await expect(startWorker(testPrefix(), { ...gvisor, SANDBOX_ISOLATION: 'namespace' })).rejects.toThrow(
      /SANDBOX_ISOLATION=container/,
    );
  });

  it("starts on gVisor once its probe program cannot open the init's control channel", async () => {
    const start = startWorker(testPrefix(), { ...gvisor, SANDBOX_ISOLATION: 'container' });
    if (!runscRegistered()) {
      await expect(start).rejects.toThrow(/no runsc runtime/);
      return;
    }
    const worker = await start;
    await worker.close();
    expect(await sandboxContainers()).toEqual([]);
  });
});
