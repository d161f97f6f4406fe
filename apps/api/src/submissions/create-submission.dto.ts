import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsObject, IsUUID, ValidateIf, ValidateNested } from 'class-validator';
import {
  COMPARE_MODES,
  DEFAULT_FLOAT_TOLERANCE,
  JUDGE_BOUNDS,
  MAX_FLOAT_TOLERANCE,
  SUBMISSION_BOUNDS,
  type CompareMode,
  type FileEncoding,
  type SubmissionBody,
} from '@judgebox/domain';
import { IsPresent, LimitsDto, limitsDtoFor } from './limits.dto';
import { ENCODING_MESSAGE, ENCODINGS, SourceFileDto } from './source-file.dto';
import { TestCaseDto } from './test-case.dto';
import { InteractorDto, JudgeProgramDto, LanguageAdjustmentDto, TestGroupDto } from './judging.dto';
import { AreGroups, AreLanguageAdjustments, IsRelativeTolerance, NotWithChecker } from './judging-rules';
import { AreOutputFiles, IsUnitTests } from './teaching-rules';
import { UnitTestsDto } from './unit-tests.dto';
import { IsCallbackUrl } from '../webhooks/callback-url.rule';
import {
  AreArgs,
  AreCompilerOptions,
  AreFiles,
  AreTestCases,
  IsFloatTolerance,
  IsContent,
  IsProblemVersion,
  IsSupportedLanguage,
  languageOf,
  NamesAFile,
  NotWithProblem,
  NotWithSource,
  WithTestCases,
} from './submission-rules';

const { files: maxFiles, sourceBytes, stdinBytes, args: maxArgs } = SUBMISSION_BOUNDS;

/** POST /v1/submissions. Exactly one of `source` or `files`. */
export class CreateSubmissionDto implements SubmissionBody {
  @ApiProperty({ example: 'python', description: 'language id or alias; see GET /v1/languages' })
  @IsDefined({ message: 'is required' })
  @IsSupportedLanguage()
  language!: string;

  @ApiPropertyOptional({
    example: 'print("hello")',
    description: `one source file (at most ${sourceBytes} bytes), named by the language`,
  })
  @ValidateIf((o: CreateSubmissionDto) => o.files === undefined || o.source !== undefined)
  @IsDefined({ message: 'is required unless files is given (give exactly one of source or files)' })
  @IsContent(sourceBytes, null)
  source?: string;

  @ApiPropertyOptional({ type: [SourceFileDto], minItems: 1, maxItems: maxFiles })
  @IsPresent()
  @NotWithSource()
  @AreFiles()
  @ValidateNested({ each: true, message: 'must be an object with name and content' })
  @Type(() => SourceFileDto)
  files?: SourceFileDto[];

  @ApiPropertyOptional({
    example: 'main.py',
    description: 'the file compiled or run; defaults to the first file',
  })
  @IsPresent()
  @NamesAFile()
  entry?: string;

  @ApiPropertyOptional({
    default: '',
    description: `at most ${stdinBytes} bytes once decoded; not with testCases`,
  })
  @IsPresent()
  @NotWithProblem('the test cases')
  @IsContent(stdinBytes, 'stdinEncoding')
  @WithTestCases(false)
  stdin?: string;

  @ApiPropertyOptional({ enum: ENCODINGS, default: 'utf8' })
  @IsPresent()
  @IsIn(ENCODINGS, { message: ENCODING_MESSAGE })
  stdinEncoding?: FileEncoding;

  @ApiPropertyOptional({
    type: [String],
    maxItems: maxArgs,
    description: 'appended to the run command, no shell',
  })
  @IsPresent()
  @AreArgs()
  args?: string[];

  @ApiPropertyOptional({
    type: [String],
    maxItems: SUBMISSION_BOUNDS.compilerOptions,
    example: ['-O3', '-Wall'],
    description:
      "added to the compile command, each matched whole by the language's allowlist (see docs/api.md, Compiler options)",
  })
  @IsPresent()
  @AreCompilerOptions()
  compilerOptions?: string[];

  @ApiPropertyOptional({
    type: [TestCaseDto],
    minItems: 1,
    maxItems: SUBMISSION_BOUNDS.testCases,
    description: 'judge the program: compiled once, run once per case with its stdin, output compared',
  })
  @IsPresent()
  @NotWithProblem('the test cases')
  @AreTestCases()
  @ValidateNested({ each: true, message: 'must be an object' })
  @Type(() => TestCaseDto)
  testCases?: TestCaseDto[];

  @ApiPropertyOptional({
    enum: COMPARE_MODES,
    default: 'trim_trailing',
    description: 'how outputs are compared',
  })
  @IsPresent()
  @IsIn(COMPARE_MODES, { message: `must be one of ${COMPARE_MODES.map((m) => `"${m}"`).join(', ')}` })
  @WithTestCases(true)
  compare?: CompareMode;

  @ApiPropertyOptional({
    default: 0,
    minimum: 0,
    maximum: MAX_FLOAT_TOLERANCE,
    description: 'with compare "tokens": numbers equal within this absolute or relative difference',
  })
  @IsPresent()
  @IsFloatTolerance(MAX_FLOAT_TOLERANCE)
  @WithTestCases(true)
  floatTolerance?: number;

  @ApiPropertyOptional({
    default: DEFAULT_FLOAT_TOLERANCE,
    minimum: 0,
    maximum: MAX_FLOAT_TOLERANCE,
    description:
      'with compare "float": numbers equal within this relative difference (floatTolerance is the absolute one)',
  })
  @IsPresent()
  @IsRelativeTolerance()
  @WithTestCases(true)
  relativeTolerance?: number;

  // Checkers, interactors, groups, per-language allowances: see docs/judging.md.
  @ApiPropertyOptional({ type: JudgeProgramDto, description: 'a testlib-style checker; replaces compare' })
  @IsPresent()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => JudgeProgramDto)
  @WithTestCases(true)
  checker?: JudgeProgramDto;

  @ApiPropertyOptional({
    type: InteractorDto,
    description: 'an interactive problem: a testlib-style interactor',
  })
  @IsPresent()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => InteractorDto)
  @NotWithChecker()
  @WithTestCases(true)
  interactor?: InteractorDto;

  @ApiPropertyOptional({
    type: [TestGroupDto],
    maxItems: JUDGE_BOUNDS.groups,
    description: 'subtasks with points',
  })
  @IsPresent()
  @AreGroups()
  @ValidateNested({ each: true, message: 'must be an object' })
  @Type(() => TestGroupDto)
  @WithTestCases(true)
  groups?: TestGroupDto[];

  @ApiPropertyOptional({
    type: [LanguageAdjustmentDto],
    maxItems: JUDGE_BOUNDS.languageAdjustments,
    description: "time multiplier and extra memory per language; the submission's own language is applied",
  })
  @IsPresent()
  @AreLanguageAdjustments()
  @ValidateNested({ each: true, message: 'must be an object' })
  @Type(() => LanguageAdjustmentDto)
  @WithTestCases(true)
  languageAdjustments?: LanguageAdjustmentDto[];

  @ApiPropertyOptional({ default: false, description: 'skip the remaining cases after the first that fails' })
  @IsPresent()
  @IsBoolean({ message: 'must be a boolean' })
  @WithTestCases(true)
  stopOnFirstFailure?: boolean;

  @ApiPropertyOptional({
    type: [String],
    maxItems: SUBMISSION_BOUNDS.outputFiles,
    example: ['plot.png'],
    description: 'files in the work dir to return after the run, base64 (docs/teaching.md)',
  })
  @IsPresent()
  @AreOutputFiles()
  outputFiles?: string[];

  @ApiPropertyOptional({
    type: UnitTestsDto,
    description: "grade by the teacher's unit tests (docs/teaching.md)",
  })
  @IsPresent()
  @NotWithProblem('the judging')
  @IsUnitTests()
  @ValidateNested()
  @Type(() => UnitTestsDto)
  unitTests?: UnitTestsDto;

  @ApiPropertyOptional({ type: LimitsDto })
  @IsPresent()
  @NotWithProblem('the limits')
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type((from) => limitsDtoFor(languageOf(from?.object ?? {})))
  limits?: LimitsDto;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'judge against this stored problem (docs/problems.md): its test cases, judging and limits',
  })
  @IsPresent()
  @IsUUID('all', { message: 'must be a UUID (the id of a stored problem)' })
  problemId?: string;

  @ApiPropertyOptional({
    minimum: 1,
    description: 'with problemId: this version of it (default: the current one)',
  })
  @IsPresent()
  @IsProblemVersion()
  problemVersion?: number;

  @ApiPropertyOptional({
    example: 'https://example.com/judgebox-hook',
    description: 'POSTed the result once finished, signed (header Judgebox-Signature); see docs/deploy.md',
  })
  @IsPresent()
  @IsCallbackUrl()
  callbackUrl?: string;
}
