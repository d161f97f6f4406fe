import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import {
  PROGRESS,
  progressKey,
  progressListenKey,
  type ProgressEntry,
  type ProgressEvent,
} from '@judgebox/queue';
import type { InteractiveIo } from './interactive-io';

const CLOSE_WAIT_MS = 1_000;

/**
 * Publishes one job's progress (compile result, each finished test case) to its Redis stream,
 * read by any API process for `GET /v1/submissions/:id/events`; a live job's socket also gets
 * them through its own output stream. Writes go in order and never fail the job: progress is a
 * courtesy, the stored result is the truth.
 *
 * Only a followed submission's progress is written (an API process marks the ones it streams):
 * most submissions are read once, at the end, and a stream write per event would be most of the
 * worker's Redis traffic. Events published before a reader came are held and written when it is
 * seen; a reader that comes after the last look gets the rest from the stored result.
 */
export class ProgressPublisher {
  private readonly log = new Logger(ProgressPublisher.name);
  private readonly key: string;
  private readonly listenKey: string;
  private writes: Promise<unknown> = Promise.resolve();
  /** Entries not yet written (JSON), while no reader has been seen. */
  private held: string[] = [];
  private followed = false;
  private lookedAt = -Infinity;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    jobId: string,
    private readonly live?: InteractiveIo,
  ) {
    this.key = progressKey(prefix, jobId);
    this.listenKey = progressListenKey(prefix, jobId);
  }

  publish(event: ProgressEvent): void {
    this.live?.progress(event);
    this.write(event, PROGRESS.liveTtlSeconds);
  }

  /**
   * Ends this attempt's events. Waits for the writes a moment only: while Redis is away they
   * wait in the connection's queue, and the job's result must not wait for its progress.
   */
  async close(): Promise<void> {
    this.write({ type: 'done' }, PROGRESS.endedTtlSeconds);
    await Promise.race([this.writes, sleep(CLOSE_WAIT_MS, undefined, { ref: false })]);
  }

  private write(entry: ProgressEntry, ttlSeconds: number): void {
    this.held.push(JSON.stringify(entry));
    if (this.held.length > PROGRESS.maxLen) this.held.shift();
    this.writes = this.writes
      .then(() => this.flush(ttlSeconds))
      .catch((err: Error) => this.log.warn(`progress lost: ${err.message}`));
  }

  private async flush(ttlSeconds: number): Promise<void> {
    if (!this.followed && Date.now() - this.lookedAt >= PROGRESS.listenRecheckMs) {
      this.lookedAt = Date.now();
      this.followed = (await this.redis.exists(this.listenKey)) > 0;
    }
    if (!this.followed || this.held.length === 0) return;
    const texts = this.held;
    this.held = [];
    const tx = this.redis.multi();
    for (const text of texts) tx.xadd(this.key, 'MAXLEN', '~', PROGRESS.maxLen, '*', 'm', text);
    await tx.expire(this.key, ttlSeconds).exec();
  }
}
