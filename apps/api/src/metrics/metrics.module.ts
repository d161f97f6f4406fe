import { Global, Module } from '@nestjs/common';
import { QueueModule } from '../queue/queue.module';
import { ApiMetrics } from './api-metrics';
import { MetricsController } from './metrics.controller';

/** `/metrics` and the ApiMetrics every module records into. */
@Global()
@Module({
  imports: [QueueModule],
  controllers: [MetricsController],
  providers: [ApiMetrics],
  exports: [ApiMetrics],
})
export class MetricsModule {}
