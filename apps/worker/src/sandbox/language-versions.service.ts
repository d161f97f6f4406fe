import { Inject, Injectable } from '@nestjs/common';
import type Docker from 'dockerode';
import { AppConfig } from '@judgebox/config';
import { catalogImages, imageName, languageVersion, type LanguageSpec } from '@judgebox/domain';
import { DOCKER } from './docker.provider';
import { imageRef } from './image-ref';

/** Label set by sandbox-images/ builds: the runtime's version, read from the image itself. */
export const VERSION_LABEL = 'io.judgebox.version';
/** Label of library packs: `name=version,name=version`, read by sandbox-images/<image>/libraries.sh. */
export const LIBRARIES_LABEL = 'io.judgebox.libraries';

/** What one look at the engine's images changed: image folders that appeared or went away. */
export interface ImageChanges {
  appeared: string[];
  gone: string[];
}

/**
 * The catalog images present on this worker's engine, with their versions and libraries. Read
 * from the engine's image list (one call, whatever the number of images), again whenever asked:
 * images built after the worker started (npm start builds most in the background) are found.
 */
@Injectable()
export class LanguageVersions {
  private versions = new Map<string, string>();
  private libraries = new Map<string, string>();
  private readAt = 0;
  private reading: Promise<ImageChanges> | null = null;

  constructor(
    @Inject(DOCKER) private readonly docker: Docker,
    private readonly config: AppConfig,
  ) {}

  /** Reads the engine's image list now (one read at a time; callers meanwhile share it). */
  load(): Promise<ImageChanges> {
    this.reading ??= this.read().finally(() => (this.reading = null));
    return this.reading;
  }

  /** As load(), unless the last read is younger than `maxAgeMs`: cheap enough for every job. */
  async fresh(maxAgeMs: number): Promise<void> {
    if (Date.now() - this.readAt >= maxAgeMs) await this.load();
  }

  /** Whether the image folder is on the engine (as of the last read). */
  has(image: string): boolean {
    return this.versions.has(image);
  }

  /** Catalog image folders not on the engine (as of the last read). */
  missing(): string[] {
    return catalogImages().filter((image) => !this.versions.has(image));
  }

  /** The language's version: its own item of the image's label, else the image's version. */
  versionOf(lang: Pick<LanguageSpec, 'id' | 'image'>): string | null {
    return languageVersion(lang, Object.fromEntries(this.versions));
  }

  all(): Record<string, string> {
    return Object.fromEntries(this.versions);
  }

  /** Image -> its libraries label, for the images that have one. */
  allLibraries(): Record<string, string> {
    return Object.fromEntries(this.libraries);
  }

  private async read(): Promise<ImageChanges> {
    const listed = await this.docker.listImages({ filters: { reference: ['judgebox/*'] } });
    const byRef = new Map(listed.flatMap((info) => (info.RepoTags ?? []).map((tag) => [tag, info] as const)));
    const before = new Set(this.versions.keys());
    const versions = new Map<string, string>();
    const libraries = new Map<string, string>();
    for (const image of catalogImages()) {
      const info = byRef.get(imageRef(imageName({ image }), this.config.SANDBOX_IMAGE_TAG));
      if (!info) continue;
      versions.set(image, info.Labels?.[VERSION_LABEL] ?? 'unknown');
      const libs = info.Labels?.[LIBRARIES_LABEL];
      if (libs) libraries.set(image, libs);
    }
    this.versions = versions;
    this.libraries = libraries;
    this.readAt = Date.now();
    return {
      appeared: [...versions.keys()].filter((image) => !before.has(image)),
      gone: [...before].filter((image) => !versions.has(image)),
    };
  }
}
