import type {
  LanguageView,
  SubmissionBody,
  SubmissionEvent,
  SubmissionView,
  TestCaseResult,
} from '@judgebox/domain';
import { errorFromResponse, JudgeboxError } from './errors';
import { LiveRun, type WebSocketFactory, type WebSocketLike } from './live-run';
import { readSse } from './sse';

export interface JudgeboxClientOptions {
  /** Where the API is, e.g. `http://127.0.0.1:2358`; in a page served by the API, its origin. */
  url: string;
  /** Sent as `Authorization: Bearer <apiKey>` when set. */
  apiKey?: string;
  /** Defaults to the global fetch (Node 18+, browsers). */
  fetch?: typeof fetch;
  /**
   * Opens the live socket. Defaults to the global WebSocket (browsers, Node 22+); on Node 20 pass
   * `(url, headers) => new (require('ws'))(url, { headers })`.
   */
  webSocket?: (url: string, headers: Record<string, string>) => WebSocketLike;
}

export interface JudgeOptions {
  /** Called as each test case finishes (from the submission's event stream). */
  onTestCase?: (testCase: TestCaseResult) => void;
}

const POLL_MS = 300;

/** Typed client of judgebox's native API; every error answer is a JudgeboxError subclass. */
export class JudgeboxClient {
  private readonly base: string;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: JudgeboxClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** Runs a program and resolves with the finished submission (its verdict, output, measures). */
  async run(body: SubmissionBody): Promise<SubmissionView> {
    const view = await this.submit(body, true);
    return `${view.state}` === 'finished' ? view : this.waitFor(view.id);
  }

  /** Judges a program on test cases; `onTestCase` hears each case as it finishes. */
  async judge(
    body: SubmissionBody & { testCases: NonNullable<SubmissionBody['testCases']> },
    options: JudgeOptions = {},
  ): Promise<SubmissionView> {
    const { id } = await this.submit(body, false);
    for await (const event of this.events(id)) {
      if (event.type === 'testCase') options.onTestCase?.(event.testCase);
      if (event.type === 'finished') return event.submission;
    }
    return this.waitFor(id); // the stream ended early (its time bound): the result is polled
  }

  /** Queues a submission without waiting (or, with `wait`, for up to the API's WAIT_TIMEOUT_MS). */
  submit(body: SubmissionBody, wait = false): Promise<SubmissionView> {
    return this.request<SubmissionView>('POST', `/v1/submissions${wait ? '?wait=true' : ''}`, body);
  }

  get(id: string): Promise<SubmissionView> {
    return this.request<SubmissionView>('GET', `/v1/submissions/${encodeURIComponent(id)}`);
  }

  languages(): Promise<LanguageView[]> {
    return this.request<LanguageView[]>('GET', '/v1/languages');
  }

  /** A submission's events (compiled, testCase…, finished), replayed when it has finished already. */
  async *events(id: string, signal?: AbortSignal): AsyncGenerator<SubmissionEvent> {
    const res = await this.fetchOrThrow(`/v1/submissions/${encodeURIComponent(id)}/events`, {
      signal,
      headers: this.headers(),
    });
    if (!res.body) throw new JudgeboxError('the event stream has no body', res.status, null);
    for await (const message of readSse(res.body)) yield JSON.parse(message.data) as SubmissionEvent;
  }

  /** Starts a program on the live socket: iterate it for output and events, write its stdin. */
  live(body: SubmissionBody): LiveRun {
    const url = `${this.base.replace(/^http/, 'ws')}/v1/live`;
    const headers = this.headers();
    const open = this.options.webSocket;
    const factory: WebSocketFactory = open
      ? (u) => open(u, headers)
      : (u) => new (globalThis as unknown as { WebSocket: new (u: string) => WebSocketLike }).WebSocket(u);
    return new LiveRun(factory, url, body);
  }

  private async waitFor(id: string): Promise<SubmissionView> {
    for (;;) {
      const view = await this.get(id);
      if (`${view.state}` === 'finished') return view;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers = { ...this.headers(), ...(body !== undefined && { 'content-type': 'application/json' }) };
    const res = await this.fetchOrThrow(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as T;
  }

  private async fetchOrThrow(path: string, init: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await this.fetchFn(`${this.base}${path}`, init);
    } catch (err) {
      throw new JudgeboxError(`cannot reach ${this.base}: ${(err as Error).message}`, 0, null);
    }
    if (res.ok) return res;
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: the text is the body
    }
    throw errorFromResponse(res.status, body, res.headers.get('retry-after'));
  }

  private headers(): Record<string, string> {
    return this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {};
  }
}
