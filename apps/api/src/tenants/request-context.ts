import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiKey } from './api-key.store';

/**
 * What the handling of one request knows beyond its arguments: its id (logged on every line,
 * carried by its jobs to the worker, returned in `X-Request-Id`) and the API key it came with.
 * Held in an AsyncLocalStorage so the compatibility adapters pass it on without knowing it.
 */
export interface RequestContext {
  requestId: string;
  tenant: ApiKey | null;
  setHeader(name: string, value: string): void;
}

export const REQUEST_ID_HEADER = 'x-request-id';
const storage = new AsyncLocalStorage<RequestContext>();

/** The context of the request being handled, if any. */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/** Runs `fn` (and everything it starts) within `context`, e.g. a WebSocket's messages. */
export function runInRequest<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/**
 * The request's id: the client's `X-Request-Id` when it is a plain token of at most 128
 * characters (so a proxy's id follows the request through), else a new UUID. Kept on `req.id`,
 * where pino-http looks for it too.
 */
export function requestIdOf(req: IncomingMessage & { id?: unknown }): string {
  if (typeof req.id === 'string') return req.id;
  const given = req.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
  req.id = id;
  return id;
}

/** Express middleware, first of all: every answer, a refused body's too, carries `X-Request-Id`. */
export function requestIdMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  res.setHeader('X-Request-Id', requestIdOf(req));
  next();
}

/**
 * Express middleware: installed after the body parsers (their stream events would lose an
 * AsyncLocalStorage entered before them) and before the routes.
 */
export function requestContextMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const requestId = requestIdOf(req);
  const setHeader = (name: string, value: string): void => {
    if (!res.headersSent) res.setHeader(name, value);
  };
  storage.run({ requestId, tenant: null, setHeader }, next);
}
