/**
 * Stdin of a live phase: chunks pushed as they arrive, read by the phase as an async iterable.
 * Unlike an async generator, `return()` ends a pending `next()` at once, so a phase that ends
 * while the program still waits for input does not keep a reader hanging.
 */
export class LiveStdin implements AsyncIterableIterator<Buffer> {
  private readonly chunks: Buffer[] = [];
  private ended = false;
  private waiting: ((result: IteratorResult<Buffer>) => void) | null = null;

  push(chunk: Buffer): void {
    if (this.ended || chunk.length === 0) return;
    if (this.waiting) this.settle({ value: chunk, done: false });
    else this.chunks.push(chunk);
  }

  /** End of input: what was pushed is still read, then stdin closes. */
  end(): void {
    this.ended = true;
    if (this.chunks.length === 0) this.settle({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<Buffer>> {
    const chunk = this.chunks.shift();
    if (chunk) return Promise.resolve({ value: chunk, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<Buffer>> {
    this.chunks.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Buffer> {
    return this;
  }

  private settle(result: IteratorResult<Buffer>): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.(result);
  }
}
