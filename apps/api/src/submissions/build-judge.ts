import {
  compileLimits,
  DEFAULT_FLOAT_TOLERANCE,
  findLanguage,
  type JudgeProgram,
  type JudgeSpec,
  type LanguageAdjustment,
} from '@judgebox/domain';
import type { CreateSubmissionDto } from './create-submission.dto';
import type { JudgeProgramDto, LanguageAdjustmentDto, TestGroupDto } from './judging.dto';

type JudgeFields = Pick<
  CreateSubmissionDto,
  | 'testCases'
  | 'compare'
  | 'floatTolerance'
  | 'relativeTolerance'
  | 'stopOnFirstFailure'
  | 'checker'
  | 'interactor'
  | 'groups'
  | 'languageAdjustments'
>;

/** The judge spec of a validated body (null when it has no test cases), every default filled in. */
export function buildJudge(dto: JudgeFields): JudgeSpec | null {
  if (!dto.testCases) return null;
  const compare = dto.compare ?? 'trim_trailing';
  const float = compare === 'float';
  return {
    testCases: dto.testCases.map((c) => ({
      stdin: c.stdin ?? '',
      expectedOutput: c.expectedOutput ?? null,
      encoding: c.encoding ?? 'utf8',
    })),
    compare,
    floatTolerance: dto.floatTolerance ?? (float ? DEFAULT_FLOAT_TOLERANCE : 0),
    ...(float ? { relativeTolerance: dto.relativeTolerance ?? DEFAULT_FLOAT_TOLERANCE } : {}),
    stopOnFirstFailure: dto.stopOnFirstFailure ?? false,
    checker: dto.checker ? program(dto.checker) : null,
    interactor: dto.interactor
      ? { ...program(dto.interactor), transcript: dto.interactor.transcript ?? false }
      : null,
    groups: dto.groups?.map(group) ?? null,
    languageAdjustments: dto.languageAdjustments ? adjustments(dto.languageAdjustments) : null,
  };
}

function program(dto: JudgeProgramDto): JudgeProgram {
  const language = findLanguage(dto.language)!;
  const files = dto.files?.map((f) => ({
    name: f.name,
    content: f.content,
    encoding: f.encoding ?? 'utf8',
  })) ?? [{ name: language.sourceFile, content: dto.source ?? '', encoding: 'utf8' as const }];
  return {
    language: language.id,
    files,
    entry: dto.entry ?? files[0].name,
    compileLimits: compileLimits(language.compileLimitOverrides),
  };
}

function group(dto: TestGroupDto) {
  return {
    name: dto.name,
    points: dto.points,
    testCases: [...dto.testCases],
    dependencies: [...(dto.dependencies ?? [])],
    scoring: dto.scoring ?? 'all_or_nothing',
    stopOnFirstFailure: dto.stopOnFirstFailure ?? false,
  };
}

function adjustments(list: LanguageAdjustmentDto[]): Record<string, LanguageAdjustment> {
  return Object.fromEntries(
    list.map((a) => [
      findLanguage(a.language)!.id,
      { timeMultiplier: a.timeMultiplier ?? 1, extraMemoryMb: a.extraMemoryMb ?? 0 },
    ]),
  );
}
