import type { LiveClientMessage, LiveServerMessage, SubmissionBody, SubmissionView } from '@judgebox/domain';
import { toBase64 } from './base64';
import { JudgeboxLiveError } from './errors';

/** What the client needs of a WebSocket: the browser's and the `ws` package's both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

const OPEN = 1;

/**
 * One program run over the live socket. Iterate it for the server's messages (output, stage,
 * compiled, testCase, finished) until the socket closes; an error close throws JudgeboxLiveError
 * from the iteration and from `result`. Messages sent before the socket opened are queued.
 */
export class LiveRun implements AsyncIterable<LiveServerMessage> {
  /** The submission id once the API has queued it. */
  readonly id: Promise<string>;
  /** The finished submission, as GET /v1/submissions/:id shows it. */
  readonly result: Promise<SubmissionView>;
  readonly stdin = {
    /** Text (sent as UTF-8) or bytes for the program's stdin. */
    write: (data: string | Uint8Array): void =>
      this.send(
        typeof data === 'string'
          ? { type: 'stdin', data }
          : { type: 'stdin', data: toBase64(data), encoding: 'base64' },
      ),
    /** Closes the program's stdin. */
    end: (): void => this.send({ type: 'eof' }),
  };

  private readonly ws: WebSocketLike;
  private readonly outbox: string[] = [];
  private readonly inbox: LiveServerMessage[] = [];
  private wake: (() => void) | null = null;
  private finished = false;
  private closed: JudgeboxLiveError | null | undefined = undefined; // undefined: open; null: ended well
  private settle!: {
    id: (id: string) => void;
    result: (v: SubmissionView) => void;
    fail: (e: Error) => void;
  };

  constructor(factory: WebSocketFactory, url: string, submission: SubmissionBody) {
    let resolveId!: (id: string) => void;
    let resolveResult!: (v: SubmissionView) => void;
    let reject!: (e: Error) => void;
    this.id = new Promise<string>((resolve) => (resolveId = resolve));
    this.result = new Promise<SubmissionView>((resolve, rej) => {
      resolveResult = resolve;
      reject = rej;
    });
    this.result.catch(() => undefined); // whoever awaits it sees the error; nobody must
    this.settle = { id: resolveId, result: resolveResult, fail: reject };
    this.ws = factory(url);
    this.ws.onopen = () => this.outbox.splice(0).forEach((m) => this.ws.send(m));
    this.ws.onmessage = (event) => this.receive(event.data);
    this.ws.onclose = (event) => this.end(event.code, event.reason);
    this.ws.onerror = () => undefined; // the close that follows tells the outcome
    this.send({ type: 'start', submission });
  }

  /** Stops the program; `finished` still follows. */
  kill(): void {
    this.send({ type: 'kill' });
  }

  /** Drops the socket; the API then kills the program. */
  close(): void {
    this.ws.close(1000, 'client closed');
  }

  async *[Symbol.asyncIterator](): AsyncIterator<LiveServerMessage> {
    for (;;) {
      const next = this.inbox.shift();
      if (next) {
        yield next;
        continue;
      }
      if (this.closed === null) return;
      if (this.closed) throw this.closed;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private send(message: LiveClientMessage): void {
    const text = JSON.stringify(message);
    if (this.ws.readyState === OPEN) this.ws.send(text);
    else this.outbox.push(text);
  }

  private receive(data: unknown): void {
    const text = typeof data === 'string' ? data : new TextDecoder().decode(data as ArrayBuffer);
    const message = JSON.parse(text) as LiveServerMessage;
    if (message.type === 'accepted') this.settle.id(message.id);
    if (message.type === 'finished') {
      this.finished = true;
      this.settle.result(message.submission);
    }
    if (message.type === 'error')
      this.closed = new JudgeboxLiveError(message.message, message.code, message.body);
    this.inbox.push(message);
    this.notify();
  }

  /** A close after `finished` is the normal end; any other close is the run's error. */
  private end(code: number, reason: string): void {
    if (this.finished || this.closed) this.closed ??= null;
    else this.closed = new JudgeboxLiveError(reason || `the live socket closed (${code})`, code, undefined);
    if (this.closed) this.settle.fail(this.closed);
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
