import { extract } from 'tar-stream';
import type { Limits } from '@judgebox/domain';
import type { PhaseOutcome, PhaseSpec } from '../sandbox/sandbox-driver';
import { SUPERVISOR_LIMITS } from '../sandbox/phase-runner';

/** Runs one command in the sandbox of the submission, after its runs (see SandboxSpec.afterRuns). */
export type SandboxExec = (phase: PhaseSpec) => Promise<PhaseOutcome>;

/** A file read out of the sandbox, or why it was not. */
export type ReadResult =
  { content: Buffer; problem: null } | { content: null; bytes: number | null; problem: string };

export interface ReadCaps {
  fileBytes: number;
  totalBytes: number;
}

const TAR_BLOCK = 512;
/** GNU tar pads an archive to 20 blocks of 512 bytes. */
const TAR_RECORD = 10_240;

/**
 * Reads regular files out of the sandbox through its own init: commands run in the sandbox (as
 * its user, in its mount namespace), never the host opening paths the program controls. First
 * `find` lists what each name is (never following a symlink), then `tar` without -h archives the
 * regular files within the caps and the archive is checked entry by entry: anything but a
 * regular file of the expected name and size is refused. `names` are plain names inside `dir`.
 */
export async function readSandboxFiles(
  exec: SandboxExec,
  dir: string,
  names: readonly string[],
  caps: ReadCaps,
): Promise<Map<string, ReadResult>> {
  const out = new Map<string, ReadResult>();
  const listed = await listFiles(exec, dir, names);
  const wanted = new Map<string, number>();
  let total = 0;
  for (const name of names) {
    const entry = listed.get(name);
    const problem = entryProblem(entry, caps.fileBytes, total, caps.totalBytes);
    if (problem) out.set(name, { content: null, bytes: entry?.size ?? null, problem });
    else {
      wanted.set(name, entry!.size);
      total += entry!.size;
    }
  }
  if (wanted.size === 0) return out;
  const files = await archive(exec, dir, wanted);
  for (const [name] of wanted) {
    const content = files.get(name);
    out.set(
      name,
      content ? { content, problem: null } : { content: null, bytes: null, problem: 'changed while read' },
    );
  }
  return new Map(names.map((n) => [n, out.get(n)!]));
}

interface Listed {
  type: string;
  size: number;
}

function entryProblem(
  entry: Listed | undefined,
  fileCap: number,
  total: number,
  totalCap: number,
): string | null {
  if (!entry) return 'not found';
  if (entry.type !== 'f') return 'not a regular file';
  if (entry.size > fileCap) return `larger than ${fileCap} bytes`;
  if (total + entry.size > totalCap) return `the files together exceed ${totalCap} bytes`;
  return null;
}

/** `find -P` (the default) reports a symlink as `l` and never looks through it. */
async function listFiles(
  exec: SandboxExec,
  dir: string,
  names: readonly string[],
): Promise<Map<string, Listed>> {
  const cmd = ['find', ...names.map((n) => `${dir}/${n}`), '-maxdepth', '0', '-printf', '%y %s %f\\n'];
  const res = await exec({ cmd, stdin: null, limits: SUPERVISOR_LIMITS });
  if (res.killedBy !== null || res.stdoutTruncated || (res.exitCode !== 0 && res.exitCode !== 1))
    throw new Error(`listing files in the sandbox failed (exit ${res.exitCode}, killed by ${res.killedBy})`);
  const listed = new Map<string, Listed>();
  for (const line of res.stdout.toString('utf8').split('\n')) {
    const m = /^(\S) (\d+) (.+)$/.exec(line);
    if (m && names.includes(m[3])) listed.set(m[3], { type: m[1], size: Number(m[2]) });
  }
  return listed;
}

async function archive(
  exec: SandboxExec,
  dir: string,
  wanted: Map<string, number>,
): Promise<Map<string, Buffer>> {
  let bytes = TAR_RECORD;
  for (const size of wanted.values()) bytes += TAR_BLOCK + Math.ceil(size / TAR_BLOCK) * TAR_BLOCK;
  const limits: Limits = { ...SUPERVISOR_LIMITS, outputBytes: bytes };
  const cmd = ['tar', '-c', '-f', '-', '--no-recursion', '-C', dir, '--', ...wanted.keys()];
  const res = await exec({ cmd, stdin: null, limits });
  if (res.killedBy !== null || res.stdoutTruncated)
    throw new Error(`reading files from the sandbox failed (killed by ${res.killedBy ?? 'its output cap'})`);
  return untar(res.stdout, wanted);
}

/** Only regular-file entries of a wanted name and at most its listed size are kept. */
async function untar(tar: Buffer, wanted: Map<string, number>): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const ex = extract();
  ex.end(tar);
  for await (const entry of ex) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    const { name, type, size = 0 } = entry.header;
    const max = wanted.get(name);
    if (type === 'file' && max !== undefined && size <= max && !files.has(name))
      files.set(name, Buffer.concat(chunks));
  }
  return files;
}
