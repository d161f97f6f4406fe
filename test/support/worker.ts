import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import Docker from 'dockerode';
import type { AppConfig } from '@judgebox/config';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { hostname } from 'node:os';
import { LABEL_SANDBOX, LABEL_WORKER } from '../../apps/worker/src/sandbox/container-spec';

/** A real worker (real Redis, real Docker engine) in this process, consuming the queue under `prefix`. */
export async function startWorker(
  prefix: string,
  overrides: Partial<AppConfig> = {},
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      // A drain of 5 s (the production default waits for the longest run) keeps suites that close a
      // worker under a running hostile program as fast as before; worker-drain.e2e-spec tests the drain.
      WorkerModule.forRoot({
        QUEUE_PREFIX: prefix,
        WORKER_HEALTH_PORT: 0,
        LOG_LEVEL: 'warn',
        WORKER_DRAIN_SECONDS: 5,
        ...overrides,
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.init();
  return app;
}

/**
 * Sandbox containers on the engine made by workers of this test process (a worker's default id
 * starts with host and pid), so another test run or service on the same engine does not count.
 */
export async function sandboxContainers(): Promise<Docker.ContainerInfo[]> {
  const docker = new Docker({ socketPath: process.env.DOCKER_SOCKET ?? '/var/run/docker.sock' });
  const all = await docker.listContainers({ all: true, filters: { label: [LABEL_SANDBOX] } });
  const ours = `${hostname()}-${process.pid}-`;
  return all.filter((c) => (c.Labels[LABEL_WORKER] ?? '').startsWith(ours));
}
