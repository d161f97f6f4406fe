import type { FileEncoding, PhaseResult, SubmissionView } from '@judgebox/domain';
import type { SubmissionRequest } from '@judgebox/domain';
import { judge0IdOf, judge0Language } from './judge0-languages';
import { defaultMeta, type Judge0Meta } from './judge0-request';
import { reportedRuns } from './judge0-runs';
import { judge0Message, judge0Status, signalNumber } from './judge0-status';

/** Judge0's default `fields` (Fields::Submission#default_fields). */
export const DEFAULT_FIELDS = [
  'token',
  'time',
  'memory',
  'stdout',
  'stderr',
  'compile_output',
  'message',
  'status',
] as const;

/** Every field a submission has in Judge0 CE (`fields=*`). */
export const ALL_FIELDS = [
  'source_code',
  'language_id',
  'stdin',
  'expected_output',
  'stdout',
  'status_id',
  'created_at',
  'finished_at',
  'time',
  'memory',
  'stderr',
  'token',
  'number_of_runs',
  'cpu_time_limit',
  'cpu_extra_time',
  'wall_time_limit',
  'memory_limit',
  'stack_limit',
  'max_processes_and_or_threads',
  'enable_per_process_and_thread_time_limit',
  'enable_per_process_and_thread_memory_limit',
  'max_file_size',
  'compile_output',
  'exit_code',
  'exit_signal',
  'message',
  'wall_time',
  'compiler_options',
  'command_line_arguments',
  'redirect_stderr_to_stdout',
  'callback_url',
  'additional_files',
  'enable_network',
  'status',
  'language',
] as const;

export type Judge0Field = (typeof ALL_FIELDS)[number];

/** Fields whose content is text from the client or the program, base64-encoded with base64_encoded=true. */
const TEXT_FIELDS = new Set<string>([
  'source_code',
  'stdin',
  'expected_output',
  'stdout',
  'stderr',
  'compile_output',
  'message',
]);

/** The fields asked for, or the names that are not fields. */
export function parseFields(param: unknown): Judge0Field[] | { invalid: string[] } {
  if (typeof param !== 'string' || param.trim() === '') return [...DEFAULT_FIELDS];
  const names = param
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f.length > 0);
  if (names.includes('*')) return [...ALL_FIELDS];
  const invalid = names.filter((n) => !(ALL_FIELDS as readonly string[]).includes(n));
  return invalid.length > 0 ? { invalid } : (names as Judge0Field[]);
}

/** Thrown while rendering when a text field is not UTF-8 and the client did not ask for base64. */
export class NotUtf8Error extends Error {
  constructor(readonly field: string) {
    super(`${field} is not valid UTF-8`);
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes of a text value, or null for "none" (Judge0 answers null for empty output). */
type Bytes = Buffer | null;

const bytes = (text: string | null | undefined, encoding: FileEncoding): Bytes =>
  text === null || text === undefined || text === '' ? null : Buffer.from(text, encoding);

function concat(...parts: Bytes[]): Bytes {
  const present = parts.filter((p): p is Buffer => p !== null && p.length > 0);
  return present.length > 0 ? Buffer.concat(present) : null;
}

/** The Judge0 object of one submission with only `fields`; `request` is the job's native request. */
export function renderSubmission(
  view: SubmissionView,
  request: SubmissionRequest,
  storedMeta: Judge0Meta | null,
  fields: readonly Judge0Field[],
  base64: boolean,
): Record<string, unknown> {
  const meta = storedMeta ?? defaultMeta(judge0IdOf(request.language) ?? 0);
  const result = view.result;
  const cpuLimitMs = Math.round(meta.cpu_time_limit * 1000);
  const runs = result ? reportedRuns(result, meta.unjudged_runs ?? false, cpuLimitMs) : null;
  const run = runs?.run ?? null;
  const status = judge0Status(view, run, cpuLimitMs, runs?.verdict);
  const texts = textValues(request, result?.compile ?? null, run, meta.redirect_stderr_to_stdout);
  const signal = run ? signalNumber(run.signal) : null;
  const values: Record<Judge0Field, unknown> = {
    ...meta,
    source_code: texts.source_code,
    stdin: texts.stdin,
    expected_output: texts.expected_output,
    stdout: texts.stdout,
    stderr: texts.stderr,
    compile_output: texts.compile_output,
    message: textOrNull(judge0Message(status, run, runs?.message ?? null)),
    token: view.id,
    language_id: meta.language_id,
    language: { id: meta.language_id, name: judge0Language(meta.language_id)?.spec.name ?? request.language },
    status_id: status.id,
    status: { id: status.id, description: status.description },
    created_at: view.createdAt,
    finished_at: result?.finishedAt ?? null,
    time: runs && runs.cpuTimeMs !== null ? decimal(runs.cpuTimeMs / 1000) : null,
    wall_time: run ? decimal(run.wallTimeMs / 1000) : null,
    cpu_time_limit: decimal(meta.cpu_time_limit),
    cpu_extra_time: decimal(meta.cpu_extra_time),
    wall_time_limit: decimal(meta.wall_time_limit),
    memory: runs?.memoryKb ?? null,
    exit_code: run && signal === null ? run.exitCode : null,
    exit_signal: signal,
    additional_files: null,
    enable_network: false,
  };
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field];
    out[field] = TEXT_FIELDS.has(field) ? encodeText(field, value as Bytes, base64) : value;
  }
  return out;
}

/** Judge0's decimal columns as Rails renders them: strings, `"0.016"`, `"5.0"`. */
export function decimal(seconds: number): string {
  const text = String(Math.round(seconds * 1000) / 1000);
  return text.includes('.') ? text : `${text}.0`;
}

const textOrNull = (text: string | null): Bytes => (text ? Buffer.from(text) : null);

function encodeText(field: string, value: Bytes, base64: boolean): string | null {
  if (value === null) return null;
  if (base64) return value.toString('base64');
  try {
    return UTF8.decode(value);
  } catch {
    throw new NotUtf8Error(field);
  }
}

function textValues(
  request: SubmissionRequest,
  compile: PhaseResult | null,
  run: PhaseResult | null,
  redirect: boolean,
) {
  const entry = request.files.find((f) => f.name === request.entry) ?? request.files[0];
  const testCase = request.judge?.testCases[0];
  const stdout = run ? bytes(run.stdout, run.encoding) : null;
  const stderr = run ? bytes(run.stderr, run.encoding) : null;
  return {
    source_code: entry ? bytes(entry.content, entry.encoding ?? 'utf8') : null,
    stdin: testCase ? bytes(testCase.stdin, testCase.encoding) : bytes(request.stdin, request.stdinEncoding),
    expected_output: testCase ? bytes(testCase.expectedOutput, testCase.encoding) : null,
    // Judge0 runs the compiler with 2>&1; the native phase keeps the streams apart, so they are joined here.
    compile_output: compile
      ? concat(bytes(compile.stdout, compile.encoding), bytes(compile.stderr, compile.encoding))
      : null,
    stdout: redirect ? concat(stdout, stderr) : stdout,
    stderr: redirect ? null : stderr,
  };
}
