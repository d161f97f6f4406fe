import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { quotaProblems, TENANT_BOUNDS, type TenantQuota } from '@judgebox/domain';
import { tenantKeys } from '@judgebox/queue';
import { LuaScript } from './lua-script';

/** An API key as stored and shown: never its secret, only the secret's hash (never shown either). */
export interface ApiKey {
  id: string;
  name: string;
  quota: TenantQuota;
  createdAt: string;
  revokedAt: string | null;
}

interface StoredKey extends ApiKey {
  secretHash: string;
}

/** A key or the name it had; quota problems are listed together. */
export class ApiKeyError extends Error {}

/** Names are metric labels and CLI arguments: short, plain. */
const NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

/** [keys stored, the key's record or nil], in one round trip; no key stored means open mode. */
const LOOKUP = new LuaScript(`
local n = redis.call('HLEN', KEYS[1])
local id = redis.call('HGET', KEYS[2], ARGV[1])
if not id then return {n, false} end
return {n, redis.call('HGET', KEYS[1], id)}
`);

/**
 * API keys in Redis, shared by every API process and the `npm run keys` CLI. A key's secret is
 * 32 random bytes, so a plain SHA-256 of it is as safe to keep as a slow password hash would be
 * and costs one hash per request. Nothing is cached: a revocation holds for the next request of
 * every API process. A revoked key stays listed (with its usage) and keeps the service closed.
 */
export class ApiKeyStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** A new key; the token is returned this once and cannot be read again. */
  async create(name: string, quota: TenantQuota): Promise<{ key: ApiKey; token: string }> {
    if (!NAME.test(name)) throw new ApiKeyError(`name must match ${NAME.source}`);
    const problems = quotaProblems(quota);
    if (problems.length > 0) throw new ApiKeyError(problems.join('; '));
    const all = await this.all();
    if (all.some((k) => k.name === name)) throw new ApiKeyError(`a key named ${name} exists already`);
    if (all.length >= TENANT_BOUNDS.keys) throw new ApiKeyError(`at most ${TENANT_BOUNDS.keys} keys`);
    const id = randomBytes(8).toString('hex');
    const token = `jbk_${randomBytes(32).toString('base64url')}`;
    const stored: StoredKey = {
      id,
      name,
      quota,
      createdAt: new Date().toISOString(),
      revokedAt: null,
      secretHash: hashOf(token),
    };
    await this.redis
      .multi()
      .hset(tenantKeys.records(this.prefix), id, JSON.stringify(stored))
      .hset(tenantKeys.secrets(this.prefix), stored.secretHash, id)
      .exec();
    return { key: publicView(stored), token };
  }

  async list(): Promise<ApiKey[]> {
    return (await this.all()).map(publicView).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** The key with this id or name; null when there is none. */
  async find(idOrName: string): Promise<ApiKey | null> {
    const found = (await this.all()).find((k) => k.id === idOrName || k.name === idOrName);
    return found ? publicView(found) : null;
  }

  /** Revokes a key at once for every API process; null when there is no such key. */
  async revoke(idOrName: string): Promise<ApiKey | null> {
    const found = (await this.all()).find((k) => k.id === idOrName || k.name === idOrName);
    if (!found) return null;
    const revoked: StoredKey = { ...found, revokedAt: found.revokedAt ?? new Date().toISOString() };
    await this.redis
      .multi()
      .hdel(tenantKeys.secrets(this.prefix), found.secretHash)
      .hset(tenantKeys.records(this.prefix), found.id, JSON.stringify(revoked))
      .exec();
    return publicView(revoked);
  }

  /** Whether any key exists (open mode when none), and the live key this token is, if any. */
  async lookup(token: string): Promise<{ configured: boolean; key: ApiKey | null }> {
    const keys = [tenantKeys.records(this.prefix), tenantKeys.secrets(this.prefix)];
    const [count, json] = (await LOOKUP.run(this.redis, keys, [hashOf(token)])) as [number, string | null];
    const stored = json ? (JSON.parse(json) as StoredKey) : null;
    return { configured: count > 0, key: stored && !stored.revokedAt ? publicView(stored) : null };
  }

  private async all(): Promise<StoredKey[]> {
    const records = await this.redis.hvals(tenantKeys.records(this.prefix));
    return records.map((r) => JSON.parse(r) as StoredKey);
  }
}

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function publicView(stored: StoredKey): ApiKey {
  const { id, name, quota, createdAt, revokedAt } = stored;
  return { id, name, quota, createdAt, revokedAt };
}
