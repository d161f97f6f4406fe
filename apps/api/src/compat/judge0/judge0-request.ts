import {
  JUDGE0_LIMITS,
  LIMIT_RANGES,
  maxLimit,
  resolveLimits,
  type Limits,
  type LanguageSpec,
} from '@judgebox/domain';
import { unpackAdditionalFiles } from './additional-files';
import type { Judge0SubmissionDto } from './judge0-submission.dto';
import { judge0Language, JUDGE0_MULTI_FILE_ID } from './judge0-languages';
import { runFields } from './judge0-runs';
import { splitArgs } from './split-args';

/** What Judge0 clients set that the native request does not carry; kept beside the job (Judge0MetaRepository). */
export interface Judge0Meta {
  language_id: number;
  base64_input: boolean;
  compiler_options: string | null;
  command_line_arguments: string | null;
  cpu_time_limit: number;
  cpu_extra_time: number;
  wall_time_limit: number;
  memory_limit: number;
  stack_limit: number;
  max_processes_and_or_threads: number;
  enable_per_process_and_thread_time_limit: boolean;
  enable_per_process_and_thread_memory_limit: boolean;
  max_file_size: number;
  number_of_runs: number;
  redirect_stderr_to_stdout: boolean;
  callback_url: string | null;
  /** number_of_runs > 1 without expected_output: the native cases' outputs are not judged (judge0-runs.ts). */
  unjudged_runs?: boolean;
}

/** Judge0 defaults for a submission whose Judge0 facts are unknown (sent through /v1, or expired). */
export function defaultMeta(languageId: number): Judge0Meta {
  return {
    language_id: languageId,
    base64_input: false,
    compiler_options: null,
    command_line_arguments: null,
    cpu_time_limit: JUDGE0_LIMITS.cpu_time_limit.default,
    cpu_extra_time: JUDGE0_LIMITS.cpu_extra_time.default,
    wall_time_limit: JUDGE0_LIMITS.wall_time_limit.default,
    memory_limit: JUDGE0_LIMITS.memory_limit.default,
    stack_limit: JUDGE0_LIMITS.stack_limit.default,
    max_processes_and_or_threads: JUDGE0_LIMITS.max_processes_and_or_threads.default,
    enable_per_process_and_thread_time_limit: false,
    enable_per_process_and_thread_memory_limit: false,
    max_file_size: JUDGE0_LIMITS.max_file_size.default,
    number_of_runs: JUDGE0_LIMITS.number_of_runs.default,
    redirect_stderr_to_stdout: false,
    callback_url: null,
  };
}

/** A native POST /v1/submissions body, validated afterwards by the native DTO's own rules. */
export type NativeBody = Record<string, unknown>;

/** Field errors in Judge0's shape: field -> messages. */
export type Judge0FieldErrors = Record<string, string[]>;

const clamp = (value: number, name: keyof Limits, lang: LanguageSpec): number =>
  Math.min(Math.max(value, LIMIT_RANGES[name].min), maxLimit(name, lang.limitOverrides));

/**
 * Native limits from Judge0's, clamped into the native ranges (docs/judge0.md):
 * - cpuTimeMs = cpu_time_limit + cpu_extra_time (the sandbox is killed there; a run past
 *   cpu_time_limit alone is still reported 5 Time Limit Exceeded), at most 15 s (Judge0: 20 s);
 * - wallTimeMs = wall_time_limit;
 * - memoryMb = memory_limit KB rounded up to MiB, at least 16; absent: the language's native default
 *   (the native figure counts the whole sandbox: every process, tmpfs files, page cache);
 * - processes = max_processes_and_or_threads; absent: the language's native default;
 * - outputBytes = max_file_size KB (Judge0's output files are capped by it), at least 1 KiB.
 * stack_limit and the per-process switches have no native counterpart and only get validated.
 */
export function nativeLimits(dto: Judge0SubmissionDto, lang: LanguageSpec): Limits {
  const cpu =
    (dto.cpu_time_limit ?? JUDGE0_LIMITS.cpu_time_limit.default) +
    (dto.cpu_extra_time ?? JUDGE0_LIMITS.cpu_extra_time.default);
  const wall = dto.wall_time_limit ?? JUDGE0_LIMITS.wall_time_limit.default;
  const fileKb = dto.max_file_size ?? JUDGE0_LIMITS.max_file_size.default;
  const defaults = resolveLimits(undefined, lang.limitOverrides);
  return {
    cpuTimeMs: clamp(Math.round(cpu * 1000), 'cpuTimeMs', lang),
    wallTimeMs: clamp(Math.round(wall * 1000), 'wallTimeMs', lang),
    memoryMb: dto.memory_limit
      ? clamp(Math.ceil(dto.memory_limit / 1024), 'memoryMb', lang)
      : defaults.memoryMb,
    processes: dto.max_processes_and_or_threads
      ? clamp(dto.max_processes_and_or_threads, 'processes', lang)
      : defaults.processes,
    outputBytes: clamp(fileKb * 1024, 'outputBytes', lang),
  };
}

/** Builds the native body from a Judge0 body that passed Judge0's rules; refusals come back as Judge0 field errors. */
export function toNativeBody(
  dto: Judge0SubmissionDto,
  lang: LanguageSpec,
  base64: boolean,
): NativeBody | Judge0FieldErrors {
  const errors: Judge0FieldErrors = {};
  const args = splitArgs(dto.command_line_arguments ?? '');
  const options = splitArgs(dto.compiler_options ?? '');
  if (!Array.isArray(args)) errors.command_line_arguments = [args.error];
  if (!Array.isArray(options)) errors.compiler_options = [options.error];
  const encoding = base64 ? 'base64' : 'utf8';
  const files = sourceFiles(dto, lang, encoding);
  if ('error' in files) errors.additional_files = [files.error];
  if (Object.keys(errors).length > 0) return errors;
  const body: NativeBody = {
    language: lang.id,
    args,
    compilerOptions: options,
    limits: nativeLimits(dto, lang),
    ...files,
  };
  const runs = runFields(dto.stdin ?? '', expectedOutput(dto), encoding, dto.number_of_runs ?? 1);
  if ('number_of_runs' in runs) return runs;
  return { ...body, ...runs };
}

type SourceFiles =
  { source: string } | { files: { name: string; content: string; encoding: string }[]; entry: string };

/**
 * The source as the language's source file, and additional_files unpacked beside it. A multi-file
 * program (Judge0's 89) is the zip alone, with its `run` script as the entry; its source_code is
 * ignored, as Judge0 ignores it.
 */
function sourceFiles(
  dto: Judge0SubmissionDto,
  lang: LanguageSpec,
  encoding: string,
): SourceFiles | { error: string } {
  const multi = lang.id === judge0Language(JUDGE0_MULTI_FILE_ID)?.spec.id;
  if (multi && !dto.additional_files)
    return { error: `can't be blank for a multi-file program (its ${lang.sourceFile} script)` };
  const extra = dto.additional_files
    ? unpackAdditionalFiles(dto.additional_files, multi ? null : lang.sourceFile)
    : [];
  if (!Array.isArray(extra)) return extra;
  const zipped = extra.map((f) => ({ ...f, encoding: 'base64' }));
  if (multi) {
    if (!extra.some((f) => f.name === lang.sourceFile))
      return { error: `must contain a ${lang.sourceFile} script (multi-file program)` };
    return { files: zipped, entry: lang.sourceFile };
  }
  const source = dto.source_code ?? '';
  if (zipped.length === 0 && encoding === 'utf8') return { source };
  return { files: [{ name: lang.sourceFile, content: source, encoding }, ...zipped], entry: lang.sourceFile };
}

const expectedOutput = (dto: Judge0SubmissionDto): string | undefined =>
  typeof dto.expected_output === 'string' ? dto.expected_output : undefined;

/**
 * Native field paths (from the native DTO's errors) back to the Judge0 field a client sent;
 * `zipOnly` when every native file came from additional_files (a multi-file program).
 */
export function judge0Field(nativeField: string, zipOnly = false): string {
  const [head] = nativeField.split(/[.[]/);
  switch (head) {
    case 'language':
      return 'language_id';
    case 'source':
      return 'source_code';
    case 'files':
    case 'entry':
      if (zipOnly) return 'additional_files';
      return nativeField.startsWith('files[0]') || head === 'entry' ? 'source_code' : 'additional_files';
    case 'args':
      return 'command_line_arguments';
    case 'compilerOptions':
      return 'compiler_options';
    case 'stdin':
    case 'stdinEncoding':
      return 'stdin';
    case 'testCases':
      return /\.stdin$/.test(nativeField) ? 'stdin' : 'expected_output';
    case 'limits':
      return 'limits';
    default:
      return head;
  }
}

export function metaOf(dto: Judge0SubmissionDto, languageId: number, base64: boolean): Judge0Meta {
  const d = defaultMeta(languageId);
  return {
    language_id: languageId,
    base64_input: base64,
    compiler_options: dto.compiler_options ?? null,
    command_line_arguments: dto.command_line_arguments ?? null,
    cpu_time_limit: dto.cpu_time_limit ?? d.cpu_time_limit,
    cpu_extra_time: dto.cpu_extra_time ?? d.cpu_extra_time,
    wall_time_limit: dto.wall_time_limit ?? d.wall_time_limit,
    memory_limit: dto.memory_limit ?? d.memory_limit,
    stack_limit: dto.stack_limit ?? d.stack_limit,
    max_processes_and_or_threads: dto.max_processes_and_or_threads ?? d.max_processes_and_or_threads,
    enable_per_process_and_thread_time_limit: dto.enable_per_process_and_thread_time_limit ?? false,
    enable_per_process_and_thread_memory_limit: dto.enable_per_process_and_thread_memory_limit ?? false,
    max_file_size: dto.max_file_size ?? d.max_file_size,
    number_of_runs: dto.number_of_runs ?? d.number_of_runs,
    redirect_stderr_to_stdout: dto.redirect_stderr_to_stdout ?? false,
    callback_url: dto.callback_url ?? null,
    unjudged_runs: (dto.number_of_runs ?? 1) > 1 && expectedOutput(dto) === undefined,
  };
}
