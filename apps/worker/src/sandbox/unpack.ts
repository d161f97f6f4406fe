import { buffer } from 'node:stream/consumers';
import { pack } from 'tar-stream';
import { SANDBOX_UID, WORK_DIR } from './container-spec';
import { runPhase, type PhaseContext } from './phase-runner';
import { phaseSucceeded, type SandboxFile } from './sandbox-driver';
import { SUPERVISOR_LIMITS } from './sandbox-factory';

const OWNER = { uid: SANDBOX_UID, gid: SANDBOX_UID };

/** A directory the unpacking `tar` makes (mode 0700), named relative to the tar's root. */
export type SandboxDir = string;

/**
 * Files reach the sandbox as a tar stream on stdin of `tar` running as the sandbox user, extracted
 * under `root`; `dirs` are made first, in the same stream. The tar is ours: built here from checked
 * names, no links.
 */
export async function unpack(
  ctx: PhaseContext,
  files: SandboxFile[],
  root = WORK_DIR,
  dirs: SandboxDir[] = [],
): Promise<void> {
  const out = await runPhase(ctx, {
    cmd: [
      'tar',
      '-x',
      '--no-same-owner',
      '--no-same-permissions',
      '--no-overwrite-dir',
      '-C',
      root,
      '-f',
      '-',
    ],
    stdin: await tarOf(files, dirs),
    limits: SUPERVISOR_LIMITS,
  });
  if (!phaseSucceeded(out)) {
    throw new Error(
      `unpacking files failed (exit ${out.exitCode}): ${out.stderr.toString('utf8').slice(0, 500)}`,
    );
  }
}

async function tarOf(files: SandboxFile[], dirs: SandboxDir[]): Promise<Buffer> {
  const p = pack();
  const mtime = new Date();
  for (const name of dirs) p.entry({ name, type: 'directory', mode: 0o700, mtime, ...OWNER });
  for (const f of files) p.entry({ name: f.name, mode: f.mode ?? 0o644, mtime, ...OWNER }, f.content);
  p.finalize();
  return buffer(p as AsyncIterable<Buffer>);
}
