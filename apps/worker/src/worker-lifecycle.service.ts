import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig } from '@judgebox/config';
import {
  checkRedisDurability,
  publishHeartbeat,
  withdrawHeartbeat,
  type WorkerHeartbeat,
} from '@judgebox/queue';
import { DrainState } from './drain-state';
import { EngineWatch } from './engine/engine-watch.service';
import { imageFolder } from './sandbox/image-ref';
import { ImageWatch } from './sandbox/image-watch.service';
import { LanguageVersions } from './sandbox/language-versions.service';
import { PROBE_IMAGE, Preflight } from './sandbox/preflight.service';
import { Reaper } from './sandbox/reaper.service';
import { SandboxFactory } from './sandbox/sandbox-factory';
import { SandboxPool } from './sandbox/sandbox-pool';
import { SlotKeeper } from './sandbox/namespace/slot-keeper';
import { META_REDIS } from './redis.provider';
import { SubmissionProcessor } from './submissions/submission.processor';

const HEARTBEAT_MS = 5_000;
const REAP_MS = 60_000;

/**
 * Start order: check Redis keeps BullMQ's keys, look at the images (those still missing are looked
 * for again every SANDBOX_IMAGE_RECHECK_SECONDS) and publish their versions, prove the sandbox
 * (fail closed), clean up after crashed workers, and only then take jobs. Heartbeats
 * tell the API the engine is healthy. When the engine goes away the worker stops taking jobs, and
 * when it is back proves it again and renews the warm pool (its containers died with it).
 * Stopping (SIGTERM): readiness turns false, no new job is taken, the running ones finish (up to
 * WORKER_DRAIN_SECONDS) while the health endpoint and heartbeat still answer; then every sandbox
 * is removed.
 */
@Injectable()
export class WorkerLifecycle
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly log = new Logger(WorkerLifecycle.name);
  private timers: NodeJS.Timeout[] = [];
  private engine = '';

  constructor(
    private readonly config: AppConfig,
    private readonly preflight: Preflight,
    private readonly versions: LanguageVersions,
    private readonly images: ImageWatch,
    private readonly reaper: Reaper,
    private readonly pool: SandboxPool,
    private readonly factory: SandboxFactory,
    private readonly slots: SlotKeeper,
    private readonly processor: SubmissionProcessor,
    @Inject(META_REDIS) private readonly redis: Redis,
    private readonly watch: EngineWatch,
    private readonly drainState: DrainState,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await checkRedisDurability(this.redis, this.config.REDIS_ALLOW_EVICTION, this.log);
    // The probe runs in its image; the others may still be building (they are picked up later).
    await this.images.start(PROBE_IMAGE);
    this.engine = await this.preflight.check();
    await this.reaper.reapAbandoned();
    await this.heartbeat();
    this.timers.push(setInterval(() => void this.heartbeat(), HEARTBEAT_MS));
    this.timers.push(
      setInterval(
        () => void Promise.all([this.reaper.reapAbandoned(), this.pool.recycle()]).catch(() => undefined),
        REAP_MS,
      ),
    );
    this.pool.start((image) => this.versions.has(imageFolder(image)));
    const worker = this.processor.worker;
    worker.concurrency = this.config.WORKER_CONCURRENCY;
    void worker.run();
    this.watch.start({
      lost: () => void worker.pause(true),
      back: async () => {
        this.engine = await this.preflight.check();
        await this.pool.renew();
      },
      ready: () => void worker.resume(),
    });
    this.log.log(
      `worker ${this.config.WORKER_ID} ready on ${this.engine}; ${this.config.SANDBOX_ISOLATION} isolation; concurrency ${this.config.WORKER_CONCURRENCY}`,
    );
  }

  /** Before the health endpoint closes: it says not ready while the running jobs finish. */
  async beforeApplicationShutdown(): Promise<void> {
    this.drainState.draining = true;
    this.watch.stop();
    await this.heartbeat();
    this.log.log(
      `worker ${this.config.WORKER_ID} draining: ${this.processor.active} running, none taken (up to ${this.config.WORKER_DRAIN_SECONDS} s)`,
    );
    await this.processor.drain(this.config.WORKER_DRAIN_SECONDS * 1000);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.images.stop();
    await this.slots.drain();
    await this.pool.close();
    await this.factory.drain();
    await withdrawHeartbeat(this.redis, this.config.QUEUE_PREFIX, this.config.WORKER_ID).catch(
      () => undefined,
    );
    await this.reaper.reapOwn().catch(() => undefined);
    this.log.log(`worker ${this.config.WORKER_ID} stopped: its sandboxes are removed`);
    this.redis.disconnect();
  }

  private async heartbeat(): Promise<void> {
    const dockerOk = this.watch.up && (await this.watch.ping());
    const beat: WorkerHeartbeat = {
      workerId: this.config.WORKER_ID,
      engine: this.engine,
      dockerOk,
      concurrency: this.config.WORKER_CONCURRENCY,
      active: this.processor.active,
      pool: this.pool.counts(),
      images: this.images.present(),
      draining: this.drainState.draining,
      at: new Date().toISOString(),
    };
    await publishHeartbeat(this.redis, this.config.QUEUE_PREFIX, beat).catch(() => undefined);
  }
}
