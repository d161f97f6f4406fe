/**
 * Redis layout of the content store under a queue prefix. A file is stored once per content,
 * named by its SHA-256: `blob:<sha>` (hash: bytes, chunks, refs) and `chunk:<sha>:<i>` (strings of
 * CONTENT_CHUNK_BYTES, the last one shorter). `refs` counts the problem versions naming the file;
 * the version that drops it to 0 deletes it. `bytes` sums the stored files, for the quota.
 * Renaming any of these strands stored files.
 */
export function contentKeys(prefix: string) {
  const base = `${prefix}:content`;
  return {
    base,
    blob: (sha: string) => `${base}:blob:${sha}`,
    chunk: (sha: string, index: number) => `${base}:chunk:${sha}:${index}`,
    /** An upload being received, before it is committed under its hash (expires if never committed). */
    staged: (uploadId: string, index: number) => `${base}:staged:${uploadId}:${index}`,
    usedBytes: `${base}:bytes`,
  };
}

/**
 * Size of one stored value. Redis handles values of a MiB well (a 64 MiB file is 64 round trips
 * that never block the server long), and a reader needs only one chunk in memory at a time.
 */
export const CONTENT_CHUNK_BYTES = 1_048_576;

/** How long an upload's staged chunks live when the API dies before committing them. */
export const STAGED_TTL_SECONDS = 3_600;
