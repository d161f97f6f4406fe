import { Transform } from 'class-transformer';
import { ValidateBy, ValidateIf } from 'class-validator';
import { JUDGE0_BOUNDS, JUDGE0_LIMITS, type Judge0LimitRange } from '@judgebox/domain';
import { isBase64 } from '../../submissions/content-bytes';
import { judge0Language, JUDGE0_MULTI_FILE_ID } from './judge0-languages';

/** Set by the service before validation: whether text fields arrive base64-encoded. */
export const BASE64_INPUT = Symbol('base64Input');

type Problem = (value: unknown, object: Record<string | symbol, unknown>) => string | null;

function rule(name: string, problem: Problem): PropertyDecorator {
  return ValidateBy({
    name,
    validator: {
      validate: (value, args) =>
        problem(value, (args?.object ?? {}) as Record<string | symbol, unknown>) === null,
      defaultMessage: (args) =>
        (args ? problem(args.value, args.object as Record<string | symbol, unknown>) : null) ?? 'is invalid',
    },
  });
}

/** Judge0 (Rails) takes `null` as "use the default", like an absent field. */
const Given = (): PropertyDecorator => ValidateIf((_o, value) => value !== undefined && value !== null);

/** Rails' numericality accepts numbers and numeric strings alike. */
const toNumber = Transform(({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value,
);

/** Judge0's numericality rule for one of its limit fields (JUDGE0_LIMITS). */
function numberIn({ min, max, minInclusive, integer }: Judge0LimitRange): PropertyDecorator {
  return rule('judge0Number', (value) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return 'is not a number';
    if (integer && !Number.isInteger(value)) return 'must be an integer';
    if (minInclusive ? value < min : value <= min)
      return `must be greater than ${minInclusive ? 'or equal to ' : ''}${min}`;
    // Judge0's time limits are decimal columns, and Rails writes their bounds as such ("15.0").
    const bound = integer ? String(max) : Number.isInteger(max) ? `${max}.0` : String(max);
    return value > max ? `must be less than or equal to ${bound}` : null;
  });
}

const isBoolean = rule('judge0Boolean', (value) =>
  typeof value === 'boolean' ? null : 'must be true or false',
);

function text(maxLength: number | null, base64: boolean): PropertyDecorator {
  return rule('judge0Text', (value, object) => {
    if (typeof value !== 'string') return 'must be a string';
    if (base64 && object[BASE64_INPUT] === true && !isBase64(value))
      return 'is not valid base64 (base64_encoded=true)';
    return maxLength !== null && value.length > maxLength
      ? `is too long (maximum is ${maxLength} characters)`
      : null;
  });
}

/** A Judge0 submission body. Unknown fields are dropped, as Rails' `permit` does. */
export class Judge0SubmissionDto {
  [BASE64_INPUT]?: boolean;

  @ValidateIf(() => true)
  @rule('judge0Source', (value, object) => {
    // A multi-file program's code is all in additional_files.
    if (value === undefined || value === null || value === '')
      return object.language_id === JUDGE0_MULTI_FILE_ID ? null : "can't be blank";
    if (typeof value !== 'string') return 'must be a string';
    return object[BASE64_INPUT] === true && !isBase64(value)
      ? 'is not valid base64 (base64_encoded=true)'
      : null;
  })
  source_code?: string;

  @ValidateIf(() => true)
  @toNumber
  @rule('judge0Language', (value) => {
    if (value === undefined || value === null) return "can't be blank";
    if (typeof value !== 'number' || !Number.isInteger(value)) return 'is not a number';
    return judge0Language(value) ? null : `language with id ${value} doesn't exist`;
  })
  language_id?: number;

  @Given() @text(JUDGE0_BOUNDS.argsLength, false) compiler_options?: string;
  @Given() @text(JUDGE0_BOUNDS.argsLength, false) command_line_arguments?: string;
  @Given() @text(null, true) stdin?: string;
  @Given() @text(null, true) expected_output?: string;

  @Given() @toNumber @numberIn(JUDGE0_LIMITS.cpu_time_limit) cpu_time_limit?: number;
  @Given() @toNumber @numberIn(JUDGE0_LIMITS.cpu_extra_time) cpu_extra_time?: number;
  @Given() @toNumber @numberIn(JUDGE0_LIMITS.wall_time_limit) wall_time_limit?: number;
  @Given() @toNumber @numberIn(JUDGE0_LIMITS.memory_limit) memory_limit?: number;
  @Given() @toNumber @numberIn(JUDGE0_LIMITS.stack_limit) stack_limit?: number;
  @Given()
  @toNumber
  @numberIn(JUDGE0_LIMITS.max_processes_and_or_threads)
  max_processes_and_or_threads?: number;
  @Given() @toNumber @numberIn(JUDGE0_LIMITS.max_file_size) max_file_size?: number;
  @Given() @toNumber @numberIn(JUDGE0_LIMITS.number_of_runs) number_of_runs?: number;

  @Given() @isBoolean enable_per_process_and_thread_time_limit?: boolean;
  @Given() @isBoolean enable_per_process_and_thread_memory_limit?: boolean;
  @Given() @isBoolean redirect_stderr_to_stdout?: boolean;

  @Given()
  @rule('judge0Network', (value) =>
    value === false
      ? null
      : value === true
        ? 'networking is never allowed on this server'
        : 'must be true or false',
  )
  enable_network?: boolean;

  @Given()
  @rule('judge0CallbackUrl', (value) => {
    if (typeof value !== 'string') return 'must be a string';
    if (value.length > JUDGE0_BOUNDS.callbackUrlLength)
      return `is too long (maximum is ${JUDGE0_BOUNDS.callbackUrlLength} characters)`;
    if (!URL.canParse(value)) return 'is not a valid URL';
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:' ? null : 'must be an http or https URL';
  })
  callback_url?: string;

  /** Always base64 (a zip), whatever base64_encoded says; checked when unpacked. */
  @Given() @text(null, false) additional_files?: string;
}

/** The properties of the DTO, the only ones copied from a body. */
export const JUDGE0_SUBMISSION_FIELDS = [
  'source_code',
  'language_id',
  'compiler_options',
  'command_line_arguments',
  'stdin',
  'expected_output',
  'cpu_time_limit',
  'cpu_extra_time',
  'wall_time_limit',
  'memory_limit',
  'stack_limit',
  'max_processes_and_or_threads',
  'enable_per_process_and_thread_time_limit',
  'enable_per_process_and_thread_memory_limit',
  'max_file_size',
  'number_of_runs',
  'redirect_stderr_to_stdout',
  'enable_network',
  'callback_url',
  'additional_files',
] as const satisfies readonly (keyof Judge0SubmissionDto)[];
