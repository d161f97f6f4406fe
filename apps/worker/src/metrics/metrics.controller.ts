import { Controller, Get, Header } from '@nestjs/common';
import { WorkerMetrics } from './worker-metrics';

/** Prometheus scrape endpoint on the worker's health port (loopback by default). */
@Controller('metrics')
export class WorkerMetricsController {
  constructor(private readonly metrics: WorkerMetrics) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
