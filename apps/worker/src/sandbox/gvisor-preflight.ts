import type Docker from 'dockerode';
import { readFile } from 'node:fs/promises';
import type { Limits } from '@judgebox/domain';
import { GVISOR_RUNTIME, gvisorCommand, gvisorNproc, SANDBOX_UID } from './container-spec';
import { InitChannel } from './init-channel';

/** The arguments scripts/ensure-runsc.sh registers runsc with; the preflight insists on them. */
export const RUNSC_ARGS = ['--network=none', '--oci-seccomp'] as const;

const INSIDE_TIMEOUT_MS = 15_000;

/**
 * The probe inside: the program's status, its process limit, and whether it can open jbinit's
 * stdout (the frames the worker reads verdict facts from) or stdin (the next input) through
 * /proc/1/fd. Opened for appending and reading, nothing is written or read; jbinit runs as another
 * uid (GVISOR_INIT_USER), so the opens must fail with EACCES.
 */
const INSIDE_SCRIPT = [
  'cat /proc/self/status',
  'echo "nproc: $(ulimit -p)"',
  'if ( : >>/proc/1/fd/1 ) 2>/dev/null || ( : </proc/1/fd/0 ) 2>/dev/null; then echo "init-channel: open"; else echo "init-channel: refused"; fi',
].join('\n');

/** The engine's `Runtimes` as `docker info` reports them. */
export type EngineRuntimes = Record<string, { path?: string; runtimeArgs?: string[] }> | undefined;

/**
 * What must hold before sandboxes run under gVisor: namespace isolation is refused (bubblewrap
 * reads /proc/sys/kernel/overflowuid, which gVisor 20221219 lacks, so no inner sandbox can be
 * built), and the engine's runsc is registered with our arguments (without --oci-seccomp gVisor
 * silently ignores the seccomp profile).
 */
export function gvisorEngineProblems(runtimes: EngineRuntimes, isolation: string): string[] {
  const out: string[] = [];
  if (isolation === 'namespace')
    out.push(
      'SANDBOX_RUNTIME=runsc needs SANDBOX_ISOLATION=container: namespace isolation builds a bubblewrap sandbox per process, and bubblewrap does not run under gVisor (no /proc/sys/kernel/overflowuid)',
    );
  const runsc = runtimes?.[GVISOR_RUNTIME];
  if (!runsc) out.push('the engine has no runsc runtime: run scripts/ensure-runsc.sh (as root)');
  else {
    const missing = RUNSC_ARGS.filter((a) => !(runsc.runtimeArgs ?? []).includes(a));
    if (missing.length > 0)
      out.push(`runsc is registered without ${missing.join(' ')}: run scripts/ensure-runsc.sh (as root)`);
  }
  return out;
}

/**
 * The host side of a gVisor sandbox: the container's process is gVisor's kernel (the Sentry),
 * which must confine itself (its own seccomp filter, no_new_privs) and run as neither host root nor
 * host uid 1000. The program's own credentials are checked inside (gvisorInsideProblems).
 */
export async function gvisorHostProblems(pid: number): Promise<string[]> {
  const [cmdline, status] = await Promise.all([
    readFile(`/proc/${pid}/cmdline`, 'utf8'),
    readFile(`/proc/${pid}/status`, 'utf8'),
  ]);
  const out: string[] = [];
  const argv0 = cmdline.split('\0')[0];
  if (argv0 !== 'runsc-sandbox') out.push(`the sandbox process is "${argv0}", not gVisor's runsc-sandbox`);
  if (statusField(status, 'Seccomp') !== '2') out.push("gVisor's kernel runs without its seccomp filter");
  if (statusField(status, 'NoNewPrivs') !== '1') out.push("gVisor's kernel runs without no_new_privs");
  const hostUid = Number(statusField(status, 'Uid').split(/\s+/)[0]);
  if (hostUid === 0 || hostUid === SANDBOX_UID) out.push(`gVisor's kernel runs as host uid ${hostUid}`);
  return out;
}

/**
 * The program's view, read inside the sandbox through jbinit exactly as a submission's command is
 * started: uid 1000, no capabilities, our seccomp filter in force (gVisor applies it with
 * --oci-seccomp), the phase's process limit (RLIMIT_NPROC) in force, and jbinit's control channel
 * out of its reach.
 */
export async function gvisorInsideProblems(channel: InitChannel, limits: Limits): Promise<string[]> {
  const chunks: Buffer[] = [];
  const cmd = gvisorCommand(['/bin/sh', '-c', INSIDE_SCRIPT], limits);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>(
    (resolve) => (timer = setTimeout(() => resolve(null), INSIDE_TIMEOUT_MS)),
  );
  const exit = await Promise.race([
    channel.run(cmd, 16_384, (_s, d) => chunks.push(Buffer.from(d))),
    timeout,
  ]);
  clearTimeout(timer);
  if (!exit || exit.exitCode !== 0)
    return [`the probe command inside gVisor failed (exit ${exit?.exitCode})`];
  return insideStatusProblems(Buffer.concat(chunks).toString('utf8'), gvisorNproc(limits));
}

/** Checks the text of the probe command: /proc/self/status plus an `nproc:` line. */
export function insideStatusProblems(text: string, nproc: number): string[] {
  const out: string[] = [];
  if (statusField(text, 'Seccomp') !== '2')
    out.push('the seccomp profile is not in force inside gVisor (runsc needs --oci-seccomp)');
  if (!['CapEff', 'CapPrm', 'CapInh', 'CapBnd'].every((c) => /^0+$/.test(statusField(text, c))))
    out.push('the program holds capabilities inside gVisor');
  if (Number(statusField(text, 'Uid').split(/\s+/)[0]) !== SANDBOX_UID)
    out.push(`the program does not run as uid ${SANDBOX_UID}`);
  if (statusField(text, 'init-channel') !== 'refused')
    out.push(
      "the program can open jbinit's control channel through /proc/1/fd (gVisor does not keep a non-dumpable init's descriptors private, and jbinit does not run as another uid): it could forge the frames verdicts are decided from",
    );
  if (statusField(text, 'nproc') !== String(nproc))
    out.push(`the process limit inside gVisor is "${statusField(text, 'nproc')}", not ${nproc}`);
  return out;
}

function statusField(text: string, name: string): string {
  return new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(text)?.[1]?.trim() ?? '';
}

/** Starts the probe container attached to its init, for the inside check. */
export async function startAttached(docker: Docker, container: Docker.Container): Promise<InitChannel> {
  const channel = await InitChannel.attach(docker, container);
  await container.start();
  await channel.ready(INSIDE_TIMEOUT_MS);
  return channel;
}
