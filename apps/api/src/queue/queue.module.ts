import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AppConfig } from '@judgebox/config';
import { redisOptionsFromUrl, SUBMISSIONS_QUEUE } from '@judgebox/queue';
import { InteractiveChannels } from './interactive-channels';
import { LanguageAvailability } from './language-availability';
import { MetaRepository } from './meta.repository';
import { ProgressStreams } from './progress-streams';
import { RedisCheck } from './redis.check';
import { SubmissionEvents } from './submission-events';
import { SUBMISSION_FLOWS } from './submission-flows';
import { SubmissionQueue } from './submission-queue.repository';

/** The API's side of Redis: it only produces jobs and reads what workers publish. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // A producer fails fast while Redis is away instead of holding requests in an offline queue.
        connection: { ...redisOptionsFromUrl(config.REDIS_URL), enableOfflineQueue: false },
        prefix: config.QUEUE_PREFIX,
      }),
    }),
    BullModule.registerQueue({ name: SUBMISSIONS_QUEUE }),
    // close() disconnects it already; the extra forced disconnect (on by default for flow
    // producers) first waits for the connection to be ready, forever while Redis is away.
    BullModule.registerFlowProducer({ name: SUBMISSION_FLOWS, forceDisconnectOnShutdown: false }),
  ],
  providers: [
    MetaRepository,
    SubmissionEvents,
    InteractiveChannels,
    ProgressStreams,
    SubmissionQueue,
    RedisCheck,
    LanguageAvailability,
  ],
  exports: [
    MetaRepository,
    SubmissionEvents,
    InteractiveChannels,
    ProgressStreams,
    SubmissionQueue,
    LanguageAvailability,
  ],
})
export class QueueModule {}
