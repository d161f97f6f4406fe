import { Injectable } from '@nestjs/common';
import {
  catalogImages,
  findLanguage,
  FIRST_TIER_IMAGES,
  LANGUAGES,
  type LanguageSpec,
} from '@judgebox/domain';
import type { WorkerHeartbeat } from '@judgebox/queue';
import { RetryLaterException } from '../common/retry-later.exception';
import { MetaRepository } from './meta.repository';

/** Heartbeats are read again when the last read is older than this (in the background, see readyImages). */
const CACHE_MS = 2_000;
/** Retry-After of a submission whose language is not ready: a background image build takes minutes. */
export const NOT_READY_RETRY_AFTER_SECONDS = 30;

/** 503: a language of the submission has no worker with its image yet (it is being built). */
export class LanguageNotReadyException extends RetryLaterException {}

/** Languages ready out of all, for readiness. */
export interface LanguageCounts {
  ready: number;
  total: number;
  /** Every language of the first tier (built before `npm start` serves) is ready. */
  firstTierReady: boolean;
}

/**
 * Which languages can run now: those whose sandbox image is on the engine of at least one live
 * worker that takes jobs, as its heartbeat says (`images`). The rest are being built in the
 * background (npm start) or missing; a submission for one answers 503 with Retry-After.
 */
@Injectable()
export class LanguageAvailability {
  /** The last read that succeeded, and the read in flight (at most one). */
  private known: { at: number; images: Set<string> | null } | null = null;
  private reading: Promise<Set<string> | null> | null = null;

  constructor(private readonly meta: MetaRepository) {}

  /**
   * Image folders some live, working worker has; null with no such worker. A result older than
   * `maxAgeMs` (two seconds) is answered at once while a fresh read runs in the background, so a
   * submission never waits on Redis for it; only the first read (and `maxAgeMs` 0) waits.
   */
  readyImages(maxAgeMs = CACHE_MS): Promise<Set<string> | null> {
    const known = this.known;
    if (known !== null && Date.now() - known.at < maxAgeMs) return Promise.resolve(known.images);
    const fresh = this.read();
    if (known === null || maxAgeMs === 0) return fresh;
    fresh.catch(() => undefined); // the next request retries
    return Promise.resolve(known.images);
  }

  private read(): Promise<Set<string> | null> {
    this.reading ??= this.meta
      .liveWorkers()
      .then(imagesOf)
      .then((images) => {
        this.known = { at: Date.now(), images };
        return images;
      })
      .finally(() => (this.reading = null));
    return this.reading;
  }

  async isReady(lang: Pick<LanguageSpec, 'image'>): Promise<boolean> {
    return (await this.readyImages())?.has(lang.image) ?? false;
  }

  /** Read afresh: a readiness probe is rare, and must see a worker that has just come. */
  async counts(): Promise<LanguageCounts> {
    const images = (await this.readyImages(0)) ?? new Set<string>();
    return {
      ready: LANGUAGES.filter((l) => images.has(l.image)).length,
      total: LANGUAGES.length,
      firstTierReady: FIRST_TIER_IMAGES.every((image) => images.has(image)),
    };
  }

  /**
   * Answers 503 with Retry-After, naming them, when any of these languages is not ready. With no
   * working worker at all nothing is known: the submission is queued as ever, for the next worker.
   */
  async requireReady(languageIds: readonly string[]): Promise<void> {
    const images = await this.readyImages();
    if (images === null) return;
    const notReady = languageIds.filter((id) => {
      const lang = findLanguage(id);
      return lang !== undefined && !images.has(lang.image);
    });
    if (notReady.length === 0) return;
    const names = notReady.map((id) => findLanguage(id)?.id ?? id).join(', ');
    throw new LanguageNotReadyException(
      `language ${names} is not ready yet: its sandbox image is still being built or is missing; ` +
        `retry later (GET /v1/languages shows "available")`,
      NOT_READY_RETRY_AFTER_SECONDS,
    );
  }
}

/** Images of workers that take jobs; a worker from before heartbeats listed images has them all. */
function imagesOf(beats: WorkerHeartbeat[]): Set<string> | null {
  const working = beats.filter((b) => b.dockerOk && b.draining !== true);
  if (working.length === 0) return null;
  return new Set(working.flatMap((b) => b.images ?? catalogImages()));
}
