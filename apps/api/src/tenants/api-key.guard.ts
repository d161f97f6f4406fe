import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Authenticator, type Credentials } from './authenticator';
import { currentRequest } from './request-context';
import { ROUTE_ACCESS, type RouteAccess } from './route-access.decorator';

/**
 * Global (APP_GUARD): every HTTP route, the native, Judge0 and Piston ones alike, goes through the
 * one Authenticator with the access its controller declares (`@Access`, `key` when none).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access =
      this.reflector.getAllAndOverride<RouteAccess>(ROUTE_ACCESS, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'key';
    const req = context.switchToHttp().getRequest<Credentials>();
    await this.authenticator.authenticate(req, access, currentRequest());
    return true;
  }
}
