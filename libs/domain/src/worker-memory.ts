/**
 * The stated bound on a worker's memory (docs/limits.md, "Worker memory"), measured with
 * test/e2e/worker-memory.e2e-spec.ts: a worker's RSS stays under
 * `baselineBytes + bytesPerOutputByte × outputBytes × 2 streams × concurrency`, whatever the
 * programs write and however (a flood of 1-byte writes included). Judged submissions keep every
 * test case's output until the result is sent, so for them the output term is multiplied by their
 * number of cases.
 */
export const WORKER_MEMORY = {
  /**
   * RSS of an idle worker after its first submission: about 190-200 MiB when run from sources
   * under ts-node as the test does, 110 MiB from dist/ at rest (bench); the larger is stated.
   */
  baselineBytes: 200 * 2 ** 20,
  /**
   * Bytes of RSS per byte of output a slot may hold: the collector's buffer (up to twice the kept
   * bytes while it grows), the result's text, its JSON for Redis and the socket write, plus the
   * garbage V8 collects later. Measured 6.3 at the cap (4 KiB writes, 32 MiB in all) and 6.8 for
   * 1-byte writes (19 MiB in all), two slots at once.
   */
  bytesPerOutputByte: 8,
} as const;

/** The bound on one worker's RSS, in bytes, at `concurrency` slots each allowed `outputBytes` per stream. */
export function workerRssBoundBytes(
  concurrency: number,
  outputBytes: number,
  baselineBytes: number = WORKER_MEMORY.baselineBytes,
): number {
  return baselineBytes + WORKER_MEMORY.bytesPerOutputByte * outputBytes * 2 * concurrency;
}
