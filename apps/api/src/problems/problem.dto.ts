import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { PROBLEM_BOUNDS, SUBMISSION_BOUNDS } from '@judgebox/domain';
import { CreateSubmissionDto } from '../submissions/create-submission.dto';
import { IsPresent, LimitsDto } from '../submissions/limits.dto';
import { AreTestCases } from '../submissions/submission-rules';
import { ProblemTestCaseDto } from './problem-test-case.dto';

/**
 * Fields of a submission that belong to the program or the submission, not to the judging. Everything else of
 * CreateSubmissionDto (compare, floatTolerance, stopOnFirstFailure and whatever judging options
 * are added there later) is a problem's too, with the same rules, stored as given and handed to
 * each submission naming the problem. `testCases` and `limits` are declared again below.
 */
const PROGRAM_FIELDS = [
  'language',
  'source',
  'files',
  'entry',
  'stdin',
  'stdinEncoding',
  'args',
  'compilerOptions',
  'testCases',
  'limits',
  'problemId',
  'problemVersion',
  'outputFiles',
  'unitTests',
  'callbackUrl',
] as const;

/** POST /v1/problems and PUT /v1/problems/:id: the whole judging of a problem (files apart). */
export class ProblemDto extends OmitType(CreateSubmissionDto, PROGRAM_FIELDS) {
  @ApiPropertyOptional({ example: 'A + B', maxLength: PROBLEM_BOUNDS.nameLength })
  @IsPresent()
  @IsString({ message: 'must be a string' })
  @MaxLength(PROBLEM_BOUNDS.nameLength, {
    message: `must be at most ${PROBLEM_BOUNDS.nameLength} characters`,
  })
  name?: string;

  @ApiPropertyOptional({
    type: [ProblemTestCaseDto],
    minItems: 1,
    maxItems: SUBMISSION_BOUNDS.testCases,
    description: "as a submission's, each stdin and expected output inline or naming a file of the problem",
  })
  @IsPresent()
  @AreTestCases()
  @ValidateNested({ each: true, message: 'must be an object' })
  @Type(() => ProblemTestCaseDto)
  testCases?: ProblemTestCaseDto[];

  @ApiPropertyOptional({
    type: LimitsDto,
    description:
      "limits of every submission judged against the problem (the language's defaults where absent)",
  })
  @IsPresent()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => LimitsDto)
  limits?: LimitsDto;
}
