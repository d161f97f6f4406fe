import { Inject, Injectable } from '@nestjs/common';
import type Docker from 'dockerode';
import { imageName, languageVersion, LANGUAGES, type LanguageSpec } from '@judgebox/domain';
import { DOCKER } from './docker.provider';

/** Label set by sandbox-images/ builds: the runtime's version, read from the image itself. */
export const VERSION_LABEL = 'io.judgebox.version';
/** Label of library packs: `name=version,name=version`, read by sandbox-images/<image>/libraries.sh. */
export const LIBRARIES_LABEL = 'io.judgebox.libraries';

/** Versions of the language images this worker runs, read from the images at start. */
@Injectable()
export class LanguageVersions {
  private versions = new Map<string, string>();
  private libraries = new Map<string, string>();

  constructor(@Inject(DOCKER) private readonly docker: Docker) {}

  /** Reads every catalog image; returns the names of images that are missing. */
  async load(): Promise<string[]> {
    const missing: string[] = [];
    const images = [...new Set(LANGUAGES.map((l) => l.image))];
    await Promise.all(
      images.map(async (image) => {
        try {
          const info = await this.docker.getImage(imageName({ image })).inspect();
          this.versions.set(image, info.Config.Labels?.[VERSION_LABEL] ?? 'unknown');
          const libraries = info.Config.Labels?.[LIBRARIES_LABEL];
          if (libraries) this.libraries.set(image, libraries);
        } catch {
          missing.push(imageName({ image }));
        }
      }),
    );
    return missing;
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
}
