import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@judgebox/config';
import { compileLimits, imageName, LANGUAGES, resolveLimits, type Limits } from '@judgebox/domain';
import { LABEL_POOL } from './container-spec';
import { WorkerMetrics } from '../metrics/worker-metrics';
import { SandboxFactory, type ReadySandbox } from './sandbox-factory';

/** Pooled containers idle longer than this are replaced, so none outlives the reaper's horizon. */
const MAX_IDLE_MS = 10 * 60_000;
const RETRY_MS = 5_000;
/**
 * Pooled containers being created at once, all images together: a worker starting with a pool for
 * every image would otherwise ask the engine for dozens at once (under gVisor each is a kernel of
 * its own), and the first submissions would queue behind all of them. A submission that finds no
 * warm container creates its own at once, outside this bound.
 */
export const POOL_CREATIONS_AT_ONCE = 2;
/**
 * How long a submission waits for a slot being cleaned (a few milliseconds as a rule) before it
 * creates a container of its own: a cleaning that hangs must not hold submissions with it.
 */
export const RETURN_WAIT_MS = 2_000;

/**
 * Warm pool: per image, a few containers created and started ahead of time with every confinement
 * applied. Container isolation takes one per submission (used once, then removed) and a replacement
 * is prepared off the request path. Namespace isolation takes a slot and gives it back once it is
 * clean (`giveBack`), so the pool also holds slots that have served; a submission finding none idle
 * waits for one being cleaned (`expectBack`). Otherwise an empty pool means the cold path.
 */
@Injectable()
export class SandboxPool {
  private readonly log = new Logger(SandboxPool.name);
  private readonly idle = new Map<string, ReadySandbox[]>();
  private readonly pending = new Set<string>();
  /** Images whose next creation waits for one of the POOL_CREATIONS_AT_ONCE turns, in order. */
  private readonly queued: string[] = [];
  /** Creations in flight (at most POOL_CREATIONS_AT_ONCE), awaited by `close` so none outlives the worker. */
  private readonly creating = new Set<Promise<unknown>>();
  private closed = false;
  /** Whether an image (full name) is on the engine; set by start(). */
  private present: (image: string) => boolean = () => true;
  private readonly sizes: Map<string, number>;
  /** Idle containers kept per image at most when they come back: at least one per job slot. */
  private readonly keepMax: number;
  /** Per image: slots on their way back (being cleaned), and submissions waiting for one of them. */
  private readonly returning = new Map<string, number>();
  private readonly waiters = new Map<string, ((slot: ReadySandbox | null) => void)[]>();

  constructor(
    private readonly factory: SandboxFactory,
    config: AppConfig,
    private readonly metrics: WorkerMetrics,
  ) {
    this.sizes = new Map(config.SANDBOX_POOL.map((pair) => [pair.image, pair.size]));
    this.keepMax = config.WORKER_CONCURRENCY;
    metrics.observePool(() => this.counts());
  }

  /**
   * A sandbox for a submission: a warm one; else a slot on its way back, waited for (cleaning takes
   * milliseconds, a new container hundreds: under a steady queue the next job is taken before the
   * last one's slot is back); else one created now with `limits` (the cold path). Counted as a pool
   * hit or miss, and timed as the submission's `sandbox_acquire` stage.
   */
  async acquire(image: string, limits: Limits): Promise<ReadySandbox> {
    const started = performance.now();
    const back = this.take(image) ?? this.awaitReturn(image);
    const warm = back instanceof Promise ? await back : back;
    const sandbox = warm ?? (await this.factory.create(image, limits));
    this.metrics.sandboxAcquired(image, warm !== null, (performance.now() - started) / 1000);
    return sandbox;
  }

  /** Target size for an image (full name), from SANDBOX_POOL (`python=2,gcc=1,*=1`, by image folder). */
  sizeOf(image: string): number {
    const lang = LANGUAGES.find((l) => imageName(l) === image);
    return this.sizes.get(lang?.image ?? image) ?? this.sizes.get('*') ?? 0;
  }

  /**
   * Fills the pool of every image `present` says is on the engine (it is asked again at each
   * refill: images built later are warmed once `replenish` is called for them); returns at once,
   * containers arrive in the background.
   */
  start(present?: (image: string) => boolean): void {
    if (present) this.present = present;
    for (const image of new Set(LANGUAGES.map((l) => imageName(l)))) this.refill(image);
  }

  /**
   * A ready sandbox for this image (full name), or null when the pool is empty (take the cold path).
   * The caller calls `replenish` once the sandbox's work is done.
   */
  take(image: string): ReadySandbox | null {
    return this.idle.get(image)?.shift() ?? null;
  }

  /** Tops the image's pool up again, in the background. */
  replenish(image: string): void {
    this.refill(image);
  }

  /**
   * A slot of this image that has served is being cleaned (namespace isolation); `giveBack` or
   * `lost` follows, once, and a submission finding the pool empty meanwhile waits for it.
   */
  expectBack(image: string): void {
    this.returning.set(image, (this.returning.get(image) ?? 0) + 1);
  }

  /** A slot announced by `expectBack` was destroyed instead: whoever has no slot left to wait for goes cold. */
  lost(image: string): void {
    this.returned(image);
    const waiting = this.waiters.get(image) ?? [];
    while (waiting.length > (this.returning.get(image) ?? 0)) waiting.pop()?.(null);
  }

  /**
   * Takes back a clean slot that has served (namespace isolation): to a submission waiting for it,
   * else to the idle list, or destroys it when the image already has as many idle as it may keep
   * (its target size, at least the worker's concurrency).
   */
  giveBack(sandbox: ReadySandbox): void {
    this.returned(sandbox.image);
    const waiter = this.waiters.get(sandbox.image)?.shift();
    if (waiter && !this.closed) return waiter(sandbox);
    const list = this.idle.get(sandbox.image) ?? [];
    if (this.closed || list.length >= Math.max(this.keepMax, this.sizeOf(sandbox.image))) {
      this.factory.discard(sandbox);
      return;
    }
    sandbox.idleSince = Date.now();
    this.idle.set(sandbox.image, [...list, sandbox]);
  }

  counts(): Record<string, number> {
    return Object.fromEntries([...this.idle].map(([image, list]) => [image, list.length]));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiting of this.waiters.values()) for (const waiter of waiting.splice(0)) waiter(null);
    const all = [...this.idle.values()].flat();
    this.idle.clear();
    await Promise.all([...all.map((s) => this.factory.destroy(s)), ...this.creating]);
  }

  /**
   * After an engine restart: the idle containers died with the engine (`Exited (137)`); they are
   * removed and the pool filled again, in the background.
   */
  async renew(): Promise<void> {
    const dead = [...this.idle.values()].flat();
    this.idle.clear();
    await Promise.all(dead.map((s) => this.factory.destroy(s)));
    this.start();
  }

  /** Replaces containers that idled too long. */
  async recycle(now = Date.now()): Promise<void> {
    for (const [image, list] of this.idle) {
      const old = list.filter((s) => now - s.idleSince > MAX_IDLE_MS);
      this.idle.set(
        image,
        list.filter((s) => !old.includes(s)),
      );
      await Promise.all(old.map((s) => this.factory.destroy(s)));
      this.refill(image);
    }
  }

  /** A slot coming back that nobody waits for yet, to wait for; else null (go cold now). */
  private awaitReturn(image: string): Promise<ReadySandbox | null> | null {
    const waiting = this.waiters.get(image) ?? [];
    if (this.closed || (this.returning.get(image) ?? 0) <= waiting.length) return null;
    this.waiters.set(image, waiting);
    return new Promise((resolve) => {
      const waiter = (slot: ReadySandbox | null): void => {
        clearTimeout(timer);
        resolve(slot);
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(waiter), 1);
        resolve(null);
      }, RETURN_WAIT_MS);
      waiting.push(waiter);
    });
  }

  private returned(image: string): void {
    this.returning.set(image, Math.max(0, (this.returning.get(image) ?? 0) - 1));
  }

  /**
   * Prepares one container at a time per image until the target is met, at most
   * POOL_CREATIONS_AT_ONCE for all images together; backs off after a failure.
   */
  private refill(image: string): void {
    if (this.closed || this.pending.has(image) || !this.present(image)) return;
    if ((this.idle.get(image)?.length ?? 0) >= this.sizeOf(image)) return;
    this.pending.add(image);
    this.queued.push(image);
    this.next();
  }

  private next(): void {
    while (this.creating.size < POOL_CREATIONS_AT_ONCE && this.queued.length > 0) {
      const image = this.queued.shift() as string;
      const creation = this.createFor(image)
        .catch(() => undefined)
        .finally(() => {
          this.creating.delete(creation);
          this.next();
        });
      this.creating.add(creation);
    }
  }

  private createFor(image: string): Promise<unknown> {
    if (this.closed) {
      this.pending.delete(image);
      return Promise.resolve();
    }
    return this.factory.create(image, firstPhaseLimits(image), { [LABEL_POOL]: '1' }).then(
      async (sandbox) => {
        this.pending.delete(image);
        // A slot given back meanwhile may have met the target already.
        if (this.closed || (this.idle.get(image)?.length ?? 0) >= this.sizeOf(image))
          return this.factory.destroy(sandbox);
        this.idle.set(image, [...(this.idle.get(image) ?? []), sandbox]);
        this.refill(image);
      },
      (err: Error) => {
        this.log.warn(`warming ${image} failed: ${err.message}`);
        setTimeout(() => {
          this.pending.delete(image);
          this.refill(image);
        }, RETRY_MS).unref();
      },
    );
  }
}

/** Limits a pooled container starts with: those of the first phase of the image's first language. */
function firstPhaseLimits(image: string): Limits {
  const lang = LANGUAGES.find((l) => imageName(l) === image);
  if (!lang) return resolveLimits(undefined);
  return lang.compile
    ? compileLimits(lang.compileLimitOverrides)
    : resolveLimits(undefined, lang.limitOverrides);
}
