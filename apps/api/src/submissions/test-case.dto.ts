import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { SUBMISSION_BOUNDS, type FileEncoding } from '@judgebox/domain';
import { IsPresent } from './limits.dto';
import { ENCODING_MESSAGE, ENCODINGS } from './source-file.dto';
import { IsContent } from './submission-rules';

/** One test case of a judged submission. */
export class TestCaseDto {
  @ApiPropertyOptional({
    default: '',
    description: `at most ${SUBMISSION_BOUNDS.stdinBytes} bytes once decoded`,
  })
  @IsPresent()
  @IsContent(SUBMISSION_BOUNDS.stdinBytes, 'encoding')
  stdin?: string;

  @ApiPropertyOptional({
    example: 'cba\n',
    description: `at most ${SUBMISSION_BOUNDS.stdinBytes} bytes once decoded; absent, the case passes when the program exits 0 within every limit, whatever it prints`,
  })
  @IsPresent()
  @IsContent(SUBMISSION_BOUNDS.stdinBytes, 'encoding')
  expectedOutput?: string;

  @ApiPropertyOptional({
    enum: ENCODINGS,
    default: 'utf8',
    description: 'encoding of both stdin and expectedOutput',
  })
  @IsPresent()
  @IsIn(ENCODINGS, { message: ENCODING_MESSAGE })
  encoding?: FileEncoding;
}
