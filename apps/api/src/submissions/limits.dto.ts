import { ApiPropertyOptional } from '@nestjs/swagger';
import { ValidateIf } from 'class-validator';
import { LIMIT_RANGES, type LimitName, type Limits } from '@judgebox/domain';
import { IsLimit, LIMITS_LANGUAGE, type LanguageAware } from './submission-rules';

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

/** Client-chosen limits; every field is optional and falls back to the language's default. */
export class LimitsDto implements Partial<Limits>, LanguageAware {
  [LIMITS_LANGUAGE]?: LanguageAware[typeof LIMITS_LANGUAGE];

  @limitDoc('cpuTimeMs') @IsPresent() @IsLimit('cpuTimeMs') cpuTimeMs?: number;
  @limitDoc('wallTimeMs') @IsPresent() @IsLimit('wallTimeMs') wallTimeMs?: number;
  @limitDoc('memoryMb') @IsPresent() @IsLimit('memoryMb') memoryMb?: number;
  @limitDoc('processes') @IsPresent() @IsLimit('processes') processes?: number;
  @limitDoc('outputBytes') @IsPresent() @IsLimit('outputBytes') outputBytes?: number;
}
