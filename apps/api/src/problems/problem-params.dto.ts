import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, IsUUID, Max, Min } from 'class-validator';
import { PROBLEM_BOUNDS } from '@judgebox/domain';
import { IsPresent } from '../submissions/limits.dto';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;

export class ProblemIdParams {
  @IsUUID('all', { message: 'must be a UUID' })
  id!: string;
}

export class ProblemFileParams extends ProblemIdParams {
  /** Checked by the service with the rules of submission file names (it may hold one `/`, sent as %2F). */
  @IsString()
  name!: string;
}

export class ProblemVersionQuery {
  @ApiPropertyOptional({ minimum: 1, description: 'a kept version (default: the current one)' })
  @IsPresent()
  @Transform(toInt)
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be at least 1' })
  version?: number;
}

export class ProblemListQuery {
  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsPresent()
  @Transform(toInt)
  @IsInt({ message: 'must be an integer' })
  @Min(0, { message: 'must be at least 0' })
  offset?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: PROBLEM_BOUNDS.listLimit, default: 100 })
  @IsPresent()
  @Transform(toInt)
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be at least 1' })
  @Max(PROBLEM_BOUNDS.listLimit, { message: `must be at most ${PROBLEM_BOUNDS.listLimit}` })
  limit?: number;
}
