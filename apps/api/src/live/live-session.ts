import { randomUUID } from 'node:crypto';
import { WebSocket, type RawData } from 'ws';
import { LIVE_CLOSE, type LiveCloseName, type LiveServerMessage } from '@judgebox/domain';
import type { InteractiveChannel, InteractiveChannels } from '../queue/interactive-channels';
import type { CreateSubmissionDto } from '../submissions/create-submission.dto';
import type { SubmissionsService } from '../submissions/submissions.service';
import { LiveError, toLiveError } from './live-error';
import { parseClientMessage, type ClientMessage } from './live-messages';
import { relayLive } from './live-relay';
import { outputCaps } from './live-output';

/** Bounds of one live socket, from the config. */
export interface LiveLimits {
  startTimeoutMs: number;
  idleTimeoutMs: number;
  maxMessages: number;
  /** Stdin bytes in all: the submission's own plus what comes while it runs. */
  maxStdinBytes: number;
  queueWaitMs: number;
}

export interface LiveDeps {
  submissions: SubmissionsService;
  channels: InteractiveChannels;
  /** The native body's validation, exactly as POST /v1/submissions applies it. */
  validate(body: unknown): Promise<CreateSubmissionDto>;
}

type State = 'new' | 'running' | 'done';

/**
 * One client of the native live socket (`/v1/live`, protocol in docs/live.md): `start` queues the
 * native body as a live job; stdin, eof and kill go to the job's input stream as they come; its
 * output, compile result, test cases and final result come back (live-relay.ts). A client that
 * goes away kills its job.
 */
export class LiveSession {
  private state: State = 'new';
  private messages = 0;
  private stdinBytes = 0;
  private judged = false;
  private startTimer: NodeJS.Timeout | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private jobId: string | null = null;
  private channel: InteractiveChannel | null = null;

  constructor(
    private readonly ws: WebSocket,
    private readonly deps: LiveDeps,
    private readonly limits: LiveLimits,
  ) {}

  start(): void {
    this.ws.on('message', (raw: RawData) => this.onMessage(raw));
    this.ws.on('close', () => void this.finish());
    this.ws.on('error', () => void this.finish());
    this.startTimer = setTimeout(
      () => this.fail(new LiveError('startTimeout', `send start within ${this.limits.startTimeoutMs} ms`)),
      this.limits.startTimeoutMs,
    );
    this.touch();
  }

  private onMessage(raw: RawData): void {
    if (this.state === 'done') return;
    this.touch();
    if (++this.messages > this.limits.maxMessages)
      return this.fail(
        new LiveError('tooManyMessages', `a socket may send at most ${this.limits.maxMessages} messages`),
      );
    const parsed = parseClientMessage(raw);
    if (typeof parsed === 'string') return this.fail(new LiveError('badMessage', parsed));
    this.dispatch(parsed);
  }

  private dispatch(msg: ClientMessage): void {
    if (msg.type === 'start') return void this.run(msg.submission);
    if (this.state === 'new') return this.fail(new LiveError('notStarted', `send start before ${msg.type}`));
    switch (msg.type) {
      case 'stdin':
        if (this.judged)
          return this.fail(
            new LiveError('badMessage', 'a judged submission reads its test cases, not stdin'),
          );
        this.stdinBytes += msg.data.length;
        if (this.stdinBytes > this.limits.maxStdinBytes)
          return this.fail(
            new LiveError('stdinTooLarge', `stdin must be at most ${this.limits.maxStdinBytes} bytes in all`),
          );
        return this.forward({ type: 'stdin', data: msg.data });
      case 'eof':
        return this.forward({ type: 'eof' });
      case 'kill':
        return this.forward({ type: 'kill', reason: 'signal' });
    }
  }

  /** Stdin sent right after `start`, while it is checked, goes to the job's stream already. */
  private async run(body: Record<string, unknown>): Promise<void> {
    if (this.state !== 'new') return this.fail(new LiveError('alreadyStarted', 'start was sent already'));
    this.state = 'running';
    if (this.startTimer) clearTimeout(this.startTimer);
    this.judged = Array.isArray(body.testCases);
    if (typeof body.stdin === 'string') this.stdinBytes += Buffer.byteLength(body.stdin);
    const id = randomUUID();
    this.channel = this.deps.channels.open(id);
    try {
      const dto = await this.deps.validate(body);
      if (this.state !== 'running') return;
      const { request } = await this.deps.submissions.submitAndRead(dto, false, { live: { id } });
      this.jobId = id;
      if (this.state !== 'running') return void this.stopJob(); // the client left meanwhile
      this.send({ type: 'accepted', id });
      await relayLive(this.channel, this.ports(id), {
        outputBytes: outputCaps(request),
        queueWaitMs: this.limits.queueWaitMs,
      });
      this.jobId = null; // finished: nothing left to kill
      this.close('finished');
    } catch (err) {
      this.fail(toLiveError(err));
    }
  }

  private ports(id: string): Parameters<typeof relayLive>[1] {
    return {
      send: (message) => this.send(message),
      backlog: () => this.ws.bufferedAmount,
      isOpen: () => this.state === 'running',
      jobState: () => this.deps.submissions.jobState(id),
      view: async () => (await this.deps.submissions.read(id))?.view ?? null,
      withdraw: () => this.deps.submissions.withdraw(id),
    };
  }

  private forward(message: Parameters<InteractiveChannel['send']>[0]): void {
    this.channel?.send(message).catch((err: unknown) => this.fail(toLiveError(err)));
  }

  /** An `error` message, then the close: a close reason is limited to 123 bytes. */
  private fail(err: LiveError): void {
    if (this.state === 'done') return;
    const [code] = LIVE_CLOSE[err.close];
    this.send({
      type: 'error',
      code,
      message: err.message,
      ...(err.body !== undefined && { body: err.body }),
    });
    this.close(err.close);
  }

  private send(message: LiveServerMessage): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.touch();
    this.ws.send(JSON.stringify(message));
  }

  /** Any message either way restarts the idle clock. */
  private touch(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(
      () => this.fail(new LiveError('idleTimeout', `no message for ${this.limits.idleTimeoutMs} ms`)),
      this.limits.idleTimeoutMs,
    );
  }

  private close(name: LiveCloseName): void {
    void this.finish();
    const [code, reason] = LIVE_CLOSE[name];
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(code, reason);
  }

  /** However the session ends, a job still queued or running is stopped and the streams released. */
  private async finish(): Promise<void> {
    if (this.state === 'done') return;
    this.state = 'done';
    for (const timer of [this.startTimer, this.idleTimer]) if (timer) clearTimeout(timer);
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
