import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { findLanguage, LIMIT_RANGES, type LanguageSpec } from '@judgebox/domain';
import { CreateSubmissionDto } from './create-submission.dto';
import { LimitsDto, limitsDtoFor } from './limits.dto';

const { max, min, unit } = LIMIT_RANGES.memoryMb;
/** A language that raises a maximum; the catalog may have none, so one is made up from python. */
const raising: LanguageSpec = { ...findLanguage('python')!, limitOverrides: { memoryMb: max * 2 } };

const errorsOf = (type: typeof LimitsDto, memoryMb: number): string[] =>
  validateSync(plainToInstance(type, { memoryMb })).flatMap((e) => Object.values(e.constraints ?? {}));

describe('limits checked against the language', () => {
  it("allows up to the language's raised maximum and states it when refusing", () => {
    const type = limitsDtoFor(raising);
    expect(errorsOf(type, max * 2)).toEqual([]);
    expect(errorsOf(type, max * 2 + 1)).toEqual([
      `must be an integer between ${min} and ${max * 2} (${unit})`,
    ]);
  });

  it('keeps the base maxima without a language, and one class per language', () => {
    expect(limitsDtoFor(undefined)).toBe(LimitsDto);
    expect(limitsDtoFor(raising)).toBe(limitsDtoFor(raising));
    expect(errorsOf(LimitsDto, max + 1)).toEqual([`must be an integer between ${min} and ${max} (${unit})`]);
  });

  it("a submission's limits take the class of its language", () => {
    const dto = plainToInstance(CreateSubmissionDto, { language: 'python', source: '', limits: {} });
    expect(dto.limits).toBeInstanceOf(limitsDtoFor(findLanguage('python')));
    expect(dto.limits?.constructor).not.toBe(LimitsDto);
  });
});
