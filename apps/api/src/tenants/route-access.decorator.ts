import { SetMetadata } from '@nestjs/common';

/**
 * Who may call a route, read by ApiKeyGuard (one guard for every route, the compatibility
 * adapters' included). `key`, the default: an API key once one exists. `judge0`: the same, and
 * Judge0's `X-Auth-Token` header or query parameter is accepted too, as are JUDGE0_AUTH_TOKENS.
 * `public`: anyone (health, metrics). `admin`: ADMIN_TOKEN as a bearer token.
 */
export type RouteAccess = 'key' | 'judge0' | 'public' | 'admin';

export const ROUTE_ACCESS = 'judgebox:route-access';

export const Access = (access: RouteAccess): ClassDecorator & MethodDecorator =>
  SetMetadata(ROUTE_ACCESS, access);
