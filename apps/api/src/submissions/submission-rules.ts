import { ValidateBy } from 'class-validator';
import {
  compilerOptionProblem,
  duplicateNames,
  folderClashes,
  fileNameProblem,
  findLanguage,
  LIMIT_RANGES,
  maxLimit,
  SUBMISSION_BOUNDS,
  type LanguageSpec,
  type LimitName,
} from '@judgebox/domain';
import { contentBytes, isBase64 } from './content-bytes';

/** What the rules may read of the object under validation; anything may still be of the wrong type. */
export interface Loose {
  language?: unknown;
  source?: unknown;
  files?: unknown;
  encoding?: unknown;
  stdinEncoding?: unknown;
  testCases?: unknown;
  compare?: unknown;
  problemId?: unknown;
  unitTests?: unknown;
}

/**
 * Rules of one property run bottom-up and stop at the first failure, so each rule checks the
 * type it needs itself rather than relying on a decorator above it.
 */
export type Problem = (value: unknown, object: Loose) => string | null;

/** A property rule whose message is computed from the value, so each refusal says exactly why. */
export function rule(name: string, problem: Problem): PropertyDecorator {
  return ValidateBy({
    name,
    validator: {
      validate: (value, args) => problem(value, args?.object ?? {}) === null,
      defaultMessage: (args) => (args ? problem(args.value, args.object) : null) ?? 'is invalid',
    },
  });
}

function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 64 ? `${text.slice(0, 61)}..."` : text;
}

const LANGUAGES_OF = new WeakMap<object, { name: unknown; spec: LanguageSpec | undefined }>();

/**
 * The catalog entry `language` names, looked up once per body: every rule that needs it, and
 * the service once the body is valid, read the same entry.
 */
export function languageOf(object: Loose): LanguageSpec | undefined {
  const known = LANGUAGES_OF.get(object);
  if (known && known.name === object.language) return known.spec;
  const spec = typeof object.language === 'string' ? findLanguage(object.language) : undefined;
  LANGUAGES_OF.set(object, { name: object.language, spec });
  return spec;
}

export const IsSupportedLanguage = (): PropertyDecorator =>
  rule('supportedLanguage', (value, object) => {
    if (typeof value !== 'string') return 'must be a string';
    return languageOf(object) ? null : `${quoted(value)} is not supported; see GET /v1/languages`;
  });

export const NotWithSource = (): PropertyDecorator =>
  rule('notWithSource', (_value, object) =>
    object.source === undefined
      ? null
      : 'must not be given together with source (give exactly one of source or files)',
  );

/** `encodingOf` names the sibling field holding the encoding of this one; null means always UTF-8. */
export const IsContent = (max: number, encodingOf: 'encoding' | 'stdinEncoding' | null): PropertyDecorator =>
  rule('content', (value, object) => {
    if (typeof value !== 'string') return 'must be a string';
    const encoding = encodingOf && object[encodingOf] === 'base64' ? 'base64' : 'utf8';
    if (encoding === 'base64' && !isBase64(value)) return `must be valid base64 (${encodingOf} is "base64")`;
    return contentBytes(value, encoding) > max ? `must be at most ${max} bytes` : null;
  });

export const IsFileName = (): PropertyDecorator =>
  rule('fileName', (value) => (typeof value === 'string' ? fileNameProblem(value) : 'must be a string'));

/**
 * The list as a whole; each item is checked by SourceFileDto afterwards. Items of the wrong
 * shape are skipped here and reported by their own rules.
 */
export const AreFiles = (): PropertyDecorator =>
  rule('files', (value) => {
    const { files: maxFiles, filesTotalBytes: max } = SUBMISSION_BOUNDS;
    if (!Array.isArray(value)) return 'must be an array of files';
    if (value.length === 0) return 'must hold at least 1 file';
    if (value.length > maxFiles) return `must hold at most ${maxFiles} files`;
    const files = value.filter(isFileLike);
    const dup = duplicateNames(files.map((f) => f.name));
    if (dup.length > 0) return `must have distinct names; repeated: ${dup.map(quoted).join(', ')}`;
    const clash = folderClashes(files.map((f) => f.name));
    if (clash.length > 0) return `must not name a file and a folder alike: ${clash.map(quoted).join(', ')}`;
    const total = files.reduce(
      (sum, f) => sum + contentBytes(f.content, f.encoding === 'base64' ? 'base64' : 'utf8'),
      0,
    );
    return total > max ? `must hold at most ${max} bytes of content in all (got ${total})` : null;
  });

function isFileLike(file: unknown): file is { name: string; content: string; encoding?: unknown } {
  if (typeof file !== 'object' || file === null) return false;
  const { name, content } = file as Record<string, unknown>;
  return typeof name === 'string' && typeof content === 'string';
}

export const NamesAFile = (): PropertyDecorator =>
  rule('entry', (value, object) => {
    if (typeof value !== 'string') return 'must be a string';
    const names = effectiveFileNames(object);
    if (names === null || names.includes(value)) return null;
    const listed = names.slice(0, 5).map(quoted).join(', ') + (names.length > 5 ? ', ...' : '');
    return `must be the name of one of the files (${listed})`;
  });

/** The file names the submission will have, or null when they are not known yet (other errors). */
export function effectiveFileNames(object: Loose): string[] | null {
  if (Array.isArray(object.files)) return object.files.filter(isFileLike).map((f) => f.name);
  const language = languageOf(object);
  return typeof object.source === 'string' && language ? [language.sourceFile] : null;
}

export const AreArgs = (): PropertyDecorator =>
  rule('args', (value) => {
    if (!Array.isArray(value)) return 'must be an array of strings';
    const { args, argLength } = SUBMISSION_BOUNDS;
    if (value.length > args) return `must hold at most ${args} items`;
    const bad = value.findIndex(
      (a) => typeof a !== 'string' || a.includes('\0') || Buffer.byteLength(a) > argLength,
    );
    if (bad < 0) return null;
    return `[${bad}] must be a string of at most ${argLength} bytes without NUL`;
  });

/**
 * What a limits object is checked against: its class names the language whose maxima apply (a
 * language may raise one), see limitsDtoFor; none means the base maxima.
 */
export interface LimitsOf {
  readonly language?: LanguageSpec;
}

export const IsLimit = (name: LimitName): PropertyDecorator =>
  rule(name, (value, object) => {
    const { min, unit } = LIMIT_RANGES[name];
    const max = maxLimit(name, (object.constructor as LimitsOf).language?.limitOverrides);
    const ok = typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
    return ok ? null : `must be an integer between ${min} and ${max} (${unit})`;
  });

/** For fields that only mean something for judged submissions (or only for plain ones). */
export const WithTestCases = (wanted: boolean): PropertyDecorator =>
  rule('withTestCases', (_value, object) => {
    const judged = object.testCases !== undefined;
    if (judged === wanted) return null;
    return wanted
      ? 'is only allowed together with testCases'
      : 'must not be given together with testCases (each test case has its own stdin)';
  });

/** The list as a whole; each case is checked by TestCaseDto afterwards. */
export const AreTestCases = (): PropertyDecorator =>
  rule('testCases', (value) => {
    const { testCases: max, testCasesTotalBytes: maxBytes } = SUBMISSION_BOUNDS;
    if (!Array.isArray(value)) return 'must be an array of test cases';
    if (value.length === 0) return 'must hold at least 1 test case';
    if (value.length > max) return `must hold at most ${max} test cases`;
    let total = 0;
    for (const item of value) {
      if (typeof item !== 'object' || item === null) continue;
      const { stdin, expectedOutput, encoding } = item as Record<string, unknown>;
      const enc = encoding === 'base64' ? 'base64' : 'utf8';
      for (const text of [stdin, expectedOutput])
        if (typeof text === 'string') total += contentBytes(text, enc);
    }
    return total > maxBytes
      ? `must hold at most ${maxBytes} bytes of stdin and expected output in all (got ${total})`
      : null;
  });

export const IsFloatTolerance = (max: number): PropertyDecorator =>
  rule('floatTolerance', (value, object) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max)
      return `must be a number between 0 and ${max}`;
    return object.compare === 'tokens' || object.compare === 'float'
      ? null
      : 'is only allowed with compare "tokens" or "float"';
  });

export const AreCompilerOptions = (): PropertyDecorator =>
  rule('compilerOptions', (value, object) => {
    if (!Array.isArray(value)) return 'must be an array of strings';
    const { compilerOptions: max, compilerOptionLength: length } = SUBMISSION_BOUNDS;
    if (value.length > max) return `must hold at most ${max} items`;
    const language = languageOf(object);
    for (const [i, option] of value.entries()) {
      if (typeof option !== 'string' || Buffer.byteLength(option) > length)
        return `[${i}] must be a string of at most ${length} bytes`;
      const problem = language ? compilerOptionProblem(language, option) : null;
      if (problem) return `[${i}] ${problem}`;
    }
    return null;
  });

/** Fields a stored problem supplies: a submission naming `problemId` must not give them too. */
export const NotWithProblem = (supplied: string): PropertyDecorator =>
  rule('notWithProblem', (_value, object) =>
    object.problemId === undefined
      ? null
      : `must not be given together with problemId (the problem supplies ${supplied})`,
  );

export const IsProblemVersion = (): PropertyDecorator =>
  rule('problemVersion', (value, object) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)
      return 'must be an integer of at least 1';
    return object.problemId === undefined ? 'is only allowed together with problemId' : null;
  });
