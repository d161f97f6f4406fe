import { ApiProperty } from '@nestjs/swagger';
import { SubmissionState, Verdict, VERDICT_DESCRIPTIONS } from '@judgebox/domain';
import type {
  FileEncoding,
  KillReason,
  PhaseResult,
  SubmissionResult,
  SubmissionView,
} from '@judgebox/domain';
import { LimitsDto } from './limits.dto';

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
  @ApiProperty({ type: PhaseResultDto, nullable: true }) run!: PhaseResultDto | null;
  @ApiProperty({ type: LimitsDto }) limits!: Required<LimitsDto>;
  @ApiProperty() language!: string;
  @ApiProperty({ type: String, nullable: true }) version!: string | null;
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
