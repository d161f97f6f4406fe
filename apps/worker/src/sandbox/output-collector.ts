/** First allocation of a stream's buffer; it doubles from there as output comes, up to the cap. */
const INITIAL_BYTES = 16 * 1024;

/**
 * Keeps at most `cap` bytes of a stream and drops the rest; `onOverflow` fires once, on the first
 * byte past the cap. Every piece is copied into one buffer that grows geometrically up to the cap,
 * so a stream costs at most about twice its kept bytes however it was written: no buffer of the
 * pieces (which may be views of larger chunks) is held, and nothing is concatenated at the end.
 */
export class OutputCollector {
  private buf: Buffer = Buffer.alloc(0);
  private size = 0;
  truncated = false;

  constructor(
    private readonly cap: number,
    private readonly onOverflow: () => void,
    /** Each piece as it is kept, for live output; only valid during the call (copy to keep it). */
    private readonly onKept?: (chunk: Buffer) => void,
  ) {}

  add(chunk: Buffer): void {
    const room = this.cap - this.size;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (kept.length > 0) {
      this.append(kept);
      this.onKept?.(kept);
    }
    if (chunk.length > room && !this.truncated) {
      this.truncated = true;
      this.onOverflow();
    }
  }

  /** The kept bytes: a view of the collector's buffer, not a copy. */
  bytes(): Buffer {
    return this.buf.subarray(0, this.size);
  }

  /** Bytes allocated for the stream so far (at most the cap). */
  get capacity(): number {
    return this.buf.length;
  }

  private append(piece: Buffer): void {
    const need = this.size + piece.length;
    if (need > this.buf.length) {
      const grown = Buffer.allocUnsafe(
        Math.min(this.cap, Math.max(need, this.buf.length * 2, INITIAL_BYTES)),
      );
      this.buf.copy(grown, 0, 0, this.size);
      this.buf = grown;
    }
    piece.copy(this.buf, this.size);
    this.size = need;
  }
}
