import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  compileLimits,
  expandCommand,
  findLanguage,
  imageName,
  resolveLimits,
  type LanguageSpec,
} from '@judgebox/domain';
import { buildContainerSpec, type SandboxHostConfig } from '../apps/worker/src/sandbox/container-spec';
import type { Program } from './programs';
import { ROOT } from './stack';

/** Label of the baseline containers, so a bench stopped mid-run can remove its leftovers. */
export const BASELINE_LABEL = 'io.judgebox.bench';

/**
 * `docker run --rm -i` flags equivalent to the sandbox spec of container-spec.ts, derived from it
 * so the baseline cannot drift from the real sandbox. A HostConfig field without a mapping here
 * stops the bench rather than being silently dropped.
 */
export function dockerRunFlags(lang: LanguageSpec, runId: string): string[] {
  const limits = lang.compile
    ? compileLimits(lang.compileLimitOverrides)
    : resolveLimits(undefined, lang.limitOverrides);
  const seccomp = join(ROOT, 'seccomp', 'profile.json');
  const spec = buildContainerSpec({
    image: imageName(lang),
    limits,
    workerId: 'bench',
    queuePrefix: 'bench',
    seccompProfile: seccomp,
    runtime: '',
  });
  const flags = ['--rm', '-i', '--label', `${BASELINE_LABEL}=${runId}`, '--entrypoint', ''];
  flags.push(
    '--user',
    spec.User ?? '',
    '--workdir',
    spec.WorkingDir ?? '',
    '--hostname',
    spec.Hostname ?? '',
  );
  for (const e of spec.Env ?? []) flags.push('--env', e);
  const host = (spec.HostConfig ?? {}) as SandboxHostConfig;
  for (const [key, value] of Object.entries(host)) flags.push(...hostConfigFlag(key, value as unknown));
  return flags;
}

function hostConfigFlag(key: string, v: unknown): string[] {
  const list = (flag: string, items: unknown): string[] => (items as string[]).flatMap((i) => [flag, i]);
  switch (key) {
    case 'Memory':
      return ['--memory', String(v)];
    case 'MemorySwap':
      return ['--memory-swap', String(v)];
    case 'PidsLimit':
      return ['--pids-limit', String(v)];
    case 'CpuPeriod':
      return ['--cpu-period', String(v)];
    case 'CpuQuota':
      return ['--cpu-quota', String(v)];
    case 'NetworkMode':
      return ['--network', String(v)];
    case 'CapDrop':
      return list('--cap-drop', v);
    case 'SecurityOpt':
      return list('--security-opt', v);
    case 'ReadonlyRootfs':
      return v ? ['--read-only'] : [];
    case 'Privileged':
      return v ? ['--privileged'] : [];
    case 'Init':
      return v ? ['--init'] : [];
    case 'AutoRemove':
      return []; // --rm is always given
    case 'IpcMode':
      return ['--ipc', String(v)];
    case 'OomScoreAdj':
      return ['--oom-score-adj', String(v)];
    case 'CgroupnsMode':
      return ['--cgroupns', String(v)];
    case 'Runtime':
      return ['--runtime', String(v)];
    case 'LogConfig':
      return ['--log-driver', (v as { Type: string }).Type];
    case 'Tmpfs':
      return Object.entries(v as Record<string, string>).flatMap(([path, opts]) => [
        '--tmpfs',
        `${path}:${opts}`,
      ]);
    case 'Ulimits':
      return (v as { Name: string; Soft: number; Hard: number }[]).flatMap((u) => [
        '--ulimit',
        `${u.Name}=${u.Soft}:${u.Hard}`,
      ]);
    default:
      throw new Error(`baseline: no docker run flag for HostConfig.${key}; add one in bench/baseline.ts`);
  }
}

/** The shell line the baseline runs: write the source from stdin, compile if the language does, run. */
function script(lang: LanguageSpec): string[] {
  const entry = lang.sourceFile;
  const expand = (cmd: readonly string[]): string[] =>
    expandCommand(cmd, entry, [entry], lang.sourceExtension);
  const quote = (argv: string[]): string => argv.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
  const steps = [
    `cat > ${entry}`,
    ...(lang.compile ? [quote(expand(lang.compile))] : []),
    `exec ${quote(expand(lang.run))}`,
  ];
  return ['sh', '-c', steps.join(' && ')];
}

/** One baseline call: `docker run` of the program's image, source on stdin; rejects unless it printed what was expected. */
export function dockerRunOnce(program: Program, runId: string, timeoutMs = 60_000): Promise<void> {
  const lang = findLanguage(program.language);
  if (!lang) throw new Error(`unknown language ${program.language}`);
  const args = ['run', ...dockerRunFlags(lang, runId), imageName(lang), ...script(lang)];
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code === 0 && out === program.expected) resolve();
      else reject(new Error(`docker run exited ${code}: ${(err || out).slice(0, 300)}`));
    });
    child.stdin.end(program.source);
  });
}

/** Removes baseline containers left behind by an interrupted run. */
export function removeBaselineContainers(runId: string): void {
  const ids = spawnSync('docker', ['ps', '-aq', '--filter', `label=${BASELINE_LABEL}=${runId}`], {
    encoding: 'utf8',
  }).stdout.trim();
  if (ids) spawnSync('docker', ['rm', '-f', ...ids.split('\n')], { stdio: 'ignore' });
}
