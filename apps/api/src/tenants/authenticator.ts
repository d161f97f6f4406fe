import { ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { AppConfig } from '@judgebox/config';
import { RetryLaterException } from '../common/retry-later.exception';
import { ApiMetrics } from '../metrics/api-metrics';
import type { ApiKey } from './api-key.store';
import { credentialOf, matchesAny } from './credentials';
import type { RequestContext } from './request-context';
import type { RouteAccess } from './route-access.decorator';
import { TenantsRepository } from './tenants.repository';
import { TooManyRequestsException } from './too-many-requests.exception';

export interface Credentials {
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
}

/**
 * The one authentication of the API: ApiKeyGuard applies it to every HTTP route, the Piston
 * socket to its upgrade. With no API key stored the service is open (the development default);
 * once one exists every route but `public` ones needs a live key, and a key's requests take a
 * token from its bucket. JUDGE0_AUTH_TOKENS, when set, also close the Judge0 routes to anyone
 * without one of them or a key (those tokens carry no quota).
 */
@Injectable()
export class Authenticator {
  private readonly judge0Tokens: string[];

  constructor(
    private readonly tenants: TenantsRepository,
    private readonly metrics: ApiMetrics,
    private readonly config: AppConfig,
  ) {
    this.judge0Tokens = config.JUDGE0_AUTH_TOKENS;
  }

  /** Lets the request through (its key, if any, in `ctx.tenant`) or throws 401, 403, 429 or 503. */
  async authenticate(req: Credentials, access: RouteAccess, ctx: RequestContext | undefined): Promise<void> {
    if (access === 'public') return;
    if (access === 'admin') return this.checkAdmin(req);
    const judge0 = access === 'judge0';
    const credential = credentialOf(req.headers, req.query, judge0);
    const judge0Closed = judge0 && this.judge0Tokens.length > 0;
    if (judge0Closed && credential !== null && matchesAny(credential, this.judge0Tokens)) return;
    const { configured, key } = await this.tenants.lookup(credential ?? '').catch(() => {
      throw new RetryLaterException('cannot check API keys now (Redis is away), retry later', 5);
    });
    if (key) return this.throttle(key, ctx);
    if (!configured && !judge0Closed) return;
    throw new UnauthorizedException(
      credential ? 'the API key is unknown or revoked' : 'an API key is required',
    );
  }

  /** Takes one token of the key's bucket; answers RateLimit-* always, 429 with Retry-After when empty. */
  private async throttle(key: ApiKey, ctx: RequestContext | undefined): Promise<void> {
    if (ctx) ctx.tenant = key;
    const bucket = await this.tenants.takeToken(key.id, key.quota.rate);
    ctx?.setHeader('RateLimit-Limit', String(bucket.limit));
    ctx?.setHeader('RateLimit-Remaining', String(bucket.remaining));
    ctx?.setHeader('RateLimit-Reset', String(bucket.resetSeconds));
    if (bucket.allowed) {
      this.metrics.keyRequest(key.name, 'accepted');
      return;
    }
    this.metrics.keyRequest(key.name, 'throttled_rate');
    ctx?.setHeader('Retry-After', String(Math.max(1, bucket.retryAfterSeconds)));
    throw new TooManyRequestsException(`rate limit of key ${key.name} reached, retry later`);
  }

  private checkAdmin(req: Credentials): void {
    if (!this.config.ADMIN_TOKEN)
      throw new ForbiddenException('the admin API is off (ADMIN_TOKEN is not set)');
    const given = credentialOf(req.headers, req.query, false);
    if (given !== null && matchesAny(given, [this.config.ADMIN_TOKEN])) return;
    throw new UnauthorizedException('the admin token is required');
  }
}
