import { ApiProperty } from '@nestjs/swagger';
import type {
  FileEncoding,
  GroupResult,
  GroupStatus,
  InteractionTranscript,
  LanguageAdjustment,
  ScoringResult,
} from '@judgebox/domain';

/** Response shapes of judging, for the OpenAPI document only. */
export class TranscriptDto implements InteractionTranscript {
  @ApiProperty({ description: 'what the interactor sent to the program' }) toProgram!: string;
  @ApiProperty({ description: 'what the program sent to the interactor' }) fromProgram!: string;
  @ApiProperty({ enum: ['utf8', 'base64'] }) encoding!: FileEncoding;
  @ApiProperty() truncated!: boolean;
}

export class GroupResultDto implements GroupResult {
  @ApiProperty() name!: string;
  @ApiProperty() points!: number;
  @ApiProperty() score!: number;
  @ApiProperty({ enum: ['passed', 'partial', 'failed', 'skipped'] }) status!: GroupStatus;
  @ApiProperty({ type: [Number] }) testCases!: number[];
  @ApiProperty({ type: String, nullable: true, description: 'the dependency that did not pass in full' })
  skippedBecause!: string | null;
}

export class ScoringResultDto implements ScoringResult {
  @ApiProperty() total!: number;
  @ApiProperty() max!: number;
  @ApiProperty({ type: [GroupResultDto] }) groups!: GroupResultDto[];
}

export class LanguageAdjustmentResultDto implements LanguageAdjustment {
  @ApiProperty() timeMultiplier!: number;
  @ApiProperty() extraMemoryMb!: number;
}
