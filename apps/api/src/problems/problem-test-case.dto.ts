import { ApiPropertyOptional } from '@nestjs/swagger';
import { ValidateBy } from 'class-validator';
import { fileNameProblem } from '@judgebox/domain';
import { IsPresent } from '../submissions/limits.dto';
import { TestCaseDto } from '../submissions/test-case.dto';

/** A file name, and not together with the inline field it stands for. */
const NamesProblemFile = (inline: 'stdin' | 'expectedOutput'): PropertyDecorator =>
  ValidateBy({
    name: 'problemFile',
    validator: {
      validate: (value, args) => problemFileError(value, args?.object, inline) === null,
      defaultMessage: (args) => problemFileError(args?.value, args?.object, inline) ?? 'is invalid',
    },
  });

function problemFileError(value: unknown, object: object | undefined, inline: string): string | null {
  if (typeof value !== 'string') return 'must be a string (the name of a file of the problem)';
  if ((object as Record<string, unknown> | undefined)?.[inline] !== undefined)
    return `must not be given together with ${inline}`;
  return fileNameProblem(value);
}

/**
 * A test case of a stored problem: a submission's test case (TestCaseDto, same rules), whose stdin
 * and expected output may instead name files uploaded to the problem (any size within the
 * problem's bound, never inline in JSON).
 */
export class ProblemTestCaseDto extends TestCaseDto {
  @ApiPropertyOptional({ example: 'tests/01.in', description: 'a file of the problem, instead of stdin' })
  @IsPresent()
  @NamesProblemFile('stdin')
  stdinFile?: string;

  @ApiPropertyOptional({
    example: 'tests/01.ans',
    description: 'a file of the problem, instead of expectedOutput',
  })
  @IsPresent()
  @NamesProblemFile('expectedOutput')
  expectedOutputFile?: string;
}
