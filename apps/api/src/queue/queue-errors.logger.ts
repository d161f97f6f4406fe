import { InjectFlowProducer, InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { FlowProducer, Queue } from 'bullmq';
import { SUBMISSIONS_QUEUE } from '@judgebox/queue';
import { SUBMISSION_FLOWS } from './submission-flows';

/** Without a listener BullMQ prints connection errors to stderr; this sends them to the log instead. */
@Injectable()
export class QueueErrorsLogger implements OnModuleInit {
  private readonly logger = new Logger('SubmissionsQueue');

  constructor(
    @InjectQueue(SUBMISSIONS_QUEUE) private readonly queue: Queue,
    @InjectFlowProducer(SUBMISSION_FLOWS) private readonly flows: FlowProducer,
  ) {}

  onModuleInit(): void {
    const warn = (err: Error): void => this.logger.warn(`redis: ${err.message}`);
    this.queue.on('error', warn);
    this.flows.on('error', warn);
  }
}
