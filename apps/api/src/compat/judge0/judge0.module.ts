import { Module } from '@nestjs/common';
import { CallbacksModule } from '../../callbacks/callbacks.module';
import { QueueModule } from '../../queue/queue.module';
import { SubmissionsModule } from '../../submissions/submissions.module';
import { Judge0CallbacksProcessor } from './judge0-callbacks.processor';
import { Judge0InfoController } from './judge0-info.controller';
import { Judge0InfoService } from './judge0-info.service';
import { Judge0MetaRepository } from './judge0-meta.repository';
import { Judge0SubmissionsController } from './judge0-submissions.controller';
import { Judge0SubmissionsService } from './judge0-submissions.service';

/**
 * Judge0 CE (v1.13.1) compatible API, a thin layer over the native SubmissionsService. Mounted under
 * JUDGE0_PREFIX. Also consumes the queue of callback deliveries, in every API process.
 */
@Module({
  imports: [QueueModule, SubmissionsModule, CallbacksModule],
  controllers: [Judge0SubmissionsController, Judge0InfoController],
  providers: [Judge0SubmissionsService, Judge0InfoService, Judge0CallbacksProcessor, Judge0MetaRepository],
})
export class Judge0Module {}
