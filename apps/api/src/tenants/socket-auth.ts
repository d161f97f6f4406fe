import { HttpException, HttpStatus } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { Authenticator } from './authenticator';
import { requestIdOf, runInRequest, type RequestContext } from './request-context';

/**
 * The API key check of a WebSocket, before its upgrade: the same Authenticator as every HTTP
 * route. Resolves the socket's request context, or null once it answered the refusal (401, 429,
 * 503 with their headers) and closed the socket.
 */
export async function authenticateUpgrade(
  authenticator: Authenticator,
  req: IncomingMessage,
  socket: Duplex,
): Promise<RequestContext | null> {
  const headers = new Map<string, string>();
  const ctx: RequestContext = {
    requestId: requestIdOf(req),
    tenant: null,
    setHeader: (name, value) => headers.set(name, value),
  };
  const query = Object.fromEntries(new URL(req.url ?? '/', 'http://localhost').searchParams);
  try {
    await authenticator.authenticate({ headers: req.headers, query }, 'key', ctx);
  } catch (err) {
    const status = err instanceof HttpException ? err.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
    const lines = [...headers].map(([name, value]) => `${name}: ${value}\r\n`).join('');
    socket.end(
      `HTTP/1.1 ${status} ${statusText(status)}\r\nConnection: close\r\n${lines}Content-Length: 0\r\n\r\n`,
    );
    return null;
  }
  ctx.setHeader = () => undefined; // the handshake is answered; later refusals go as socket events
  return ctx;
}

/**
 * Runs every event of the socket within its request context: a socket's events come from its
 * connection, created before the context, so the context would not reach the submissions it makes.
 */
export function bindSocketToRequest(ws: WebSocket, ctx: RequestContext): void {
  const emit = ws.emit.bind(ws);
  ws.emit = ((event: string | symbol, ...args: unknown[]) =>
    runInRequest(ctx, () => emit(event, ...args))) as WebSocket['emit'];
}

function statusText(status: number): string {
  const texts: Record<number, string> = {
    401: 'Unauthorized',
    429: 'Too Many Requests',
    503: 'Service Unavailable',
  };
  return texts[status] ?? 'Error';
}
