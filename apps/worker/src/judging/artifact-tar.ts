import { extract, type Header } from 'tar-stream';
import { Readable } from 'node:stream';
import type { SandboxFile } from '../sandbox/sandbox-driver';

/**
 * The files of a compiled work dir, read in memory from the tar its sandbox wrote to stdout
 * (nothing touches the host's disk): regular files only, names relative without `..`; each keeps
 * whether it was executable. Links, devices and directories are dropped (tar makes the parents).
 */
export async function filesOfTar(tar: Buffer): Promise<SandboxFile[]> {
  const files: SandboxFile[] = [];
  const ex = extract();
  ex.on('entry', (header: Header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => chunks.push(c as Buffer));
    stream.on('end', () => {
      const name = safeName(header.name);
      if (header.type === 'file' && name)
        files.push({
          name,
          content: Buffer.concat(chunks),
          mode: (header.mode ?? 0) & 0o111 ? 0o755 : 0o644,
        });
      next();
    });
    stream.resume();
  });
  await new Promise<void>((resolve, reject) => {
    ex.on('finish', resolve);
    ex.on('error', reject);
    Readable.from([tar]).pipe(ex);
  });
  return files;
}

function safeName(raw: string): string | null {
  const name = raw.replace(/^(\.\/)+/, '');
  if (name === '' || name.startsWith('/') || name.includes('\0')) return null;
  return name.split('/').some((part) => part === '..' || part === '' || part === '.') ? null : name;
}
