import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthIndicatorResult } from '@nestjs/terminus';
import type Docker from 'dockerode';
import type Redis from 'ioredis';
import { DrainState } from './drain-state';
import { EngineWatch } from './engine/engine-watch.service';
import { DOCKER } from './sandbox/docker.provider';
import { META_REDIS } from './redis.provider';
import { SandboxPool } from './sandbox/sandbox-pool';

/** Worker health, served on loopback only: liveness, and readiness (not draining, Redis, the engine). */
@Controller('health')
export class WorkerHealthController {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(DOCKER) private readonly docker: Docker,
    @Inject(META_REDIS) private readonly redis: Redis,
    private readonly pool: SandboxPool,
    private readonly engine: EngineWatch,
    private readonly drain: DrainState,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      // First to turn down on SIGTERM: an orchestrator stops counting on this worker while it drains.
      () =>
        this.drain.draining
          ? { worker: { status: 'down', message: 'draining: finishing running jobs, taking none' } }
          : { worker: { status: 'up' } },
      () => probe('redis', () => this.redis.ping()),
      // Down from the engine's loss until it is proven again and the pool renewed.
      () =>
        probe('docker', () =>
          this.engine.up ? this.docker.ping() : Promise.reject(new Error('engine away, recovering')),
        ),
      () => ({ pool: { status: 'up', idle: this.pool.counts() } }),
    ]);
  }
}

async function probe(key: string, fn: () => Promise<unknown>): Promise<HealthIndicatorResult> {
  try {
    await fn();
    return { [key]: { status: 'up' } };
  } catch (err) {
    return { [key]: { status: 'down', message: (err as Error).message } };
  }
}
