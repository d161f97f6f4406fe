import { constants } from 'node:os';
import { WebSocket, type RawData } from 'ws';
import { HttpException, Logger } from '@nestjs/common';
import { pistonMessage } from './piston-exception.filter';
import type { PistonStage, PistonStages } from './piston-result';
import type { PistonService, PreparedJob } from './piston.service';

/** Bounds of one socket, from the config. */
export interface SessionLimits {
  initTimeoutMs: number;
  stdinIdleMs: number;
  maxMessages: number;
  maxStdinBytes: number;
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

/** Typing Ctrl-D at a terminal: a stdin message ending with it ends the input. */
const END_OF_INPUT = '\u0004';
/** Output is sent in pieces of this many characters, as a stream would deliver it. */
const DATA_CHUNK = 65_536;
const SIGNALS = new Set(Object.keys(constants.signals));

type State = 'new' | 'initializing' | 'collecting' | 'running' | 'done';

/**
 * One client of /api/v2/connect. judgebox runs batch jobs, so interactivity is approximated:
 * stdin is collected after `init` until a message ends with EOT or the client is quiet for
 * `stdinIdleMs`; then the program runs once through the native service and its result is
 * replayed as Piston's events (stage, data, exit), then the socket closes with 4999.
 */
export class PistonSession {
  private state: State = 'new';
  private messages = 0;
  private readonly stdin: string[] = [];
  private stdinBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private job: PreparedJob | null = null;
  /** The client ended its input (EOT). */
  private ended = false;
  private cancelledBy: string | null = null;

  constructor(
    private readonly ws: WebSocket,
    private readonly piston: PistonService,
    private readonly limits: SessionLimits,
  ) {}

  start(): void {
    this.ws.on('message', (raw: RawData) => void this.onMessage(raw));
    this.ws.on('close', () => this.finish());
    this.ws.on('error', () => this.finish());
    this.arm(this.limits.initTimeoutMs, () => this.close(CLOSE.initTimeout));
  }

  private async onMessage(raw: RawData): Promise<void> {
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
        return this.init(m);
      case 'data':
        return this.data(m);
      case 'signal':
        return this.signal(m);
      default:
        return; // Piston ignores other types too.
    }
  }

  private async init(msg: Record<string, unknown>): Promise<void> {
    if (this.state !== 'new') return this.close(CLOSE.alreadyInitialized);
    this.state = 'initializing';
    this.disarm();
    if (typeof msg.stdin === 'string') {
      this.stdin.push(msg.stdin);
      this.stdinBytes += Buffer.byteLength(msg.stdin);
    }
    try {
      this.job = await this.piston.prepare(msg, false);
    } catch (err) {
      return this.fail(errorMessage(err));
    }
    if (this.state !== 'initializing') return; // closed or failed meanwhile
    this.send({ type: 'runtime', language: this.job.runtime.language, version: this.job.runtime.version });
    this.state = 'collecting';
    if (this.cancelledBy) return this.cancel(this.cancelledBy);
    if (this.ended) return this.run();
    this.armIdle();
  }

  /** Messages sent right after `init`, before its checks finish, are kept and applied after them. */
  private data(msg: Record<string, unknown>): void {
    if (this.state === 'new') return this.close(CLOSE.notInitialized);
    if (msg.stream !== 'stdin') return this.close(CLOSE.onlyStdin);
    // Once the program runs, its stdin is closed: later data cannot reach it.
    if (this.ended || (this.state !== 'collecting' && this.state !== 'initializing')) return;
    if (typeof msg.data !== 'string') return this.fail('data must be a string');
    this.addStdin(msg.data);
  }

  private addStdin(text: string): void {
    this.ended = text.endsWith(END_OF_INPUT);
    const chunk = this.ended ? text.slice(0, -END_OF_INPUT.length) : text;
    this.stdinBytes += Buffer.byteLength(chunk);
    if (this.stdinBytes > this.limits.maxStdinBytes)
      return this.fail(`stdin must be at most ${this.limits.maxStdinBytes} bytes in all`);
    this.stdin.push(chunk);
    if (this.state !== 'collecting') return;
    if (this.ended) void this.run();
    else this.armIdle();
  }

  /**
   * Before the run a valid signal ends the session as if the program had been killed at once.
   * A running job cannot be signalled (the native service has no cancel): it ends at its limits.
   */
  private signal(msg: Record<string, unknown>): void {
    if (this.state === 'new') return this.close(CLOSE.notInitialized);
    if (typeof msg.signal !== 'string' || !SIGNALS.has(msg.signal)) return this.close(CLOSE.invalidSignal);
    if (this.state === 'initializing') this.cancelledBy = msg.signal;
    else if (this.state === 'collecting') this.cancel(msg.signal);
  }

  private cancel(signal: string): void {
    this.send({ type: 'exit', stage: 'run', code: null, signal });
    this.close(CLOSE.completed);
  }

  private async run(): Promise<void> {
    if (this.state !== 'collecting' || !this.job) return;
    this.state = 'running';
    this.disarm();
    let stages: PistonStages;
    try {
      stages = await this.piston.run(this.job, this.stdin.join(''));
    } catch (err) {
      return this.fail(errorMessage(err));
    }
    if (stages.compile) this.replay('compile', stages.compile);
    if (stages.run) this.replay('run', stages.run);
    this.close(CLOSE.completed);
  }

  private replay(stage: 'compile' | 'run', result: PistonStage): void {
    this.send({ type: 'stage', stage });
    for (const stream of ['stdout', 'stderr'] as const)
      for (let i = 0; i < result[stream].length; i += DATA_CHUNK)
        this.send({ type: 'data', stream, data: result[stream].slice(i, i + DATA_CHUNK) });
    const { code, signal, status, message } = result;
    this.send({ type: 'exit', stage, code, signal, status, message });
  }

  private armIdle(): void {
    this.arm(this.limits.stdinIdleMs, () => void this.run());
  }

  private arm(ms: number, then: () => void): void {
    this.disarm();
    this.timer = setTimeout(then, ms);
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Piston tells the error in a message, then closes (a close reason is limited to 123 bytes). */
  private fail(message: string): void {
    this.send({ type: 'error', message });
    this.close(CLOSE.notifiedError);
  }

  private send(message: Record<string, unknown>): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  private close([code, reason]: readonly [number, string]): void {
    this.finish();
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(code, reason);
  }

  private finish(): void {
    this.state = 'done';
    this.disarm();
  }
}

function rawText(raw: RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.from(raw as ArrayBuffer).toString('utf8');
}

const logger = new Logger('PistonSocket');

/** Client errors keep their message; anything else is logged and told only as an internal error. */
function errorMessage(err: unknown): string {
  if (err instanceof HttpException) return pistonMessage(err);
  logger.error({ err }, 'piston socket failed');
  return 'internal error';
}
