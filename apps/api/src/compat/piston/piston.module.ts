import { Module } from '@nestjs/common';
import { CatalogModule } from '../../catalog/catalog.module';
import { SocketsModule } from '../../live/sockets.module';
import { QueueModule } from '../../queue/queue.module';
import { SubmissionsModule } from '../../submissions/submissions.module';
import { PistonController } from './piston.controller';
import { PistonSocketServer } from './piston-socket.server';
import { PistonService } from './piston.service';

/** Piston API v2 compatibility: a thin layer over the native submissions service. */
@Module({
  imports: [SubmissionsModule, CatalogModule, QueueModule, SocketsModule],
  controllers: [PistonController],
  providers: [PistonService, PistonSocketServer],
})
export class PistonModule {}
