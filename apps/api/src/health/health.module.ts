import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { QueueModule } from '../queue/queue.module';
import { HealthController } from './health.controller';
import { HealthIndicators } from './health-indicators';

@Module({
  // Failed checks are already in the 503 body; logging each probe would flood the log.
  imports: [TerminusModule.forRoot({ logger: false }), QueueModule],
  controllers: [HealthController],
  providers: [HealthIndicators],
})
export class HealthModule {}
