import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDefined, IsIn, IsObject, ValidateIf, ValidateNested } from 'class-validator';
import { findLanguage, SUBMISSION_BOUNDS, type FileEncoding } from '@judgebox/domain';
import { IsPresent, LimitsDto } from './limits.dto';
import { ENCODING_MESSAGE, ENCODINGS, SourceFileDto } from './source-file.dto';
import {
  AreArgs,
  AreFiles,
  IsContent,
  IsSupportedLanguage,
  LIMITS_LANGUAGE,
  NamesAFile,
  NotWithSource,
} from './submission-rules';

const { files: maxFiles, sourceBytes, stdinBytes, args: maxArgs } = SUBMISSION_BOUNDS;

function withLanguage({ value, obj }: { value: unknown; obj: { language?: unknown } }): unknown {
  if (value instanceof LimitsDto && typeof obj.language === 'string')
    value[LIMITS_LANGUAGE] = findLanguage(obj.language);
  return value;
}

/** POST /v1/submissions. Exactly one of `source` or `files`. */
export class CreateSubmissionDto {
  @ApiProperty({ example: 'python', description: 'language id or alias; see GET /v1/languages' })
  @IsDefined({ message: 'is required' })
  @IsSupportedLanguage()
  language!: string;

  @ApiPropertyOptional({
    example: 'print("hello")',
    description: `one source file (at most ${sourceBytes} bytes), named by the language`,
  })
  @ValidateIf((o: CreateSubmissionDto) => o.files === undefined || o.source !== undefined)
  @IsDefined({ message: 'is required unless files is given (give exactly one of source or files)' })
  @IsContent(sourceBytes, null)
  source?: string;

  @ApiPropertyOptional({ type: [SourceFileDto], minItems: 1, maxItems: maxFiles })
  @IsPresent()
  @NotWithSource()
  @AreFiles()
  @ValidateNested({ each: true, message: 'must be an object with name and content' })
  @Type(() => SourceFileDto)
  files?: SourceFileDto[];

  @ApiPropertyOptional({
    example: 'main.py',
    description: 'the file compiled or run; defaults to the first file',
  })
  @IsPresent()
  @NamesAFile()
  entry?: string;

  @ApiPropertyOptional({ default: '', description: `at most ${stdinBytes} bytes once decoded` })
  @IsPresent()
  @IsContent(stdinBytes, 'stdinEncoding')
  stdin?: string;

  @ApiPropertyOptional({ enum: ENCODINGS, default: 'utf8' })
  @IsPresent()
  @IsIn(ENCODINGS, { message: ENCODING_MESSAGE })
  stdinEncoding?: FileEncoding;

  @ApiPropertyOptional({
    type: [String],
    maxItems: maxArgs,
    description: 'appended to the run command, no shell',
  })
  @IsPresent()
  @AreArgs()
  args?: string[];

  @ApiPropertyOptional({ type: LimitsDto })
  @IsPresent()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => LimitsDto)
  @Transform(withLanguage)
  limits?: LimitsDto;
}
