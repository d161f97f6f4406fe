import { Inject, Injectable, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig } from '@judgebox/config';
import {
  catalogImages,
  findLanguage,
  imageName,
  requestLanguages,
  type SubmissionRequest,
} from '@judgebox/domain';
import { languageLibrariesKey, languageVersionsKey } from '@judgebox/queue';
import { META_REDIS } from '../redis.provider';
import { imageRef } from './image-ref';
import { LanguageVersions } from './language-versions.service';
import { SandboxPool } from './sandbox-pool';

/** A job reads the engine's image list again when the last read is older than this. */
const JOB_CHECK_MAX_AGE_MS = 3_000;

/**
 * Which catalog images this worker can run, kept current: `npm start` serves once the first tier
 * is built and builds the rest in the background, so images appear while the worker runs. It
 * looks every SANDBOX_IMAGE_RECHECK_SECONDS (one engine call); an image that appeared has its
 * version published and its warm pool filled. The heartbeat carries the list (`images`), from
 * which the API tells which languages are ready.
 */
@Injectable()
export class ImageWatch {
  private readonly log = new Logger(ImageWatch.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly versions: LanguageVersions,
    private readonly pool: SandboxPool,
    @Inject(META_REDIS) private readonly redis: Redis,
  ) {}

  /** First look; throws when an image the worker cannot start without (`required`) is missing. */
  async start(required: string): Promise<void> {
    await this.versions.load();
    if (!this.versions.has(required)) {
      const ref = imageRef(imageName({ image: required }), this.config.SANDBOX_IMAGE_TAG);
      throw new Error(
        `sandbox image ${ref} missing; build it with: bash scripts/build-images.sh ${required}`,
      );
    }
    await this.publish();
    const missing = this.versions.missing();
    if (missing.length > 0)
      this.log.warn(
        `${missing.length} of ${catalogImages().length} sandbox images not here yet, their languages answer 503 until they are (checked every ${this.config.SANDBOX_IMAGE_RECHECK_SECONDS} s): ${missing.join(', ')}`,
      );
    // Unref'd: a worker whose start fails after this (the preflight) still exits.
    this.timer = setInterval(() => void this.recheck(), this.config.SANDBOX_IMAGE_RECHECK_SECONDS * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Image folders on the engine now (as of the last look). */
  present(): string[] {
    return catalogImages().filter((image) => this.versions.has(image));
  }

  /**
   * Image folders a request needs that are not here; when there are, looks again first (at most
   * every few seconds), so an image built a moment ago is found.
   */
  async missingFor(request: Pick<SubmissionRequest, 'language' | 'judge'>): Promise<string[]> {
    const needed = requestLanguages(request).flatMap((id) => findLanguage(id)?.image ?? []);
    if (needed.every((image) => this.versions.has(image))) return [];
    await this.versions.fresh(JOB_CHECK_MAX_AGE_MS);
    return needed.filter((image) => !this.versions.has(image));
  }

  private async recheck(): Promise<void> {
    try {
      const { appeared, gone } = await this.versions.load();
      if (gone.length > 0) this.log.warn(`sandbox images gone: ${gone.join(', ')}`);
      if (appeared.length === 0) return;
      await this.publish();
      for (const image of appeared) this.pool.replenish(imageName({ image }));
      const missing = this.versions.missing().length;
      this.log.log(`sandbox images ready: ${appeared.join(', ')} (${missing} still missing)`);
    } catch (err) {
      this.log.warn(`looking for new sandbox images failed: ${(err as Error).message}`);
    }
  }

  /** The versions (and libraries) the API shows, as before: one hash per prefix, by image folder. */
  private async publish(): Promise<void> {
    const versions = this.versions.all();
    if (Object.keys(versions).length > 0)
      await this.redis.hset(languageVersionsKey(this.config.QUEUE_PREFIX), versions);
    const libraries = this.versions.allLibraries();
    if (Object.keys(libraries).length > 0)
      await this.redis.hset(languageLibrariesKey(this.config.QUEUE_PREFIX), libraries);
  }
}
