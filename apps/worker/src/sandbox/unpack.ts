import { WORK_DIR } from './container-spec';
import { SUPERVISOR_LIMITS, type PhaseContext } from './phase-runner';
import type { SandboxFile } from './sandbox-driver';

/** A directory the init makes (mode 0700), named relative to `root`. */
export type SandboxDir = string;

/**
 * Files reach the sandbox through its init, which makes them as the sandbox user under `root`
 * (`dirs` first, mode 0700): no process is started for it. Names are ours, checked before (no
 * `..`, no links); the init refuses any other and never replaces or follows what exists.
 */
export async function unpack(
  ctx: PhaseContext,
  files: SandboxFile[],
  root = WORK_DIR,
  dirs: SandboxDir[] = [],
): Promise<void> {
  const at = (name: string): string => `${root.replace(/\/$/, '')}/${name}`;
  const entries = [
    ...dirs.map((name) => ({ path: at(name), mode: 0o700 })),
    ...files.map((f) => ({ path: at(f.name), mode: f.mode ?? 0o644, content: f.content })),
  ];
  try {
    await ctx.channel.makeFiles(entries, SUPERVISOR_LIMITS.wallTimeMs);
  } catch (e) {
    throw new Error(`unpacking files failed: ${(e as Error).message}`);
  }
}
