import type { JudgeSpec, LanguageAdjustment } from './judging';
import { maxLimit, type Limits } from './limits';

export interface AdjustedLimits {
  limits: Limits;
  /** The adjustment applied, or null when the language has none. */
  adjustment: LanguageAdjustment | null;
}

/**
 * The run limits of a judged program in `language`: CPU and wall time multiplied, extra memory
 * added, each kept within the language's maximum. The one place stored problems and inline
 * submissions get their per-language allowance from (`judge.languageAdjustments`).
 */
export function adjustLimitsForLanguage(
  limits: Limits,
  judge: Pick<JudgeSpec, 'languageAdjustments'> | null | undefined,
  language: string,
  overrides: Partial<Limits> = {},
): AdjustedLimits {
  const adjustment = judge?.languageAdjustments?.[language] ?? null;
  if (!adjustment) return { limits, adjustment: null };
  const cap = (name: 'cpuTimeMs' | 'wallTimeMs' | 'memoryMb', value: number): number =>
    Math.min(Math.round(value), maxLimit(name, overrides));
  return {
    limits: {
      ...limits,
      cpuTimeMs: cap('cpuTimeMs', limits.cpuTimeMs * adjustment.timeMultiplier),
      wallTimeMs: cap('wallTimeMs', limits.wallTimeMs * adjustment.timeMultiplier),
      memoryMb: cap('memoryMb', limits.memoryMb + adjustment.extraMemoryMb),
    },
    adjustment,
  };
}
