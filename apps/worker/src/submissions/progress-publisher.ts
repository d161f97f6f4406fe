import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { PROGRESS, progressKey, type ProgressEntry, type ProgressEvent } from '@judgebox/queue';
import type { InteractiveIo } from './interactive-io';

const CLOSE_WAIT_MS = 1_000;

/**
 * Publishes one job's progress (compile result, each finished test case) to its Redis stream,
 * read by any API process for `GET /v1/submissions/:id/events`; a live job's socket also gets
 * them through its own output stream. Writes go in order and never fail the job: progress is a
 * courtesy, the stored result is the truth.
 */
export class ProgressPublisher {
  private readonly log = new Logger(ProgressPublisher.name);
  private readonly key: string;
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly redis: Redis,
    prefix: string,
    jobId: string,
    private readonly live?: InteractiveIo,
  ) {
    this.key = progressKey(prefix, jobId);
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
    const text = JSON.stringify(entry);
    this.writes = this.writes
      .then(() =>
        this.redis
          .multi()
          .xadd(this.key, 'MAXLEN', '~', PROGRESS.maxLen, '*', 'm', text)
          .expire(this.key, ttlSeconds)
          .exec(),
      )
      .catch((err: Error) => this.log.warn(`progress lost: ${err.message}`));
  }
}
