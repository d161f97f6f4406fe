import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@judgebox/config';
import { SUPERVISOR_LIMITS } from '../phase-runner';
import { SandboxFactory, type ReadySandbox } from '../sandbox-factory';
import { SandboxPool } from '../sandbox-pool';
import { LEFTOVERS } from './inner-command';

const MiB = 1024 * 1024;
/**
 * Memory a clean slot may hold above what it held when it was new: processes (anon) and tmpfs or
 * shared memory (shmem) left behind show here; page cache of files read does not count.
 */
const LEFTOVER_TOLERANCE_BYTES = 2 * MiB;

/**
 * Between two submissions of a slot: every process but the init is killed through the cgroup,
 * everything the last submission wrote is removed, and the slot is checked clean (only the init
 * alive, no files left, memory back near where it started) before it serves again. A slot that is
 * not clean, saw an OOM kill or an abort, or has served SLOT_MAX_SUBMISSIONS or lived
 * SLOT_MAX_AGE_SECONDS is destroyed instead, and the pool prepares a replacement.
 */
@Injectable()
export class SlotKeeper {
  private readonly log = new Logger(SlotKeeper.name);
  private readonly releasing = new Set<Promise<void>>();

  constructor(
    private readonly factory: SandboxFactory,
    private readonly pool: SandboxPool,
    private readonly config: AppConfig,
  ) {}

  /** Cleans and gives back `slot`, or retires it; `healthy` is false after an OOM kill or an abort. */
  release(slot: ReadySandbox, healthy: boolean): Promise<void> {
    this.pool.expectBack(slot.image);
    const done = this.settle(slot, healthy).finally(() => this.releasing.delete(done));
    this.releasing.add(done);
    return done;
  }

  /** Waits for releases in flight (shutdown). */
  async drain(): Promise<void> {
    while (this.releasing.size > 0) await Promise.all([...this.releasing]);
  }

  private async settle(slot: ReadySandbox, healthy: boolean): Promise<void> {
    const why =
      this.retireReason(slot, healthy) ?? (await this.uncleanReason(slot).catch((e: Error) => e.message));
    if (why === null) {
      this.pool.giveBack(slot);
      return;
    }
    this.log.debug(`replacing slot ${slot.container.id.slice(0, 12)}: ${why}`);
    // First: a submission waiting for this slot must not wait on.
    this.pool.lost(slot.image);
    this.factory.discard(slot);
    this.pool.replenish(slot.image);
  }

  private retireReason(slot: ReadySandbox, healthy: boolean): string | null {
    if (!healthy) return 'its submission was OOM-killed or aborted';
    if (slot.served >= this.config.SLOT_MAX_SUBMISSIONS) return `it served ${slot.served} submissions`;
    if (Date.now() - slot.createdAt >= this.config.SLOT_MAX_AGE_SECONDS * 1000) return 'it is too old';
    return null;
  }

  /** Kills, removes, then checks; null when the slot is clean (its next sandbox is then held). */
  private async uncleanReason(slot: ReadySandbox): Promise<string | null> {
    const ctx = this.factory.contextOf(slot, new AbortController().signal);
    await ctx.killAll();
    // jbinit removes the leftovers itself: no process is started, so no cgroup limit is in play.
    try {
      await ctx.channel.makeFiles(LEFTOVERS, SUPERVISOR_LIMITS.wallTimeMs);
    } catch (e) {
      return `cleaning failed: ${(e as Error).message}`;
    }
    const [procs, memory] = await Promise.all([slot.cgroup.procs(), slot.cgroup.memoryUsage()]);
    const others = procs.filter((p) => p !== slot.pid);
    if (others.length > 0) return `processes left: ${others.join(', ')}`;
    const left = memory.anonBytes + memory.shmemBytes;
    if (left > slot.baselineBytes + LEFTOVER_TOLERANCE_BYTES)
      return `${left} bytes of memory left (started with ${slot.baselineBytes})`;
    // Where the kernel cannot start a new peak window (cgroup v2 before Linux 6.12) the next
    // submission would be charged this one's peak: such a slot serves once.
    if (!(await slot.cgroup.resetPeak()))
      return 'its peak memory cannot be reset (cgroup v2 before Linux 6.12)';
    // Clean: the next submission's first sandbox is built now, before the slot is given back.
    await this.factory.holdNext(slot);
    return null;
  }
}
