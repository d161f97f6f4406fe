import { Injectable } from '@nestjs/common';
import { AppConfig } from '@judgebox/config';
import {
  frameworksOf,
  LANGUAGES,
  languageVersion,
  parseLibraries,
  LIMIT_NAMES,
  LIMIT_RANGES,
  maxLimit,
  resolveLimits,
  SUBMISSION_BOUNDS,
} from '@judgebox/domain';
import { LanguageAvailability } from '../queue/language-availability';
import { MetaRepository } from '../queue/meta.repository';
import type { LanguageViewDto, LimitsViewDto } from './catalog.dto';

@Injectable()
export class CatalogService {
  constructor(
    private readonly meta: MetaRepository,
    private readonly config: AppConfig,
    private readonly availability: LanguageAvailability,
  ) {}

  /** The catalog with the versions workers found in their images; null until a worker reports. */
  async languages(): Promise<LanguageViewDto[]> {
    const [versions, libraries, ready] = await Promise.all([
      this.meta.languageVersions(),
      this.meta.languageLibraries(),
      this.availability.readyImages(),
    ]);
    return LANGUAGES.map((lang) => {
      const defaults = resolveLimits(undefined, lang.limitOverrides);
      const limits = Object.fromEntries(
        LIMIT_NAMES.map((name) => [
          name,
          { default: defaults[name], max: maxLimit(name, lang.limitOverrides) },
        ]),
      ) as LanguageViewDto['limits'];
      return {
        id: lang.id,
        name: lang.name,
        aliases: [...lang.aliases],
        version: languageVersion(lang, versions),
        available: ready?.has(lang.image) ?? false,
        libraries: parseLibraries(libraries[lang.image]),
        testFrameworks: frameworksOf(lang.id),
        compiled: lang.compile !== null,
        limits,
      };
    });
  }

  limits(): LimitsViewDto {
    return {
      limits: LIMIT_RANGES,
      submission: SUBMISSION_BOUNDS,
      bodyLimitBytes: this.config.BODY_LIMIT_BYTES,
    };
  }
}
