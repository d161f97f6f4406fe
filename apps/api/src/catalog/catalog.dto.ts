import { ApiProperty } from '@nestjs/swagger';
import type { LanguageView, LimitName, LimitRange, SUBMISSION_BOUNDS } from '@judgebox/domain';

export class LimitBoundDto {
  @ApiProperty() default!: number;
  @ApiProperty() max!: number;
}

export class LanguageViewDto implements LanguageView {
  @ApiProperty({ example: 'python' }) id!: string;
  @ApiProperty({ example: 'Python 3' }) name!: string;
  @ApiProperty({ type: [String], example: ['python3', 'py'] }) aliases!: string[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'reported by a worker from its image; null until one has',
  })
  version!: string | null;
  @ApiProperty({
    description:
      'a live worker has its sandbox image, so it runs now; false while the image is being built (or missing, or no worker is up): a submission answers 503 with Retry-After',
  })
  available!: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { numpy: '1.24.2' },
    description: "libraries of the language's image and their versions, read from the image; {} for none",
  })
  libraries!: Record<string, string>;
  @ApiProperty({
    type: [String],
    example: ['pytest'],
    description: 'unit-test frameworks (docs/teaching.md)',
  })
  testFrameworks!: string[];
  @ApiProperty() compiled!: boolean;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/LimitBoundDto' } })
  limits!: Record<LimitName, LimitBoundDto>;
}

export class LimitsViewDto {
  @ApiProperty({ description: 'every limit a client may set: min, default, max, unit' })
  limits!: Readonly<Record<LimitName, LimitRange>>;
  @ApiProperty({ description: 'bounds on what one submission may carry' })
  submission!: typeof SUBMISSION_BOUNDS;
  @ApiProperty({ description: 'largest accepted request body' })
  bodyLimitBytes!: number;
}
