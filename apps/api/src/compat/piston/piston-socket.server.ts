import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { AppConfig } from '@judgebox/config';
import { SUBMISSION_BOUNDS } from '@judgebox/domain';
import { closeAll } from '../../live/close-all';
import { refuse, SocketRoutes } from '../../live/socket-routes';
import { InteractiveChannels } from '../../queue/interactive-channels';
import { SubmissionsService } from '../../submissions/submissions.service';
import { Authenticator } from '../../tenants/authenticator';
import { authenticateUpgrade, bindSocketToRequest } from '../../tenants/socket-auth';
import type { RequestContext } from '../../tenants/request-context';
import { PistonSession, type SessionDeps } from './piston-session';
import { PistonService } from './piston.service';

export const PISTON_SOCKET_PATH = '/api/v2/connect';

/**
 * WebSocket /api/v2/connect on the API's own HTTP server. A plain `ws` server rather than Nest's
 * WsAdapter: that adapter dispatches on `{event, data}` and silently drops messages it cannot
 * parse or route, where Piston's protocol (`type`, close codes 4000-4999, an error event for bad
 * JSON) needs every message; and its options are fixed at import time, before the config is read.
 */
@Injectable()
export class PistonSocketServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private wss: WebSocketServer | null = null;
  private readonly deps: SessionDeps;

  constructor(
    private readonly routes: SocketRoutes,
    private readonly config: AppConfig,
    piston: PistonService,
    submissions: SubmissionsService,
    channels: InteractiveChannels,
    private readonly authenticator: Authenticator,
  ) {
    this.deps = { piston, submissions, channels };
  }

  onApplicationBootstrap(): void {
    // A message is at most as large as a request body may be.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.config.BODY_LIMIT_BYTES });
    this.routes.register(PISTON_SOCKET_PATH, this.onUpgrade);
  }

  /** Upgraded sockets still hold the HTTP server open: every client is closed (see closeAll). */
  async beforeApplicationShutdown(): Promise<void> {
    await closeAll(this.wss);
  }

  /** Path and origin were checked by SocketRoutes. */
  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const wss = this.wss;
    if (!wss) return refuse(socket, '404 Not Found');
    if (wss.clients.size >= this.config.PISTON_WS_MAX_CONNECTIONS)
      return refuse(socket, '503 Service Unavailable', 'Retry-After: 5\r\n');
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
