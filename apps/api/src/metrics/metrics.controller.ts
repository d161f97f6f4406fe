import { Controller, Get, Header, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Access } from '../tenants/route-access.decorator';
import { ApiMetrics } from './api-metrics';

/**
 * Prometheus scrape endpoint. Public like health (no API key): it holds counts only, no ids or
 * secrets; keep the port off the internet or filter `/metrics` at the proxy (docs/operations.md).
 */
@ApiExcludeController()
@Access('public')
@Controller({ path: 'metrics', version: VERSION_NEUTRAL })
export class MetricsController {
  constructor(private readonly metrics: ApiMetrics) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
