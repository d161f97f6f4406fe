import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppConfig } from '@judgebox/config';
import { corsOrigin } from '../configure-app';

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * The HTTP server's one `upgrade` listener: each WebSocket path (Piston's, the native live one)
 * registers its handler; any other path is refused with 404 and an origin the API does not allow
 * with 403, before any handler sees it.
 */
@Injectable()
export class SocketRoutes implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly handlers = new Map<string, UpgradeHandler>();
  private readonly origins: string | string[];

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    config: AppConfig,
  ) {
    this.origins = corsOrigin(config.CORS_ORIGINS);
  }

  register(path: string, handler: UpgradeHandler): void {
    this.handlers.set(path, handler);
  }

  onApplicationBootstrap(): void {
    this.server().on('upgrade', this.onUpgrade);
  }

  onApplicationShutdown(): void {
    this.server().off('upgrade', this.onUpgrade);
  }

  private server(): Server {
    return this.adapterHost.httpAdapter.getHttpServer() as Server;
  }

  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const handler = this.handlers.get(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (!handler) return refuse(socket, '404 Not Found');
    // Browsers send Origin and do not apply CORS to sockets: the API's allowed origins apply here.
    const origin = req.headers.origin;
    if (origin !== undefined && this.origins !== '*' && !this.origins.includes(origin))
      return refuse(socket, '403 Forbidden');
    handler(req, socket, head);
  };
}

/** Answers an upgrade request with a plain HTTP status and closes the connection. */
export function refuse(socket: Duplex, status: string, headers = ''): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n${headers}Content-Length: 0\r\n\r\n`);
}
