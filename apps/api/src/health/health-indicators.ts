import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { MetaRepository } from '../queue/meta.repository';

const CHECK_TIMEOUT_MS = 2_000;

/** Readiness facts, all read from Redis: the API never talks to a Docker engine. */
@Injectable()
export class HealthIndicators {
  constructor(
    private readonly meta: MetaRepository,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async redis(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('redis');
    try {
      await withTimeout(this.meta.ping(), CHECK_TIMEOUT_MS);
      return check.up();
    } catch (err) {
      return check.down({ message: errorMessage(err) });
    }
  }

  /** At least one worker whose heartbeat (not yet expired) says its engine works and it takes jobs. */
  async workers(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('workers');
    try {
      const beats = await withTimeout(this.meta.liveWorkers(), CHECK_TIMEOUT_MS);
      const ready = beats.filter((b) => b.dockerOk === true && b.draining !== true).length;
      const details = { live: beats.length, dockerOk: ready };
      return ready > 0
        ? check.up(details)
        : check.down({ ...details, message: 'no live worker with a working engine' });
    } catch (err) {
      return check.down({ message: errorMessage(err) });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
