import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FactsCollector, type ImageFacts } from './image-facts';

/** Not part of the image: kernel and engine mounts, and the builder's own setup folder. */
const SKIP_TOP = new Set(['proc', 'sys', 'dev', '.jbsetup']);

/**
 * Facts of a root filesystem on disk (the chroot builder's tree, before it becomes an image).
 * Symbolic links are never followed: one could point outside the tree, into the host.
 */
export async function readRootfsFacts(root: string): Promise<ImageFacts> {
  if (!(await lstat(root)).isDirectory()) throw new Error(`${root} is not a directory`);
  const collector = new FactsCollector();
  const pending: string[] = [''];
  while (pending.length > 0) {
    const rel = pending.pop()!;
    for (const entry of await readdir(join(root, rel), { withFileTypes: true })) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!(rel === '' && SKIP_TOP.has(entry.name))) pending.push(path);
      } else if (entry.isFile() && collector.wants(path)) {
        collector.add(path, await readFile(join(root, path), 'utf8'));
      }
    }
  }
  return collector.facts();
}
