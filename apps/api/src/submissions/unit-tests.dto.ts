import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsDefined, ValidateNested } from 'class-validator';
import { SUBMISSION_BOUNDS, TEST_FRAMEWORK_IDS, type TestFramework } from '@judgebox/domain';
import { IsPresent } from './limits.dto';
import { SourceFileDto } from './source-file.dto';
import { AreTestWeights, IsPerTestTimeout, IsTestFramework } from './teaching-rules';

/** Grading by the teacher's unit tests (docs/teaching.md). */
export class UnitTestsDto {
  @ApiProperty({ enum: TEST_FRAMEWORK_IDS, example: 'pytest' })
  @IsDefined({ message: 'is required' })
  @IsTestFramework()
  framework!: TestFramework;

  @ApiProperty({
    type: [SourceFileDto],
    minItems: 1,
    description: "the teacher's test files, placed beside the submission's files",
  })
  @IsDefined({ message: 'is required' })
  @IsArray({ message: 'must be an array of files' })
  @ArrayMinSize(1, { message: 'must hold at least 1 file' })
  @ValidateNested({ each: true, message: 'must be an object with name and content' })
  @Type(() => SourceFileDto)
  files!: SourceFileDto[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { 'test_calc.test_add': 2 },
    description: `per-test weights by the name the result gives a test (others weigh 1), 0 to ${SUBMISSION_BOUNDS.testWeight}`,
  })
  @IsPresent()
  @AreTestWeights()
  weights?: Record<string, number>;

  @ApiPropertyOptional({
    minimum: SUBMISSION_BOUNDS.testTimeoutMinMs,
    description: 'time limit of each test, where the framework has one (pytest, JUnit 5)',
  })
  @IsPresent()
  @IsPerTestTimeout()
  perTestTimeoutMs?: number;
}
