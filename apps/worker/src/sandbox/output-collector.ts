/**
 * Keeps at most `cap` bytes of a stream and drops the rest, so a worker's memory stays bounded
 * whatever the program prints; `onOverflow` fires once, on the first byte past the cap.
 */
export class OutputCollector {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;

  constructor(
    private readonly cap: number,
    private readonly onOverflow: () => void,
    /** Each piece as it is kept, for live output. */
    private readonly onKept?: (chunk: Buffer) => void,
  ) {}

  add(chunk: Buffer): void {
    const room = this.cap - this.size;
    if (chunk.length > room) {
      if (room > 0) this.keep(chunk.subarray(0, room));
      this.size = this.cap;
      if (!this.truncated) {
        this.truncated = true;
        this.onOverflow();
      }
    } else {
      this.keep(chunk);
      this.size += chunk.length;
    }
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }

  private keep(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.onKept?.(chunk);
  }
}
