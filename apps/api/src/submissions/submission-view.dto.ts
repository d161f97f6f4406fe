import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SubmissionState, Verdict, VERDICT_DESCRIPTIONS } from '@judgebox/domain';
import type {
  FileEncoding,
  KillReason,
  PhaseResult,
  SubmissionResult,
  TestCaseResult,
  SubmissionView,
} from '@judgebox/domain';
import { LimitsDto } from './limits.dto';
import { LanguageAdjustmentResultDto, ScoringResultDto, TranscriptDto } from './judging-view.dto';
import { OutputFileDto, UnitTestResultDto } from './teaching-view.dto';

/** Response shapes, for the OpenAPI document only; the service returns the domain types. */
class PhaseResultDto implements PhaseResult {
  @ApiProperty() stdout!: string;
  @ApiProperty() stderr!: string;
  @ApiProperty({ enum: ['utf8', 'base64'], description: 'base64 when either stream was not valid UTF-8' })
  encoding!: FileEncoding;
  @ApiProperty() stdoutTruncated!: boolean;
  @ApiProperty() stderrTruncated!: boolean;
  @ApiProperty({ type: 'integer', nullable: true }) exitCode!: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'SIGSEGV' }) signal!: string | null;
  @ApiProperty() cpuTimeMs!: number;
  @ApiProperty() wallTimeMs!: number;
  @ApiProperty() peakMemoryBytes!: number;
  @ApiProperty() oomKilled!: boolean;
  @ApiProperty({ enum: ['wall_time', 'cpu_time', 'output'], nullable: true }) killedBy!: KillReason;
}

class TestCaseResultDto extends PhaseResultDto implements TestCaseResult {
  @ApiProperty({ description: 'position in testCases, from 0' }) index!: number;
  @ApiProperty({ enum: Verdict }) verdict!: Verdict;
  @ApiProperty({ type: String, nullable: true }) message!: string | null;
  @ApiProperty({ description: "fraction of the case's points, 0..1" }) score?: number;
  @ApiProperty({ type: String, nullable: true, description: 'what the checker or interactor said (capped)' })
  checkerMessage?: string | null;
  @ApiProperty({ type: TranscriptDto, nullable: true }) transcript?: TranscriptDto | null;
}

class ProblemRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() version!: number;
}

class SubmissionResultDto implements SubmissionResult {
  @ApiProperty({
    enum: Verdict,
    description: Object.entries(VERDICT_DESCRIPTIONS)
      .map(([v, d]) => `\`${v}\`: ${d}`)
      .join('\n'),
  })
  verdict!: Verdict;
  @ApiProperty({ type: String, nullable: true }) message!: string | null;
  @ApiProperty({ type: PhaseResultDto, nullable: true }) compile!: PhaseResultDto | null;
  @ApiProperty({ type: PhaseResultDto, nullable: true, description: 'null when judged (see testCases)' })
  run!: PhaseResultDto | null;
  @ApiProperty({
    type: [TestCaseResultDto],
    nullable: true,
    description:
      'judged submissions: one per case run (with stopOnFirstFailure, none after the first failure)',
  })
  testCases!: TestCaseResultDto[] | null;
  @ApiProperty({ type: ScoringResultDto, nullable: true, description: 'judged with groups' })
  scoring?: ScoringResultDto | null;
  @ApiProperty({ type: LanguageAdjustmentResultDto, nullable: true, description: 'applied to limits' })
  languageAdjustment?: LanguageAdjustmentResultDto | null;
  @ApiProperty({ type: LimitsDto }) limits!: Required<LimitsDto>;
  @ApiPropertyOptional({ type: [OutputFileDto], description: 'the files asked for in outputFiles' })
  outputFiles?: OutputFileDto[];
  @ApiPropertyOptional({ type: UnitTestResultDto, nullable: true, description: 'graded by unit tests' })
  unitTests?: UnitTestResultDto | null;
  @ApiProperty() language!: string;
  @ApiProperty({ type: String, nullable: true }) version!: string | null;
  @ApiPropertyOptional({ type: ProblemRefDto, description: 'the stored problem and version judged against' })
  problem?: ProblemRefDto;
  @ApiProperty() startedAt!: string;
  @ApiProperty() finishedAt!: string;
}

export class SubmissionViewDto implements SubmissionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: SubmissionState }) state!: SubmissionState;
  @ApiProperty({ example: 'python' }) language!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: SubmissionResultDto, nullable: true }) result!: SubmissionResultDto | null;
}
