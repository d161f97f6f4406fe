import { ApiProperty } from '@nestjs/swagger';
import {
  TEST_FRAMEWORK_IDS,
  TEST_STATUSES,
  type OutputFile,
  type TestEntry,
  type TestFramework,
  type TestStatus,
  type UnitTestResult,
} from '@judgebox/domain';

/** Response shapes of output files and unit tests (docs/teaching.md), for the OpenAPI document only. */
export class OutputFileDto implements OutputFile {
  @ApiProperty({ example: 'plot.png' }) name!: string;
  @ApiProperty({ type: String, nullable: true, description: 'base64; null with a problem' })
  content!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) bytes!: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'not a regular file' }) problem!: string | null;
}

class TestEntryDto implements TestEntry {
  @ApiProperty({ example: 'test_calc.test_add' }) name!: string;
  @ApiProperty({ enum: TEST_STATUSES }) status!: TestStatus;
  @ApiProperty({ type: String, nullable: true }) message!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) timeMs!: number | null;
}

class TestCountsDto {
  @ApiProperty() passed!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() error!: number;
  @ApiProperty() skipped!: number;
  @ApiProperty() total!: number;
}

export class UnitTestResultDto implements UnitTestResult {
  @ApiProperty({ enum: TEST_FRAMEWORK_IDS }) framework!: TestFramework;
  @ApiProperty({
    type: [TestEntryDto],
    nullable: true,
    description: 'null when the run left no usable report',
  })
  tests!: TestEntryDto[] | null;
  @ApiProperty() testsTruncated!: boolean;
  @ApiProperty({ type: TestCountsDto }) counts!: TestCountsDto;
  @ApiProperty({ description: 'passed weight over the weight of the tests that ran, 0..1' }) score!: number;
}
