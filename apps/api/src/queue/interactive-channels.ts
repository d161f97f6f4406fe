import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '@judgebox/config';
import {
  decodeOutput,
  encodeLive,
  entriesOf,
  INTERACTIVE,
  interactiveInputKey,
  interactiveOutputKey,
  redisOptionsFromUrl,
  type InteractiveInput,
  type InteractiveOutput,
} from '@judgebox/queue';

/**
 * The API's side of interactive jobs' Redis streams: one writer connection shared by every
 * session, and per session a reader of its own (XREAD BLOCK holds its connection).
 */
@Injectable()
export class InteractiveChannels implements OnApplicationShutdown {
  private readonly redis: Redis;

  constructor(private readonly config: AppConfig) {
    // A session fails soon while Redis is away rather than holding its client without a word.
    this.redis = new Redis({ ...redisOptionsFromUrl(config.REDIS_URL), maxRetriesPerRequest: 1 });
    this.redis.on('error', () => undefined); // each failed command is reported to its session
  }

  open(jobId: string): InteractiveChannel {
    return new InteractiveChannel(this.redis, this.config.QUEUE_PREFIX, jobId);
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

/** One job's streams, seen from the API. Close it once the session ends. */
export class InteractiveChannel {
  private readonly inKey: string;
  private readonly outKey: string;
  private reader: Redis | null = null;
  private closed = false;
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly redis: Redis,
    prefix: string,
    jobId: string,
  ) {
    this.inKey = interactiveInputKey(prefix, jobId);
    this.outKey = interactiveOutputKey(prefix, jobId);
  }

  /** Queued in order; the promise rejects when Redis refused this message. */
  send(message: InteractiveInput): Promise<void> {
    const entry = encodeLive(message);
    const sent = this.sending.then(async () => {
      await this.redis
        .multi()
        .xadd(this.inKey, 'MAXLEN', '~', INTERACTIVE.maxLen, '*', 'm', entry)
        .expire(this.inKey, this.closed ? INTERACTIVE.endedTtlSeconds : INTERACTIVE.liveTtlSeconds)
        .exec();
    });
    this.sending = sent.catch(() => undefined);
    return sent;
  }

  /**
   * The worker's messages in order; `null` after each `blockMs` without any, so the caller can
   * check on the job. Ends when the channel is closed.
   */
  async *events(): AsyncGenerator<InteractiveOutput | null> {
    this.reader ??= this.redis.duplicate();
    this.reader.on('error', () => undefined);
    let lastId = '0';
    while (!this.closed) {
      let reply: Awaited<ReturnType<Redis['xread']>>;
      try {
        reply = await this.reader.xread(
          'COUNT',
          100,
          'BLOCK',
          INTERACTIVE.blockMs,
          'STREAMS',
          this.outKey,
          lastId,
        );
      } catch (err) {
        if (this.closed) return;
        throw err;
      }
      const { lastId: last, texts } = entriesOf(reply);
      lastId = last ?? lastId;
      if (texts.length === 0) yield null;
      for (const text of texts) {
        const message = decodeOutput(text);
        if (message) yield message;
      }
    }
  }

  /** Stops reading and lets both keys expire soon (a worker still writing refreshes its own). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.reader?.disconnect();
    await this.sending;
    await this.redis
      .multi()
      .expire(this.inKey, INTERACTIVE.endedTtlSeconds)
      .expire(this.outKey, INTERACTIVE.endedTtlSeconds)
      .exec()
      .catch(() => undefined);
  }
}
