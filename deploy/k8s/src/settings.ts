import { AppConfig } from '@judgebox/config';
import { LIMIT_RANGES, workerRssBoundBytes } from '@judgebox/domain';
import { SUBMISSIONS_QUEUE } from '@judgebox/queue';

/** Where Redis is: the StatefulSet of redis.yaml, or an external one (its URL and address range). */
export type RedisPlacement = { kind: 'in-cluster' } | { kind: 'external'; url: string; cidr: string };

export interface ManifestOptions {
  namespace: string;
  /** Image of the API and the worker (scripts/build-deploy-images.sh builds judgebox/app). */
  appImage: string;
  redisImage: string;
  redis: RedisPlacement;
  apiReplicas: number;
  workerConcurrency: number;
  /** KEDA's bounds on worker replicas. */
  minWorkers: number;
  maxWorkers: number;
  /** Jobs waiting per worker replica that KEDA aims at. */
  waitingPerWorker: number;
}

export const DEFAULT_OPTIONS: ManifestOptions = {
  namespace: 'judgebox',
  appImage: 'judgebox/app:latest',
  redisImage: 'judgebox/redis:latest',
  redis: { kind: 'in-cluster' },
  apiReplicas: 2,
  workerConcurrency: 2,
  minWorkers: 1,
  maxWorkers: 8,
  waitingPerWorker: 4,
};

/** Nodes a worker may run on: they have a Docker engine with userns-remap and the sandbox images. */
export const WORKER_NODE_LABEL = 'judgebox.io/docker-userns-remap';

/** The app's own defaults, so the manifests follow the code (ports, drain time). */
export const APP_DEFAULTS = new AppConfig();
export const REDIS_PORT = 6379;
export const QUEUE_PREFIX = APP_DEFAULTS.QUEUE_PREFIX;
/** BullMQ's list of waiting jobs, which KEDA reads (prioritized jobs are in a sorted set it cannot). */
export const WAIT_LIST = `${QUEUE_PREFIX}:${SUBMISSIONS_QUEUE}:wait`;

export const labels = (component: string): Record<string, string> => ({
  'app.kubernetes.io/name': 'judgebox',
  'app.kubernetes.io/component': component,
});

export function redisUrl(o: ManifestOptions): string {
  return o.redis.kind === 'external' ? o.redis.url : `redis://redis.${o.namespace}.svc:${REDIS_PORT}`;
}

/** host:port of Redis, for KEDA's scaler. */
export function redisAddress(o: ManifestOptions): string {
  const url = new URL(redisUrl(o));
  return `${url.hostname}:${url.port || REDIS_PORT}`;
}

const MiB = 2 ** 20;

/**
 * The worker process's memory: the bound of libs/domain/src/worker-memory.ts at the largest
 * output limit, plus headroom for judged submissions (they hold every case's output). Sandboxes
 * are containers of the node's engine, outside this pod: the node must have room for them too.
 */
export function workerMemoryLimitMi(concurrency: number): number {
  const bound = workerRssBoundBytes(concurrency, LIMIT_RANGES.outputBytes.max);
  return Math.ceil(bound / (64 * MiB)) * 64 + 256;
}

/** Time for SIGTERM's drain (WORKER_DRAIN_SECONDS) plus removing the sandboxes. */
export const WORKER_GRACE_SECONDS = APP_DEFAULTS.WORKER_DRAIN_SECONDS + 30;
