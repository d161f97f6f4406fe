import type { SandboxFile } from '../sandbox/sandbox-driver';

/**
 * Compiled judge programs by content hash, least recently used first out, bounded by the bytes of
 * their files. A Map keeps insertion order, so re-inserting on use makes it an LRU; written here
 * rather than taken from lru-cache because the copy in node_modules is an old transitive one and
 * a byte-bounded Map is twenty lines.
 */
export class ArtifactCache {
  private readonly entries = new Map<string, SandboxFile[]>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): SandboxFile[] | undefined {
    const files = this.entries.get(key);
    if (files) {
      this.entries.delete(key);
      this.entries.set(key, files);
    }
    return files;
  }

  /** Keeps `files` unless they alone exceed the cache; evicts the least recently used to fit. */
  set(key: string, files: SandboxFile[]): void {
    const size = sizeOf(files);
    if (size > this.maxBytes) return;
    this.delete(key);
    for (const [old] of this.entries) {
      if (this.bytes + size <= this.maxBytes) break;
      this.delete(old);
    }
    this.entries.set(key, files);
    this.bytes += size;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private delete(key: string): void {
    const files = this.entries.get(key);
    if (!files) return;
    this.entries.delete(key);
    this.bytes -= sizeOf(files);
  }
}

function sizeOf(files: SandboxFile[]): number {
  return files.reduce((sum, f) => sum + f.content.length + f.name.length, 0);
}
