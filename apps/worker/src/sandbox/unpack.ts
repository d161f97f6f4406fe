import { WORK_DIR } from './container-spec';
import { SUPERVISOR_LIMITS, type PhaseContext } from './phase-runner';
import type { SandboxFile } from './sandbox-driver';

/**
 * Files reach the sandbox through its init, which makes them as the sandbox user under `root`,
 * after `dirs` (absolute paths, mode 0700): no process is started for it. Names are ours, checked before (no
 * `..`, no links); the init refuses any other and never replaces or follows what exists.
 */
export async function unpack(
  ctx: PhaseContext,
  files: SandboxFile[],
  root = WORK_DIR,
  dirs: string[] = [],
): Promise<void> {
  const entries = [
    ...dirs.map((path) => ({ path, mode: 0o700 })),
    ...files.map((f) => ({ path: `${root}/${f.name}`, mode: f.mode ?? 0o644, content: f.content })),
  ];
  try {
    await ctx.channel.makeFiles(entries, SUPERVISOR_LIMITS.wallTimeMs);
  } catch (e) {
    throw new Error(`unpacking files failed: ${(e as Error).message}`);
  }
}
