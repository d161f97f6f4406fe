import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '@judgebox/config';
import {
  languageLibrariesKey,
  languageVersionsKey,
  redisOptionsFromUrl,
  readHeartbeats,
  type WorkerHeartbeat,
} from '@judgebox/queue';

/** Metadata workers publish under `<prefix>:meta:*`: language versions and heartbeats. */
@Injectable()
export class MetaRepository implements OnApplicationShutdown {
  private readonly redis: Redis;
  private connecting: Promise<void> | null = null;

  constructor(private readonly config: AppConfig) {
    // Health checks must answer "down" quickly rather than wait for a reconnect.
    this.redis = new Redis({
      ...redisOptionsFromUrl(config.REDIS_URL),
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
    });
    this.redis.on('error', () => undefined); // reported through ping() and the health check
  }

  async ping(): Promise<void> {
    await this.connected();
    await this.redis.ping();
  }

  /** Redis's INFO text (eviction policy, persistence), for the start-up check. */
  async info(): Promise<string> {
    await this.connected();
    return this.redis.info();
  }

  /** Image folder -> version, as reported by workers at start. */
  async languageVersions(): Promise<Record<string, string>> {
    await this.connected();
    return this.redis.hgetall(languageVersionsKey(this.config.QUEUE_PREFIX));
  }

  /** Image folder -> libraries label (`name=version,…`), as reported by workers at start. */
  async languageLibraries(): Promise<Record<string, string>> {
    await this.connected();
    return this.redis.hgetall(languageLibrariesKey(this.config.QUEUE_PREFIX));
  }

  /** Heartbeats of workers alive now (their keys expire when they stop). */
  async liveWorkers(): Promise<WorkerHeartbeat[]> {
    await this.connected();
    return readHeartbeats(this.redis, this.config.QUEUE_PREFIX);
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  /** Connects once; afterwards ioredis reconnects by itself and commands fail fast meanwhile. */
  private connected(): Promise<void> {
    this.connecting ??= this.redis.connect().catch(() => undefined);
    return this.connecting;
  }
}
