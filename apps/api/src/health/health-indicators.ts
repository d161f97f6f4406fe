import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { FIRST_TIER_IMAGES } from '@judgebox/domain';
import { LanguageAvailability } from '../queue/language-availability';
import { MetaRepository } from '../queue/meta.repository';

const CHECK_TIMEOUT_MS = 2_000;

/** Readiness facts, all read from Redis: the API never talks to a Docker engine. */
@Injectable()
export class HealthIndicators {
  constructor(
    private readonly meta: MetaRepository,
    private readonly indicators: HealthIndicatorService,
    private readonly availability: LanguageAvailability,
  ) {}

  /**
   * Languages ready (a live worker has their image) out of all. Ready once the first tier is, as
   * `npm start` serves then; the rest, built in the background, only change the count.
   */
  async languages(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('languages');
    try {
      const counts = await withTimeout(this.availability.counts(), CHECK_TIMEOUT_MS);
      const details = { ready: counts.ready, total: counts.total };
      return counts.firstTierReady
        ? check.up(details)
        : check.down({
            ...details,
            message: `the first tier of images (${FIRST_TIER_IMAGES.join(', ')}) is not ready on any worker`,
          });
    } catch (err) {
      return check.down({ message: errorMessage(err) });
    }
  }

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
