import {
  duplicateNames,
  folderClashes,
  fileNameProblem,
  GRADER_FILES,
  maxLimit,
  SUBMISSION_BOUNDS,
  TEST_FRAMEWORK_IDS,
  TEST_FRAMEWORKS,
  type TestFramework,
} from '@judgebox/domain';
import { contentBytes } from './content-bytes';
import { effectiveFileNames, languageOf, rule, type Loose } from './submission-rules';

/** Rules of `outputFiles` and `unitTests` (docs/teaching.md); the nested DTO checks each item. */

export const AreOutputFiles = (): PropertyDecorator =>
  rule('outputFiles', (value) => {
    const max = SUBMISSION_BOUNDS.outputFiles;
    if (!Array.isArray(value) || value.some((n) => typeof n !== 'string'))
      return 'must be an array of file names';
    if (value.length === 0) return 'must hold at least 1 name';
    if (value.length > max) return `must hold at most ${max} names`;
    for (const [i, name] of (value as string[]).entries()) {
      const problem =
        fileNameProblem(name) ??
        (name.includes('/') ? 'must be a plain name in the work dir, no folder' : null);
      if (problem) return `[${i}] ${problem}`;
    }
    const dup = duplicateNames(value as string[]);
    return dup.length > 0 ? `must have distinct names; repeated: ${dup.join(', ')}` : null;
  });

/** The unit-test block against the submission around it: language, other files, judging. */
export const IsUnitTests = (): PropertyDecorator =>
  rule('unitTests', (value, object) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object';
    if ((object as { testCases?: unknown }).testCases !== undefined)
      return 'must not be given together with testCases';
    const { framework, files } = value as { framework?: unknown; files?: unknown };
    const language = languageOf(object);
    if (typeof framework === 'string' && framework in TEST_FRAMEWORKS && language) {
      const spec = TEST_FRAMEWORKS[framework as TestFramework];
      if (!(language.id in spec.languages))
        return `framework "${framework}" runs only in ${Object.keys(spec.languages).join(', ')}, not ${language.id}`;
    }
    return Array.isArray(files) ? filesProblem(files, object) : null;
  });

/** The teacher's files with the student's: distinct names, and together within the file bounds. */
function filesProblem(files: unknown[], object: Loose): string | null {
  const { files: maxFiles, filesTotalBytes } = SUBMISSION_BOUNDS;
  const own = effectiveFileNames(object) ?? [];
  const named = files.filter(
    (f): f is { name: string; content: string; encoding?: unknown } =>
      typeof f === 'object' &&
      f !== null &&
      typeof (f as { name?: unknown }).name === 'string' &&
      typeof (f as { content?: unknown }).content === 'string',
  );
  const reserved = [...own, ...named.map((f) => f.name)].filter((n) => GRADER_FILES.includes(n));
  if (reserved.length > 0)
    return `files must not use the names of judgebox's graders: ${reserved.join(', ')}`;
  const clash = named.filter((f) => own.includes(f.name)).map((f) => f.name);
  if (clash.length > 0) return `files must not share names with the submission's files: ${clash.join(', ')}`;
  const dup = duplicateNames(named.map((f) => f.name));
  if (dup.length > 0) return `files must have distinct names; repeated: ${dup.join(', ')}`;
  const folders = folderClashes([...own, ...named.map((f) => f.name)]);
  if (folders.length > 0) return `files must not name a file and a folder alike: ${folders.join(', ')}`;
  if (own.length + files.length > maxFiles)
    return `files and the submission's files must be at most ${maxFiles} together`;
  const bytes = (list: unknown): number =>
    Array.isArray(list)
      ? list.reduce<number>(
          (sum, f: { content?: unknown; encoding?: unknown }) =>
            typeof f?.content === 'string'
              ? sum + contentBytes(f.content, f.encoding === 'base64' ? 'base64' : 'utf8')
              : sum,
          0,
        )
      : typeof object.source === 'string'
        ? Buffer.byteLength(object.source)
        : 0;
  const total = bytes(files) + bytes(object.files ?? null);
  return total > filesTotalBytes
    ? `files and the submission's files must hold at most ${filesTotalBytes} bytes together (got ${total})`
    : null;
}

export const AreTestWeights = (): PropertyDecorator =>
  rule('weights', (value) => {
    const { testEntries, testWeight } = SUBMISSION_BOUNDS;
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return 'must be an object of test name to weight';
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length > testEntries) return `must name at most ${testEntries} tests`;
    const bad = entries.find(
      ([, w]) => typeof w !== 'number' || !Number.isInteger(w) || w < 0 || w > testWeight,
    );
    return bad ? `${JSON.stringify(bad[0])} must weigh an integer between 0 and ${testWeight}` : null;
  });

export const IsTestFramework = (): PropertyDecorator =>
  rule('framework', (value) =>
    typeof value === 'string' && (TEST_FRAMEWORK_IDS as string[]).includes(value)
      ? null
      : `must be one of ${TEST_FRAMEWORK_IDS.map((f) => `"${f}"`).join(', ')}`,
  );

export const IsPerTestTimeout = (): PropertyDecorator =>
  rule('perTestTimeoutMs', (value, object) => {
    const min = SUBMISSION_BOUNDS.testTimeoutMinMs;
    const max = maxLimit('wallTimeMs');
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
      return `must be an integer between ${min} and ${max} (ms)`;
    const framework = (object as { framework?: unknown }).framework;
    if (
      typeof framework === 'string' &&
      framework in TEST_FRAMEWORKS &&
      !TEST_FRAMEWORKS[framework as TestFramework].perTestTimeout
    )
      return `is not supported by ${TEST_FRAMEWORKS[framework as TestFramework].name} (the run's limits still apply)`;
    return null;
  });
