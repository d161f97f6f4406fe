import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '@judgebox/config';
import {
  decodeProgress,
  entriesOf,
  PROGRESS,
  progressKey,
  progressListenKey,
  redisOptionsFromUrl,
  type ProgressEntry,
} from '@judgebox/queue';

/**
 * Reads submissions' progress streams (written by workers). One connection for every reader of
 * this process: a read does not block, the readers poll, so an open event stream costs no
 * connection of its own.
 */
@Injectable()
export class ProgressStreams implements OnApplicationShutdown {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(config: AppConfig) {
    this.redis = new Redis({ ...redisOptionsFromUrl(config.REDIS_URL), maxRetriesPerRequest: 1 });
    this.redis.on('error', () => undefined); // each failed read is reported to its reader
    this.prefix = config.QUEUE_PREFIX;
  }

  /** Entries after `afterId` ('0' for all), and the id to read on from. */
  async read(jobId: string, afterId: string): Promise<{ entries: ProgressEntry[]; lastId: string }> {
    const reply = await this.redis.xread('COUNT', 100, 'STREAMS', progressKey(this.prefix, jobId), afterId);
    const { lastId, texts } = entriesOf(reply);
    const entries = texts.map(decodeProgress).filter((e): e is ProgressEntry => e !== null);
    return { entries, lastId: lastId ?? afterId };
  }

  /**
   * Marks `jobId` as followed, so that workers write its progress (they skip unfollowed ones);
   * renewed by the reader while it streams. A failure only costs the live events.
   */
  async listen(jobId: string): Promise<void> {
    await this.redis
      .set(progressListenKey(this.prefix, jobId), '1', 'EX', PROGRESS.listenTtlSeconds)
      .catch(() => undefined);
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
