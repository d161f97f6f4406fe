import { Module } from '@nestjs/common';
import { QueueModule } from '../queue/queue.module';
import { SubmissionsModule } from '../submissions/submissions.module';
import { LiveSocketServer } from './live-socket.server';
import { SocketsModule } from './sockets.module';
import { SubmissionEventsController } from './submission-events.controller';
import { SubmissionEventsService } from './submission-events.service';

/** The native live API: the WebSocket /v1/live and the Server-Sent Events of a submission. */
@Module({
  imports: [SubmissionsModule, QueueModule, SocketsModule],
  controllers: [SubmissionEventsController],
  providers: [LiveSocketServer, SubmissionEventsService],
})
export class LiveModule {}
