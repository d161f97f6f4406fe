import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { AppConfig } from '@judgebox/config';
import { corsOrigin } from '../../configure-app';
import { SUBMISSION_BOUNDS } from '@judgebox/domain';
import { InteractiveChannels } from '../../queue/interactive-channels';
import { SubmissionsService } from '../../submissions/submissions.service';
import { Authenticator } from '../../tenants/authenticator';
import { authenticateUpgrade, bindSocketToRequest } from '../../tenants/socket-auth';
import type { RequestContext } from '../../tenants/request-context';
import { PistonSession, type SessionDeps } from './piston-session';
import { PistonService } from './piston.service';

export const PISTON_SOCKET_PATH = '/api/v2/connect';
const SHUTDOWN_GRACE_MS = 1_000;

/**
 * WebSocket /api/v2/connect on the API's own HTTP server. A plain `ws` server rather than Nest's
 * WsAdapter: that adapter dispatches on `{event, data}` and silently drops messages it cannot
 * parse or route, where Piston's protocol (`type`, close codes 4000-4999, an error event for bad
 * JSON) needs every message; and its options are fixed at import time, before the config is read.
 */
@Injectable()
export class PistonSocketServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private wss: WebSocketServer | null = null;
  private readonly origins: string | string[];
  private readonly deps: SessionDeps;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
    piston: PistonService,
    submissions: SubmissionsService,
    channels: InteractiveChannels,
    private readonly authenticator: Authenticator,
  ) {
    this.origins = corsOrigin(config.CORS_ORIGINS);
    this.deps = { piston, submissions, channels };
  }

  onApplicationBootstrap(): void {
    // A message is at most as large as a request body may be.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.config.BODY_LIMIT_BYTES });
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    server.on('upgrade', this.onUpgrade);
  }

  /**
   * Upgraded sockets still hold the HTTP server open, so every client is closed (1001), and
   * terminated when it does not answer the close within a second.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    server.off('upgrade', this.onUpgrade);
    const clients = [...(this.wss?.clients ?? [])];
    this.wss?.close();
    await Promise.all(
      clients.map(
        (ws) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => ws.terminate(), SHUTDOWN_GRACE_MS);
            ws.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            ws.close(1001, 'Server shutting down');
          }),
      ),
    );
  }

  /** The app's only upgrade handler: anything but the Piston path is refused. */
  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const wss = this.wss;
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!wss || path !== PISTON_SOCKET_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    // Browsers send Origin and do not apply CORS to sockets: the API's allowed origins apply here.
    const origin = req.headers.origin;
    if (origin !== undefined && this.origins !== '*' && !this.origins.includes(origin)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (wss.clients.size >= this.config.PISTON_WS_MAX_CONNECTIONS) {
      socket.end(
        'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 5\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    void authenticateUpgrade(this.authenticator, req, socket).then((ctx) => {
      if (ctx) wss.handleUpgrade(req, socket, head, (ws) => this.startSession(ws, ctx));
    });
  };

  private startSession(ws: WebSocket, ctx: RequestContext): void {
    bindSocketToRequest(ws, ctx);
    new PistonSession(ws, this.deps, {
      initTimeoutMs: this.config.PISTON_WS_INIT_TIMEOUT_MS,
      maxMessages: this.config.PISTON_WS_MAX_MESSAGES,
      maxStdinBytes: SUBMISSION_BOUNDS.stdinBytes,
      queueWaitMs: this.config.WAIT_TIMEOUT_MS,
    }).start();
  }
}
