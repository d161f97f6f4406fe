import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { SUBMISSIONS_QUEUE } from '@judgebox/queue';

/** Without a listener BullMQ prints connection errors to stderr; this sends them to the log instead. */
@Injectable()
export class QueueErrorsLogger implements OnModuleInit {
  private readonly logger = new Logger('SubmissionsQueue');

  constructor(@InjectQueue(SUBMISSIONS_QUEUE) private readonly queue: Queue) {}

  onModuleInit(): void {
    this.queue.on('error', (err: Error) => this.logger.warn(`redis: ${err.message}`));
  }
}
