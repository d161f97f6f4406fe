import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsUUID } from 'class-validator';
import { IsPresent } from './limits.dto';

const BOOLEAN_WORDS = new Map([
  ['true', true],
  ['1', true],
  ['false', false],
  ['0', false],
]);

export class SubmitQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false', '1', '0'],
    description: 'hold the request until the result is ready',
  })
  @IsPresent()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? (BOOLEAN_WORDS.get(value) ?? value) : value,
  )
  @IsBoolean({ message: 'must be true, false, 1 or 0' })
  wait?: boolean;
}

export class SubmissionIdParams {
  @IsUUID('all', { message: 'must be a UUID' })
  id!: string;
}
