import { randomUUID } from 'node:crypto';
import { constants } from 'node:os';
import { WebSocket, type RawData } from 'ws';
import { HttpException, Logger } from '@nestjs/common';
import type { InteractiveChannel, InteractiveChannels } from '../../queue/interactive-channels';
import type { SubmissionsService } from '../../submissions/submissions.service';
import { errorSentence } from '../../common/all-exceptions.filter';
import { outputCaps } from '../../live/live-output';
import { relayLiveRun } from './piston-live-run';
import type { PistonService } from './piston.service';

/** Bounds of one socket, from the config. */
export interface SessionLimits {
  initTimeoutMs: number;
  maxMessages: number;
  maxStdinBytes: number;
  /** Longest wait for a worker to take the job. */
  queueWaitMs: number;
}

/** What a session uses: the Piston adapter, the native service (job state) and the live streams. */
export interface SessionDeps {
  piston: PistonService;
  submissions: SubmissionsService;
  channels: InteractiveChannels;
}

/** Piston's close codes (api/src/api/v2.js). */
export const CLOSE = {
  alreadyInitialized: [4000, 'Already Initialized'],
  initTimeout: [4001, 'Initialization Timeout'],
  notifiedError: [4002, 'Notified Error'],
  notInitialized: [4003, 'Not yet initialized'],
  onlyStdin: [4004, 'Can only write to stdin'],
  invalidSignal: [4005, 'Invalid signal'],
  completed: [4999, 'Job Completed'],
} as const satisfies Record<string, readonly [number, string]>;

/** Typing Ctrl-D at a terminal: a stdin message ending with it closes the program's stdin. */
const END_OF_INPUT = '\u0004';
const SIGNALS = new Set(Object.keys(constants.signals));

type State = 'new' | 'running' | 'done';

/**
 * One client of /api/v2/connect, as Piston's: `init` queues the program as an interactive native
 * job at once; stdin messages reach the running program as they come and its output comes back
 * while it runs (see piston-live-run.ts), over the job's Redis streams; a signal kills it. A client
 * that goes away kills its job.
 */
export class PistonSession {
  private state: State = 'new';
  private messages = 0;
  private stdinBytes = 0;
  /** The client closed stdin (EOT): later stdin cannot reach the program. */
  private ended = false;
  private timer: NodeJS.Timeout | null = null;
  private jobId: string | null = null;
  private channel: InteractiveChannel | null = null;

  constructor(
    private readonly ws: WebSocket,
    private readonly deps: SessionDeps,
    private readonly limits: SessionLimits,
  ) {}

  start(): void {
    this.ws.on('message', (raw: RawData) => this.onMessage(raw));
    this.ws.on('close', () => void this.finish());
    this.ws.on('error', () => void this.finish());
    this.timer = setTimeout(() => this.close(CLOSE.initTimeout), this.limits.initTimeoutMs);
  }

  private onMessage(raw: RawData): void {
    if (this.state === 'done') return;
    if (++this.messages > this.limits.maxMessages)
      return this.fail(`a socket may send at most ${this.limits.maxMessages} messages`);
    let msg: unknown;
    try {
      msg = JSON.parse(rawText(raw));
    } catch {
      return this.fail('a message must be valid JSON');
    }
    if (typeof msg !== 'object' || msg === null) return this.fail('a message must be a JSON object');
    const m = msg as Record<string, unknown>;
    switch (m.type) {
      case 'init':
        return void this.init(m);
      case 'data':
        return this.data(m);
      case 'signal':
        return this.signal(m);
      default:
        return; // Piston ignores other types too.
    }
  }

  /** Data and signals sent right after `init`, while it is checked, go to the job's stream already. */
  private async init(msg: Record<string, unknown>): Promise<void> {
    if (this.state !== 'new') return this.close(CLOSE.alreadyInitialized);
    this.state = 'running';
    if (this.timer) clearTimeout(this.timer);
    const id = randomUUID();
    this.channel = this.deps.channels.open(id);
    if (typeof msg.stdin === 'string') this.stdinBytes += Buffer.byteLength(msg.stdin);
    try {
      const job = await this.deps.piston.prepare(msg, false);
      if (this.state !== 'running') return;
      this.send({ type: 'runtime', language: job.runtime.language, version: job.runtime.version });
      const request = await this.deps.piston.startLive(job, id);
      this.jobId = id;
      if (this.state !== 'running') return void this.stopJob(); // the client left meanwhile
      await relayLiveRun(this.channel, this.ports(id), {
        outputBytes: outputCaps(request),
        queueWaitMs: this.limits.queueWaitMs,
      });
      this.jobId = null; // done: nothing left to kill
      this.close(CLOSE.completed);
    } catch (err) {
      this.fail(errorMessage(err));
    }
  }

  private ports(id: string): Parameters<typeof relayLiveRun>[1] {
    return {
      send: (message) => this.send(message),
      backlog: () => this.ws.bufferedAmount,
      isOpen: () => this.state === 'running',
      jobState: () => this.deps.submissions.jobState(id),
      withdraw: () => this.deps.submissions.withdraw(id),
    };
  }

  private data(msg: Record<string, unknown>): void {
    if (this.state === 'new') return this.close(CLOSE.notInitialized);
    if (msg.stream !== 'stdin') return this.close(CLOSE.onlyStdin);
    if (typeof msg.data !== 'string') return this.fail('data must be a string');
    if (this.ended) return;
    this.ended = msg.data.endsWith(END_OF_INPUT);
    const text = this.ended ? msg.data.slice(0, -END_OF_INPUT.length) : msg.data;
    this.stdinBytes += Buffer.byteLength(text);
    if (this.stdinBytes > this.limits.maxStdinBytes)
      return this.fail(`stdin must be at most ${this.limits.maxStdinBytes} bytes in all`);
    if (text.length > 0) this.forward({ type: 'stdin', data: Buffer.from(text) });
    if (this.ended) this.forward({ type: 'eof' });
  }

  /** Any valid signal kills the program (SIGKILL through its cgroup: judgebox has no other kill). */
  private signal(msg: Record<string, unknown>): void {
    if (this.state === 'new') return this.close(CLOSE.notInitialized);
    if (typeof msg.signal !== 'string' || !SIGNALS.has(msg.signal)) return this.close(CLOSE.invalidSignal);
    this.forward({ type: 'kill', reason: 'signal' });
  }

  private forward(message: Parameters<InteractiveChannel['send']>[0]): void {
    this.channel?.send(message).catch((err: unknown) => this.fail(errorMessage(err)));
  }

  /** Piston tells the error in a message, then closes (a close reason is limited to 123 bytes). */
  private fail(message: string): void {
    if (this.state === 'done') return;
    this.send({ type: 'error', message });
    this.close(CLOSE.notifiedError);
  }

  private send(message: Record<string, unknown>): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  private close([code, reason]: readonly [number, string]): void {
    void this.finish();
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(code, reason);
  }

  /** However the session ends, a job still queued or running is stopped and the streams released. */
  private async finish(): Promise<void> {
    if (this.state === 'done') return;
    this.state = 'done';
    if (this.timer) clearTimeout(this.timer);
    await this.stopJob();
  }

  private async stopJob(): Promise<void> {
    const id = this.jobId;
    this.jobId = null;
    if (id) {
      await this.channel?.send({ type: 'kill', reason: 'disconnect' }).catch(() => undefined);
      await this.deps.submissions.withdraw(id);
    }
    await this.channel?.close();
  }
}

function rawText(raw: RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.from(raw as ArrayBuffer).toString('utf8');
}

const logger = new Logger('PistonSocket');

/** Client errors keep their message; anything else is logged and told only as an internal error. */
function errorMessage(err: unknown): string {
  if (err instanceof HttpException) return errorSentence(err);
  logger.error({ err }, 'piston socket failed');
  return 'internal error';
}
