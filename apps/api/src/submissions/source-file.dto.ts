import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn } from 'class-validator';
import { SUBMISSION_BOUNDS, type FileEncoding } from '@judgebox/domain';
import { IsPresent } from './limits.dto';
import { IsContent, IsFileName } from './submission-rules';

export const ENCODINGS: readonly FileEncoding[] = ['utf8', 'base64'];
export const ENCODING_MESSAGE = 'must be "utf8" or "base64"';

export class SourceFileDto {
  @ApiProperty({
    example: 'main.py',
    maxLength: SUBMISSION_BOUNDS.fileNameLength,
    description: 'relative path, at most one folder level',
  })
  @IsDefined({ message: 'is required' })
  @IsFileName()
  name!: string;

  @ApiProperty({ example: 'print(input())' })
  @IsDefined({ message: 'is required' })
  @IsContent(SUBMISSION_BOUNDS.filesTotalBytes, 'encoding')
  content!: string;

  @ApiPropertyOptional({ enum: ENCODINGS, default: 'utf8' })
  @IsPresent()
  @IsIn(ENCODINGS, { message: ENCODING_MESSAGE })
  encoding?: FileEncoding;
}
