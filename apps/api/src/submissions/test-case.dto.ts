import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn } from 'class-validator';
import { SUBMISSION_BOUNDS, type FileEncoding } from '@judgebox/domain';
import { IsPresent } from './limits.dto';
import { ENCODING_MESSAGE, ENCODINGS } from './source-file.dto';
import { IsContent } from './submission-rules';

/** One test case of a judged submission. */
export class TestCaseDto {
  @ApiPropertyOptional({ default: '', description: `at most ${SUBMISSION_BOUNDS.stdinBytes} bytes once decoded` })
  @IsPresent()
  @IsContent(SUBMISSION_BOUNDS.stdinBytes, 'encoding')
  stdin?: string;

  @ApiProperty({ example: 'cba\n', description: `at most ${SUBMISSION_BOUNDS.stdinBytes} bytes once decoded` })
  @IsDefined({ message: 'is required' })
  @IsContent(SUBMISSION_BOUNDS.stdinBytes, 'encoding')
  expectedOutput!: string;

  @ApiPropertyOptional({ enum: ENCODINGS, default: 'utf8', description: 'encoding of both stdin and expectedOutput' })
  @IsPresent()
  @IsIn(ENCODINGS, { message: ENCODING_MESSAGE })
  encoding?: FileEncoding;
}
