import { ApiPropertyOptional } from '@nestjs/swagger';
import { ValidateIf } from 'class-validator';
import { LIMIT_RANGES, type LanguageSpec, type LimitName, type Limits } from '@judgebox/domain';
import { IsLimit } from './submission-rules';

/** Present means "validate it", so `null` is refused rather than taken as absent. */
export const IsPresent = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

function limitDoc(name: LimitName): PropertyDecorator {
  const r = LIMIT_RANGES[name];
  return ApiPropertyOptional({
    type: 'integer',
    minimum: r.min,
    maximum: r.max,
    default: r.default,
    description: `${r.description} (${r.unit}); a language may raise the default and maximum`,
  });
}

/**
 * Client-chosen limits; every field is optional and falls back to the language's default. Checked
 * against the base maxima; a submission's are checked as the subclass of its language.
 */
export class LimitsDto implements Partial<Limits> {
  /** The language whose maxima apply; none here (a problem's limits: any language may judge it). */
  static readonly language?: LanguageSpec;

  @limitDoc('cpuTimeMs') @IsPresent() @IsLimit('cpuTimeMs') cpuTimeMs?: number;
  @limitDoc('wallTimeMs') @IsPresent() @IsLimit('wallTimeMs') wallTimeMs?: number;
  @limitDoc('memoryMb') @IsPresent() @IsLimit('memoryMb') memoryMb?: number;
  @limitDoc('processes') @IsPresent() @IsLimit('processes') processes?: number;
  @limitDoc('outputBytes') @IsPresent() @IsLimit('outputBytes') outputBytes?: number;
}

const BY_LANGUAGE = new Map<LanguageSpec, typeof LimitsDto>();

/**
 * The limits class of a submission in `language`, one per language: a nested validator cannot see
 * its parent, so the submission's `@Type` picks the class that carries the language.
 */
export function limitsDtoFor(language: LanguageSpec | undefined): typeof LimitsDto {
  if (!language) return LimitsDto;
  let type = BY_LANGUAGE.get(language);
  if (!type) {
    type = class extends LimitsDto {
      static override readonly language = language;
    };
    BY_LANGUAGE.set(language, type);
  }
  return type;
}
