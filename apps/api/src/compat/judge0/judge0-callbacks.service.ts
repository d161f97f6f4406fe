import { InjectQueue } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { EventEmitter } from 'node:events';
import type { LookupFunction } from 'node:net';
import { AppConfig } from '@judgebox/config';
import { JUDGE0_BOUNDS } from '@judgebox/domain';
import { SUBMISSIONS_QUEUE, type SubmissionJobData, type SubmissionJobResult } from '@judgebox/queue';
import { SubmissionEvents } from '../../queue/submission-events';
import { resolveCallbackHost, type ResolvedHost } from './callback-address';

const { callbackTries: CALLBACK_TRIES, callbackTimeoutMs: CALLBACK_TIMEOUT_MS } = JUDGE0_BOUNDS;
const CALLBACK_RETRY_DELAY_MS = JUDGE0_BOUNDS.callbackRetryDelayMs;

/**
 * Judge0's webhooks: when a submission with `callback_url` finishes, its result (default fields,
 * base64-encoded, as Judge0 sends them) is PUT to the URL, tried up to JUDGE0_BOUNDS.callbackTries
 * times, each within JUDGE0_BOUNDS.callbackTimeoutMs.
 * The API process that accepted the submission waits for the job (BullMQ QueueEvents) and sends
 * it; if that process stops first, the callback is not sent (README: "Coming from Judge0").
 */
@Injectable()
export class Judge0CallbacksService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Judge0Callbacks');
  private readonly pending = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    @InjectQueue(SUBMISSIONS_QUEUE) private readonly queue: Queue<SubmissionJobData, SubmissionJobResult>,
    private readonly events: SubmissionEvents,
    private readonly config: AppConfig,
  ) {}

  /** Checks a callback URL before the submission is accepted: an error message, or null. */
  async refusal(url: string): Promise<string | null> {
    const resolved = await resolveCallbackHost(new URL(url).hostname, this.allowHosts());
    return 'error' in resolved ? resolved.error : null;
  }

  /** Sends `render()`'s body to `url` once the job `token` has finished. Never throws. */
  schedule(token: string, url: string, render: () => Promise<object>): void {
    const task = this.deliver(token, url, render)
      .catch((err: unknown) => this.logger.warn(`callback for ${token} failed: ${String(err)}`))
      .finally(() => this.pending.delete(task));
    this.pending.add(task);
  }

  /**
   * Pending callbacks stop waiting (their jobs' results stay readable by polling). 'closing' on the
   * queue releases every `waitUntilFinished` and its timer, as SubmissionsService does for its own.
   */
  beforeApplicationShutdown(): void {
    this.stopping = true;
    const queue: EventEmitter = this.queue; // 'closing' is not among Queue's typed events
    queue.emit('closing', 'the API is shutting down');
  }

  private async deliver(token: string, url: string, render: () => Promise<object>): Promise<void> {
    const finished = await this.finished(token);
    if (!finished) {
      // Released by shutdown or by the wait's own limit: an unfinished result is never sent.
      const why = this.stopping ? 'the API is stopping' : 'no result in time';
      this.logger.warn(`callback for ${token} not sent: ${why}`);
      return;
    }
    const body = JSON.stringify(await render());
    for (let attempt = 1; attempt <= CALLBACK_TRIES; attempt++) {
      try {
        const status = await this.put(url, body);
        if (status < 400) return;
        this.logger.warn(`callback for ${token}: ${url} answered ${status} (try ${attempt})`);
      } catch (err) {
        this.logger.warn(`callback for ${token}: ${String(err)} (try ${attempt})`);
      }
      if (attempt < CALLBACK_TRIES) await new Promise((r) => setTimeout(r, CALLBACK_RETRY_DELAY_MS));
    }
  }

  /**
   * Waits until the job is completed or failed for good. A failed attempt that BullMQ retries also
   * ends a wait, hence the loop (bounded: a job has a few attempts).
   */
  private async finished(token: string): Promise<boolean> {
    const deadline = Date.now() + (this.config.RESULT_TTL_SECONDS + 60) * 1000;
    for (let round = 0; round < 5 && !this.stopping && Date.now() < deadline; round++) {
      const job = await this.queue.getJob(token);
      if (!job) return false;
      try {
        await job.waitUntilFinished(this.events.get(), deadline - Date.now());
      } catch {
        // Failed for good (a result: Internal Error), failed once and retried, timed out, or shutdown.
      }
      const state = await job.getState();
      if (state === 'completed' || state === 'failed') return true;
    }
    return false;
  }

  /** One PUT to the address checked just now: the socket goes to that address and no other. */
  private async put(url: string, body: string): Promise<number> {
    const target = new URL(url);
    const resolved = await resolveCallbackHost(target.hostname, this.allowHosts());
    if ('error' in resolved) throw new Error(`callback_url ${resolved.error}`);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const options: RequestOptions = {
      method: 'PUT',
      lookup: pinnedLookup(resolved),
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      timeout: CALLBACK_TIMEOUT_MS,
    };
    return new Promise<number>((resolve, reject) => {
      const req = send(target, options, (res) => {
        // Only the status matters: the body is never read, and a receiver cannot hold the socket open.
        resolve(res.statusCode ?? 0);
        res.destroy();
      });
      // `timeout` above is per idle socket; this bounds the whole exchange, even a slow trickle.
      const deadline = setTimeout(
        () => req.destroy(new Error(`no answer within ${CALLBACK_TIMEOUT_MS} ms`)),
        CALLBACK_TIMEOUT_MS,
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${CALLBACK_TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.on('close', () => clearTimeout(deadline));
      req.end(body);
    });
  }

  private allowHosts(): string[] {
    return this.config.JUDGE0_CALLBACK_ALLOW_HOSTS.split(',')
      .map((h) => h.trim())
      .filter((h) => h.length > 0);
  }
}

function pinnedLookup(resolved: ResolvedHost): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: resolved.address, family: resolved.family }]);
    else callback(null, resolved.address, resolved.family);
  };
}
