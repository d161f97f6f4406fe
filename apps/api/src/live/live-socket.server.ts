import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { AppConfig } from '@judgebox/config';
import { SUBMISSION_BOUNDS } from '@judgebox/domain';
import { InteractiveChannels } from '../queue/interactive-channels';
import { nativeSubmissionOr400 } from '../submissions/native-submission';
import { SubmissionsService } from '../submissions/submissions.service';
import { Authenticator } from '../tenants/authenticator';
import type { RequestContext } from '../tenants/request-context';
import { authenticateUpgrade, bindSocketToRequest } from '../tenants/socket-auth';
import { closeAll } from './close-all';
import { LiveSession, type LiveDeps } from './live-session';
import { refuse, SocketRoutes } from './socket-routes';

export const LIVE_SOCKET_PATH = '/v1/live';

/** WebSocket /v1/live: the native live API, on the streams Piston's socket uses too. */
@Injectable()
export class LiveSocketServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private wss: WebSocketServer | null = null;
  private readonly deps: LiveDeps;

  constructor(
    private readonly routes: SocketRoutes,
    private readonly config: AppConfig,
    submissions: SubmissionsService,
    channels: InteractiveChannels,
    private readonly authenticator: Authenticator,
  ) {
    this.deps = { submissions, channels, validate: nativeSubmissionOr400 };
  }

  onApplicationBootstrap(): void {
    // A message is at most as large as a request body may be; a larger one closes the socket (1009).
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.config.BODY_LIMIT_BYTES });
    this.routes.register(LIVE_SOCKET_PATH, this.onUpgrade);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await closeAll(this.wss);
  }

  /** Path and origin were checked by SocketRoutes; the API key is checked as on every route. */
  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const wss = this.wss;
    if (!wss) return refuse(socket, '404 Not Found');
    if (wss.clients.size >= this.config.LIVE_WS_MAX_CONNECTIONS)
      return refuse(socket, '503 Service Unavailable', 'Retry-After: 5\r\n');
    void authenticateUpgrade(this.authenticator, req, socket).then((ctx) => {
      if (ctx) wss.handleUpgrade(req, socket, head, (ws) => this.startSession(ws, ctx));
    });
  };

  /** The session's submissions count against the key's tenant (its request context). */
  private startSession(ws: WebSocket, ctx: RequestContext): void {
    bindSocketToRequest(ws, ctx);
    new LiveSession(ws, this.deps, {
      startTimeoutMs: this.config.LIVE_WS_START_TIMEOUT_MS,
      idleTimeoutMs: this.config.LIVE_WS_IDLE_TIMEOUT_MS,
      maxMessages: this.config.LIVE_WS_MAX_MESSAGES,
      maxStdinBytes: SUBMISSION_BOUNDS.stdinBytes,
      queueWaitMs: this.config.WAIT_TIMEOUT_MS,
    }).start();
  }
}
