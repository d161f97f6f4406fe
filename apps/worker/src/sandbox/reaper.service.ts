import { Inject, Injectable, Logger } from '@nestjs/common';
import type Docker from 'dockerode';
import type Redis from 'ioredis';
import { AppConfig } from '@judgebox/config';
import { workerHeartbeatKey } from '@judgebox/queue';
import { longestRunMs } from '@judgebox/domain';
import { LABEL_PREFIX, LABEL_SANDBOX, LABEL_WORKER } from './container-spec';
import { DOCKER } from './docker.provider';
import { META_REDIS } from '../redis.provider';

/** Extra time past the longest run before another worker's container counts as abandoned. */
const ABANDON_SLACK_MS = 30_000;

/** Removes sandboxes left behind by crashed workers (ours are removed on every path as we go). */
@Injectable()
export class Reaper {
  private readonly log = new Logger(Reaper.name);

  constructor(
    @Inject(DOCKER) private readonly docker: Docker,
    private readonly config: AppConfig,
    @Inject(META_REDIS) private readonly redis: Redis,
  ) {}

  /**
   * Removes labeled containers of other workers that are older than the longest allowed run and
   * whose worker has no live heartbeat (a live worker's warm pool and slots are left alone);
   * returns how many. Heartbeats live under a queue prefix, so only containers labelled with this
   * worker's prefix (or with none, from before the label) are judged: another deployment on the
   * same engine is not ours to reap.
   */
  async reapAbandoned(now = Date.now()): Promise<number> {
    const containers = await this.docker.listContainers({ all: true, filters: { label: [LABEL_SANDBOX] } });
    const old = containers.filter(
      (c) =>
        c.Labels[LABEL_WORKER] !== this.config.WORKER_ID &&
        (c.Labels[LABEL_PREFIX] ?? this.config.QUEUE_PREFIX) === this.config.QUEUE_PREFIX &&
        now - c.Created * 1000 > longestRunMs() + ABANDON_SLACK_MS,
    );
    const owners = [...new Set(old.map((c) => c.Labels[LABEL_WORKER] ?? ''))];
    const alive = new Set<string>();
    for (const owner of owners) {
      if (owner && (await this.redis.exists(workerHeartbeatKey(this.config.QUEUE_PREFIX, owner))))
        alive.add(owner);
    }
    const stale = old.filter((c) => !alive.has(c.Labels[LABEL_WORKER] ?? ''));
    await Promise.all(stale.map((c) => this.remove(c.Id)));
    if (stale.length > 0) this.log.warn(`removed ${stale.length} abandoned sandbox container(s)`);
    return stale.length;
  }

  /** Removes every container this worker owns (shutdown path). */
  async reapOwn(): Promise<void> {
    const mine = await this.docker.listContainers({
      all: true,
      filters: { label: [`${LABEL_WORKER}=${this.config.WORKER_ID}`] },
    });
    await Promise.all(mine.map((c) => this.remove(c.Id)));
  }

  private async remove(id: string): Promise<void> {
    await this.docker
      .getContainer(id)
      .remove({ force: true, v: true })
      .catch((err: Error) => this.log.warn(`remove ${id}: ${err.message}`));
  }
}
