import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import Docker from 'dockerode';
import type { AppConfig } from '@judgebox/config';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { LABEL_SANDBOX } from '../../apps/worker/src/sandbox/container-spec';

/** A real worker (real Redis, real Docker engine) in this process, consuming the queue under `prefix`. */
export async function startWorker(
  prefix: string,
  overrides: Partial<AppConfig> = {},
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      WorkerModule.forRoot({ QUEUE_PREFIX: prefix, WORKER_HEALTH_PORT: 0, LOG_LEVEL: 'warn', ...overrides }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.init();
  return app;
}

/** Sandbox containers currently on the engine (ours carry the sandbox label). */
export async function sandboxContainers(): Promise<Docker.ContainerInfo[]> {
  const docker = new Docker({ socketPath: process.env.DOCKER_SOCKET ?? '/var/run/docker.sock' });
  return docker.listContainers({ all: true, filters: { label: [LABEL_SANDBOX] } });
}
