import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, ValidateIf, ValidateNested } from 'class-validator';
import { GROUP_SCORINGS, JUDGE_BOUNDS, SUBMISSION_BOUNDS, type GroupScoring } from '@judgebox/domain';
import { IsPresent } from './limits.dto';
import { SourceFileDto } from './source-file.dto';
import { AreCaseIndices, AreGroupNames, IsNumberIn } from './judging-rules';
import {
  AreFiles,
  IsContent,
  IsSupportedLanguage,
  NamesAFile,
  NotWithSource,
  rule,
} from './submission-rules';

const IsGroupName = (): PropertyDecorator =>
  rule('groupName', (value) => {
    const max = JUDGE_BOUNDS.groupNameLength;
    return typeof value === 'string' && value.length > 0 && value.length <= max
      ? null
      : `must be a string of 1 to ${max} characters`;
  });

/** A checker's or interactor's program: like a submission's, `source` or `files` (e.g. with testlib.h). */
export class JudgeProgramDto {
  @ApiProperty({ example: 'cpp', description: 'language id or alias; see GET /v1/languages' })
  @IsDefined({ message: 'is required' })
  @IsSupportedLanguage()
  language!: string;

  @ApiPropertyOptional({ description: `one source file (at most ${SUBMISSION_BOUNDS.sourceBytes} bytes)` })
  @ValidateIf((o: JudgeProgramDto) => o.files === undefined || o.source !== undefined)
  @IsDefined({ message: 'is required unless files is given (give exactly one of source or files)' })
  @IsContent(SUBMISSION_BOUNDS.sourceBytes, null)
  source?: string;

  @ApiPropertyOptional({ type: [SourceFileDto], minItems: 1, maxItems: SUBMISSION_BOUNDS.files })
  @IsPresent()
  @NotWithSource()
  @AreFiles()
  @ValidateNested({ each: true, message: 'must be an object with name and content' })
  @Type(() => SourceFileDto)
  files?: SourceFileDto[];

  @ApiPropertyOptional({ description: 'the file compiled or run; defaults to the first file' })
  @IsPresent()
  @NamesAFile()
  entry?: string;
}

export class InteractorDto extends JudgeProgramDto {
  @ApiPropertyOptional({
    default: false,
    description: `keep both directions (at most ${JUDGE_BOUNDS.transcriptBytes} bytes each) in each case's result`,
  })
  @IsPresent()
  @IsBoolean({ message: 'must be a boolean' })
  transcript?: boolean;
}

/** A subtask. */
export class TestGroupDto {
  @ApiProperty({ example: 'small', maxLength: JUDGE_BOUNDS.groupNameLength })
  @IsDefined({ message: 'is required' })
  @IsGroupName()
  name!: string;

  @ApiProperty({ example: 30, minimum: 0, maximum: JUDGE_BOUNDS.groupPoints })
  @IsDefined({ message: 'is required' })
  @IsNumberIn(0, JUDGE_BOUNDS.groupPoints)
  points!: number;

  @ApiProperty({ type: [Number], example: [0, 1], description: 'indices into testCases (from 0)' })
  @IsDefined({ message: 'is required' })
  @AreCaseIndices()
  testCases!: number[];

  @ApiPropertyOptional({
    type: [String],
    description: 'groups that must pass in full first, else this one is skipped',
  })
  @IsPresent()
  @AreGroupNames()
  dependencies?: string[];

  @ApiPropertyOptional({ enum: GROUP_SCORINGS, default: 'all_or_nothing' })
  @IsPresent()
  @IsIn(GROUP_SCORINGS, { message: `must be one of ${GROUP_SCORINGS.map((s) => `"${s}"`).join(', ')}` })
  scoring?: GroupScoring;

  @ApiPropertyOptional({
    default: false,
    description: "skip the group's remaining cases after its first failure",
  })
  @IsPresent()
  @IsBoolean({ message: 'must be a boolean' })
  stopOnFirstFailure?: boolean;
}

export class LanguageAdjustmentDto {
  @ApiProperty({ example: 'java' })
  @IsDefined({ message: 'is required' })
  @IsSupportedLanguage()
  language!: string;

  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: JUDGE_BOUNDS.timeMultiplier })
  @IsPresent()
  @IsNumberIn(1, JUDGE_BOUNDS.timeMultiplier)
  timeMultiplier?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: JUDGE_BOUNDS.extraMemoryMb })
  @IsPresent()
  @IsNumberIn(0, JUDGE_BOUNDS.extraMemoryMb, true)
  extraMemoryMb?: number;
}
