import { Inject, Injectable, Logger } from '@nestjs/common';
import type Docker from 'dockerode';
import { DOCKER } from '../sandbox/docker.provider';

/** How often the engine is pinged; the events stream tells of a stop at once, the ping of the return. */
const PROBE_MS = 2_000;
const PING_TIMEOUT_MS = 2_000;

/** What the worker does when the engine goes away and when it is back (see WorkerLifecycle). */
export interface EngineHandlers {
  /** The engine went away: take no more jobs. Its containers are gone with it. */
  lost(): void;
  /** The engine answers again: prove it and renew the pool. Throwing keeps the worker away. */
  back(): Promise<void>;
  /** `back` succeeded and the engine did not leave meanwhile: take jobs again. */
  ready(): void;
}

/**
 * Follows the Docker engine. Its events stream ends the moment the engine stops (a restart kills
 * every container: the pool's and the running jobs'); a ping every PROBE_MS sees it come back, or
 * catches a stop the stream missed. `up` is false from the loss until `back` has succeeded.
 */
@Injectable()
export class EngineWatch {
  private readonly log = new Logger(EngineWatch.name);
  private state: 'up' | 'down' | 'recovering' = 'up';
  private outages = 0;
  private timer: NodeJS.Timeout | null = null;
  /** The engine's events stream (an HTTP response: destroying it hangs up). */
  private events: (NodeJS.ReadableStream & { destroy?: () => void }) | null = null;
  private handlers: EngineHandlers | null = null;

  constructor(@Inject(DOCKER) private readonly docker: Docker) {}

  get up(): boolean {
    return this.state === 'up';
  }

  /** Outages seen since start; a job notes it when it starts to learn whether the engine left under it. */
  get outageCount(): number {
    return this.outages;
  }

  start(handlers: EngineHandlers): void {
    this.handlers = handlers;
    this.follow();
    this.timer = setInterval(() => void this.probe(), PROBE_MS);
  }

  stop(): void {
    this.handlers = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const events = this.events;
    this.events = null;
    events?.destroy?.();
  }

  /**
   * Whether the engine went away since `outagesAtStart` (or is away now): a job that failed then
   * failed because of the engine, not because of its program.
   */
  async wentAwaySince(outagesAtStart: number): Promise<boolean> {
    if (this.outages !== outagesAtStart) return true;
    if (!(await this.ping())) this.lose('it does not answer a ping');
    return this.outages !== outagesAtStart;
  }

  async ping(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>(
      (resolve) => (timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS)),
    );
    const ping = this.docker.ping().then(
      () => true,
      () => false,
    );
    return Promise.race([ping, timeout]).finally(() => clearTimeout(timer));
  }

  private async probe(): Promise<void> {
    const answers = await this.ping();
    if (!answers) this.lose('it does not answer a ping');
    else if (this.state === 'down') await this.recover();
  }

  /** Subscribes to the engine's events; the stream ending means the engine stopped (or the socket broke). */
  private follow(): void {
    this.docker.getEvents({ filters: { type: ['daemon'] } }).then(
      (stream) => {
        const events: NodeJS.ReadableStream & { destroy?: () => void } = stream;
        if (!this.handlers) return events.destroy?.();
        this.events = events;
        stream.on('data', () => undefined);
        const ended = (): void => {
          if (this.events === events) this.lose('its events stream ended');
        };
        stream.once('end', ended);
        stream.once('close', ended);
        stream.once('error', ended);
      },
      () => this.lose('its events stream could not be opened'),
    );
  }

  private lose(why: string): void {
    if (!this.handlers || this.state === 'down') return;
    this.events = null;
    this.state = 'down';
    this.outages++;
    this.log.warn(`the Docker engine went away (${why}): taking no jobs until it is back`);
    this.handlers.lost();
  }

  private async recover(): Promise<void> {
    const handlers = this.handlers;
    if (!handlers) return;
    this.state = 'recovering';
    const started = Date.now();
    try {
      await handlers.back();
      if (this.state !== 'recovering') return; // lost again meanwhile
      this.follow();
      this.state = 'up';
      handlers.ready();
      this.log.log(`the Docker engine is back; taking jobs again (recovery took ${Date.now() - started} ms)`);
    } catch (err) {
      if (this.state === 'recovering') this.state = 'down';
      this.log.error(
        `the Docker engine answers again but the worker cannot use it: ${(err as Error).message}`,
      );
    }
  }
}
