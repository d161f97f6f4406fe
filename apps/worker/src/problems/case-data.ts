import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { ContentRef, JudgeSpec } from '@judgebox/domain';

/**
 * The stdin and expected output of each test case of a judged submission, wherever they live:
 * inline in the request, or files of a stored problem held open in the worker's disk cache.
 */
export interface CaseData {
  /** A file-backed stdin is a stream read from disk as the sandbox takes it, never held whole. */
  stdin(index: number): Buffer | AsyncIterable<Buffer>;
  /** The whole stdin, for judges that need it as a file (a checker's input); read from disk when stored. */
  input(index: number): Buffer;
  /** Null when the case has no expected output (it passes when the program runs cleanly). */
  expected(index: number): Buffer | null;
  /** Closes the files held open for the cases. */
  close(): Promise<void>;
}

/** Content given inline in the request (a submission's own test cases). */
export function inlineCaseData(judge: JudgeSpec | null | undefined): CaseData {
  return storedCaseData(judge, new Map());
}

/** Inline content, or the files of `handles` (by hash) for cases naming content-store files. */
export function storedCaseData(
  judge: JudgeSpec | null | undefined,
  handles: Map<string, FileHandle>,
): CaseData {
  const cases = judge?.testCases ?? [];
  const handleOf = (ref: ContentRef): FileHandle => {
    const handle = handles.get(ref.sha256);
    if (!handle) throw new Error(`file ${ref.sha256} was not prepared`);
    return handle;
  };
  return {
    stdin(index) {
      const tc = cases[index];
      return tc.stdinRef ? fileStream(handleOf(tc.stdinRef)) : Buffer.from(tc.stdin, tc.encoding);
    },
    input(index) {
      const tc = cases[index];
      return tc.stdinRef
        ? readWhole(handleOf(tc.stdinRef), tc.stdinRef.bytes)
        : Buffer.from(tc.stdin, tc.encoding);
    },
    expected(index) {
      const tc = cases[index];
      if (tc.expectedOutputRef) return readWhole(handleOf(tc.expectedOutputRef), tc.expectedOutputRef.bytes);
      return tc.expectedOutput === null ? null : Buffer.from(tc.expectedOutput, tc.encoding);
    },
    async close() {
      await Promise.all([...handles.values()].map((h) => h.close().catch(() => undefined)));
    },
  };
}

/** Opened only when iterated, from the start, leaving the handle open for other cases using it. */
function fileStream(handle: FileHandle): AsyncIterable<Buffer> {
  return {
    [Symbol.asyncIterator]: () =>
      handle.createReadStream({ start: 0, autoClose: false, emitClose: false })[Symbol.asyncIterator](),
  };
}

/**
 * One case's expected output, read when its run ended (the comparison wants it whole). Synchronous
 * because the verdict is decided in a synchronous callback; it is read from local disk, usually
 * from the page cache.
 */
function readWhole(handle: FileHandle, bytes: number): Buffer {
  const buf = Buffer.allocUnsafe(bytes);
  for (let at = 0; at < bytes;) {
    const n = readSync(handle.fd, buf, at, bytes - at, at);
    if (n === 0) throw new Error('a cached file is shorter than its size');
    at += n;
  }
  return buf;
}
