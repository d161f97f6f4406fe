import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { PhaseResult } from '@judgebox/domain';
import {
  decodeInput,
  encodeLive,
  entriesOf,
  INTERACTIVE,
  interactiveInputKey,
  interactiveOutputKey,
  type InteractiveInput,
  type InteractiveOutput,
  type LiveStage,
  type LiveStream,
  type ProgressEvent,
} from '@judgebox/queue';
import { LiveStdin } from './live-stdin';

/**
 * The worker's side of one interactive job: reads the API's input stream (stdin, end of input,
 * kill) on a connection of its own, since XREAD BLOCK holds it, and writes stages, output and
 * exits to the output stream. Output is coalesced for `flushMs` so a program printing a byte at a
 * time does not cost an XADD per byte. Close it exactly once, whatever happened.
 */
export class InteractiveIo {
  private readonly log = new Logger(InteractiveIo.name);
  private readonly reader: Redis;
  private readonly inKey: string;
  private readonly outKey: string;
  private readonly killer = new AbortController();
  private readonly input = new LiveStdin();
  private stdinBytes = 0;
  private closed = false;
  private reading: Promise<void>;
  private writes: Promise<unknown> = Promise.resolve();
  // Output waiting for its flush, copied into one buffer per stream (the pieces may be views of
  // larger chunks, and a flood is many small ones): at most chunkBytes each.
  private readonly pending: Record<LiveStream, Buffer | null> = { stdout: null, stderr: null };
  private readonly pendingBytes: Record<LiveStream, number> = { stdout: 0, stderr: 0 };
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    jobId: string,
    /** Stdin past this many bytes in all is dropped and stdin closes (the API refuses it first). */
    private readonly maxStdinBytes: number,
  ) {
    this.inKey = interactiveInputKey(prefix, jobId);
    this.outKey = interactiveOutputKey(prefix, jobId);
    this.reader = redis.duplicate();
    this.reader.on('error', () => undefined); // a failed read is handled where it is awaited
    this.reading = this.readInput();
  }

  /** Aborted when the client asks for a signal or has gone away. */
  get kill(): AbortSignal {
    return this.killer.signal;
  }

  /** The run's stdin: `initial` (the request's stdin), then what the client sends. */
  stdin(initial: Buffer): LiveStdin {
    this.addStdin(initial);
    return this.input;
  }

  stage(stage: LiveStage): void {
    this.flush();
    this.write({ type: 'stage', stage });
  }

  /** Takes a copy of `chunk`, which need not outlive the call. */
  output(stream: LiveStream, chunk: Buffer): void {
    for (let at = 0; at < chunk.length;) {
      const buf = (this.pending[stream] ??= Buffer.allocUnsafe(INTERACTIVE.chunkBytes));
      const n = chunk.copy(buf, this.pendingBytes[stream], at);
      this.pendingBytes[stream] += n;
      at += n;
      if (this.pendingBytes[stream] === buf.length) this.flush();
    }
    if (this.pendingBytes[stream] > 0)
      this.flushTimer ??= setTimeout(() => this.flush(), INTERACTIVE.flushMs);
  }

  /** A compile or test-case result, for the native socket (after the output it follows). */
  progress(event: ProgressEvent): void {
    this.flush();
    this.write({ type: 'progress', event });
  }

  /** The phase's facts without its output, which already went as `data`. */
  exit(stage: LiveStage, result: PhaseResult): void {
    this.flush();
    this.write({ type: 'exit', stage, result: { ...result, stdout: '', stderr: '' } });
  }

  /** Writes `done` (with the failure, if any), lets both keys expire soon and stops reading. */
  async close(error: string | null): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.input.return().catch(() => undefined);
    this.flush();
    this.write({ type: 'done', error });
    await this.writes;
    await this.redis
      .multi()
      .expire(this.outKey, INTERACTIVE.endedTtlSeconds)
      .expire(this.inKey, INTERACTIVE.endedTtlSeconds)
      .exec()
      .catch(() => undefined);
    this.reader.disconnect(); // ends a pending blocking read
    await this.reading;
  }

  private async readInput(): Promise<void> {
    let lastId = '0';
    while (!this.closed) {
      try {
        const reply = await this.reader.xread(
          'COUNT',
          100,
          'BLOCK',
          INTERACTIVE.blockMs,
          'STREAMS',
          this.inKey,
          lastId,
        );
        const { lastId: last, texts } = entriesOf(reply);
        lastId = last ?? lastId;
        for (const text of texts) this.apply(decodeInput(text));
      } catch (err) {
        if (this.closed) return;
        // Without its input the session cannot go on: the program is stopped rather than left waiting.
        this.log.warn(`interactive input lost: ${(err as Error).message}`);
        this.killer.abort();
        return;
      }
    }
  }

  private apply(message: InteractiveInput | null): void {
    switch (message?.type) {
      case 'stdin':
        return this.addStdin(message.data);
      case 'eof':
        return this.input.end();
      case 'kill':
        return this.killer.abort();
      case undefined:
        return;
    }
  }

  private addStdin(data: Buffer): void {
    const room = this.maxStdinBytes - this.stdinBytes;
    this.stdinBytes += data.length;
    this.input.push(data.subarray(0, Math.max(0, room)));
    if (data.length > room) this.input.end();
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    for (const stream of ['stdout', 'stderr'] as const) {
      const buf = this.pending[stream];
      if (!buf || this.pendingBytes[stream] === 0) continue;
      // Encoded at once (encodeLive), so the buffer is free for the next output right after.
      this.write({ type: 'data', stream, data: buf.subarray(0, this.pendingBytes[stream]) });
      this.pendingBytes[stream] = 0;
    }
  }

  /** Writes in order; a failed write is logged (the API also ends the session when the job ends). */
  private write(message: InteractiveOutput): void {
    const entry = encodeLive(message);
    this.writes = this.writes
      .then(() =>
        this.redis
          .multi()
          .xadd(this.outKey, 'MAXLEN', '~', INTERACTIVE.maxLen, '*', 'm', entry)
          .expire(this.outKey, INTERACTIVE.liveTtlSeconds)
          .exec(),
      )
      .catch((err: Error) => this.log.warn(`interactive output lost: ${err.message}`));
  }
}
