import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { QueueEvents } from 'bullmq';
import { AppConfig } from '@judgebox/config';
import { redisOptionsFromUrl, SUBMISSIONS_QUEUE } from '@judgebox/queue';

/**
 * The one QueueEvents of this process (a blocking Redis connection), shared by every
 * `wait=true` request; opened on first use.
 */
@Injectable()
export class SubmissionEvents implements OnApplicationShutdown {
  private events: QueueEvents | null = null;
  private readonly logger = new Logger('SubmissionEvents');

  constructor(private readonly config: AppConfig) {}

  get(): QueueEvents {
    if (!this.events) {
      this.events = new QueueEvents(SUBMISSIONS_QUEUE, {
        connection: redisOptionsFromUrl(this.config.REDIS_URL),
        prefix: this.config.QUEUE_PREFIX,
      });
      this.events.on('error', (err: Error) => this.logger.warn(`redis: ${err.message}`));
    }
    return this.events;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.events?.close();
    this.events = null;
  }
}
