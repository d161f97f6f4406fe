import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { AppConfig } from '@judgebox/config';
import { Judge0Exception } from './judge0-errors';

export const JUDGE0_AUTH_HEADER = 'x-auth-token';

/**
 * Judge0's authentication: when tokens are configured (JUDGE0_AUTH_TOKENS), every Judge0 route wants
 * one of them in `X-Auth-Token` (header, or query parameter as Judge0 also accepts); else 401, empty body.
 */
@Injectable()
export class Judge0AuthGuard implements CanActivate {
  private readonly tokens: Buffer[];

  constructor(config: AppConfig) {
    this.tokens = config.JUDGE0_AUTH_TOKENS.split(',')
      .map((t) => t.trim())
      .filter((t) => t.length > 0)
      .map((t) => Buffer.from(t));
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.tokens.length === 0) return true;
    const req = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, unknown>; query: Record<string, unknown> }>();
    const given = req.headers[JUDGE0_AUTH_HEADER] ?? req.query['X-Auth-Token'];
    const provided = Buffer.from(typeof given === 'string' ? given : '');
    if (this.tokens.some((t) => t.length === provided.length && timingSafeEqual(t, provided))) return true;
    throw new Judge0Exception(null, HttpStatus.UNAUTHORIZED);
  }
}
