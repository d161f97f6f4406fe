import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SHA256_HEX, type ContentRef } from '@judgebox/domain';

/** Where the cache fetches a file it does not hold: chunk by chunk, e.g. from the content store. */
export type ContentSource = (ref: ContentRef) => AsyncIterable<Buffer>;

/** Tries of opening a file that another job's download evicted between fetching and opening it. */
const OPEN_TRIES = 3;

/**
 * A bounded local disk cache of content-store files, named by hash, least recently used first out.
 * A file is written to a `.part` name, checked against its hash and size, then renamed into
 * place, so a file under its hash name is always whole and right. Callers get an open handle:
 * eviction unlinks the name only, so a file in use stays readable to its holders until they close
 * it (the folder may exceed its bound by the files in use meanwhile).
 *
 * Hand-written rather than lru-cache: a Map re-inserted on use is already in LRU order, and the
 * part that matters (downloads shared by concurrent jobs, eviction safe for open files) is ours.
 */
export class ContentCache {
  /** Hash -> bytes, least recently used first. */
  private readonly entries = new Map<string, number>();
  private readonly downloads = new Map<string, Promise<void>>();
  private total = 0;

  constructor(
    readonly dir: string,
    private readonly maxBytes: number,
    private readonly source: ContentSource,
  ) {}

  /** Takes in the files a previous run left (oldest first), drops unfinished downloads. */
  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const found: { sha: string; bytes: number; at: number }[] = [];
    for (const name of await readdir(this.dir)) {
      const path = join(this.dir, name);
      if (!SHA256_HEX.test(name)) {
        if (name.endsWith('.part')) await unlink(path).catch(() => undefined);
        continue;
      }
      const s = await stat(path);
      found.push({ sha: name, bytes: s.size, at: s.mtimeMs });
    }
    for (const f of found.sort((a, b) => a.at - b.at)) this.add(f.sha, f.bytes);
    this.evict(null);
  }

  /** Bytes held now (files evicted while open are no longer counted). */
  get bytes(): number {
    return this.total;
  }

  has(sha256: string): boolean {
    return this.entries.has(sha256);
  }

  /** An open handle on the file, fetched first when the cache does not hold it. The caller closes it. */
  async open(ref: ContentRef): Promise<FileHandle> {
    if (!SHA256_HEX.test(ref.sha256)) throw new Error(`not a content hash: ${ref.sha256}`);
    for (let attempt = 1; ; attempt++) {
      await this.fetch(ref);
      try {
        const handle = await open(join(this.dir, ref.sha256), 'r');
        this.touch(ref.sha256);
        return handle;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= OPEN_TRIES) throw err;
        this.forget(ref.sha256);
      }
    }
  }

  private fetch(ref: ContentRef): Promise<void> {
    if (this.entries.has(ref.sha256)) return Promise.resolve();
    let download = this.downloads.get(ref.sha256);
    if (!download) {
      download = this.download(ref).finally(() => this.downloads.delete(ref.sha256));
      this.downloads.set(ref.sha256, download);
    }
    return download;
  }

  private async download(ref: ContentRef): Promise<void> {
    const part = join(this.dir, `${ref.sha256}.${randomUUID()}.part`);
    const hash = createHash('sha256');
    let bytes = 0;
    const source = this.source(ref);
    try {
      await pipeline(
        async function* () {
          for await (const chunk of source) {
            hash.update(chunk);
            bytes += chunk.length;
            yield chunk;
          }
        },
        createWriteStream(part, { mode: 0o600 }),
      );
      const sha = hash.digest('hex');
      if (sha !== ref.sha256 || bytes !== ref.bytes)
        throw new Error(`file ${ref.sha256} arrived as ${bytes} bytes hashing to ${sha}`);
      await rename(part, join(this.dir, ref.sha256));
    } catch (err) {
      await unlink(part).catch(() => undefined);
      throw err;
    }
    this.add(ref.sha256, bytes);
    this.evict(ref.sha256);
  }

  private add(sha: string, bytes: number): void {
    this.forget(sha);
    this.entries.set(sha, bytes);
    this.total += bytes;
  }

  private touch(sha: string): void {
    const bytes = this.entries.get(sha);
    if (bytes === undefined) return;
    this.entries.delete(sha);
    this.entries.set(sha, bytes);
  }

  private forget(sha: string): void {
    const bytes = this.entries.get(sha);
    if (bytes === undefined) return;
    this.entries.delete(sha);
    this.total -= bytes;
  }

  /** Unlinks least recently used files until the bound holds, never `keep` (just fetched for a caller). */
  private evict(keep: string | null): void {
    for (const [sha] of this.entries) {
      if (this.total <= this.maxBytes) return;
      if (sha === keep) continue;
      this.forget(sha);
      void unlink(join(this.dir, sha)).catch(() => undefined);
    }
  }
}
