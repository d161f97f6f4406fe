import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '@judgebox/config';
import type { Rate } from '@judgebox/domain';
import { redisOptionsFromUrl, submissionJobKeyPrefix, tenantKeys, utcDay } from '@judgebox/queue';
import { ApiKeyStore, type ApiKey } from './api-key.store';
import { acquireInFlight, releaseInFlight, type InFlightCheck } from './in-flight';
import { keyUsage, type KeyUsage } from './key-usage';
import { takeToken, type BucketState } from './token-bucket';

/** The API's one holder of the tenants' Redis keys: API keys, buckets, in-flight sets, CPU counters. */
@Injectable()
export class TenantsRepository implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('ApiKeys');
  readonly keys: ApiKeyStore;
  private readonly redis: Redis;
  private readonly prefix: string;
  private connecting: Promise<void> | null = null;

  constructor(config: AppConfig) {
    // Every request reads its key: while Redis is away they fail at once rather than queue up.
    this.redis = new Redis({
      ...redisOptionsFromUrl(config.REDIS_URL),
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
    });
    this.redis.on('error', () => undefined); // each failed command is reported to its request
    this.prefix = config.QUEUE_PREFIX;
    this.keys = new ApiKeyStore(this.redis, this.prefix);
  }

  /** Resolves once connected (or failed to); commands fail fast while Redis is away. */
  ready(): Promise<void> {
    this.connecting ??= this.redis.connect().catch(() => undefined);
    return this.connecting;
  }

  /** Whether any key exists (else the service is open), and the live key this token is, if any. */
  async lookup(token: string): Promise<{ configured: boolean; key: ApiKey | null }> {
    await this.ready();
    return this.keys.lookup(token);
  }

  /** Says at start whether the service is open: the operator must know. */
  async onApplicationBootstrap(): Promise<void> {
    const { configured } = await this.lookup('').catch(() => ({ configured: null }));
    if (configured === null) this.log.warn('could not read the API keys at start (Redis away)');
    else if (configured)
      this.log.log('API keys are configured: every route but health, docs and metrics needs one');
    else
      this.log.warn(
        'no API key is configured: the API is open to anyone who reaches it (npm run keys -- create)',
      );
  }

  async takeToken(keyId: string, rate: Rate): Promise<BucketState> {
    await this.ready();
    return takeToken(this.redis, tenantKeys.bucket(this.prefix, keyId), rate);
  }

  async acquireInFlight(keyId: string, submissionId: string, limit: number): Promise<InFlightCheck> {
    await this.ready();
    const set = tenantKeys.inFlight(this.prefix, keyId);
    return acquireInFlight(this.redis, set, submissionJobKeyPrefix(this.prefix), submissionId, limit);
  }

  async releaseInFlight(keyId: string, submissionId: string): Promise<void> {
    await releaseInFlight(this.redis, tenantKeys.inFlight(this.prefix, keyId), submissionId);
  }

  async usage(key: ApiKey): Promise<KeyUsage> {
    await this.ready();
    return keyUsage(this.redis, this.prefix, key);
  }

  /** CPU milliseconds the key's finished submissions used today (UTC), as workers recorded them. */
  async cpuMsToday(keyId: string): Promise<number> {
    await this.ready();
    return Number((await this.redis.get(tenantKeys.cpu(this.prefix, keyId, utcDay()))) ?? 0);
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
