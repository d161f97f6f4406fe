import { SUBMISSION_BOUNDS } from './limits';

/** One of Judge0's limit fields, in Judge0's units, with Judge0's default and accepted range. */
export interface Judge0LimitRange {
  unit: string;
  default: number;
  min: number;
  /** Whether `min` itself is accepted (Judge0 says "greater than" or "greater than or equal to"). */
  minInclusive: boolean;
  max: number;
  integer: boolean;
}

/**
 * The limit fields of a Judge0 CE (v1.13.1) submission, with Judge0's defaults and ranges. The
 * Judge0 adapter validates them, serves them in /config_info and maps them onto native limits;
 * docs/judge0.md renders this table.
 */
export const JUDGE0_LIMITS = {
  cpu_time_limit: { unit: 's', default: 5, min: 0, minInclusive: false, max: 15, integer: false },
  cpu_extra_time: { unit: 's', default: 1, min: 0, minInclusive: true, max: 5, integer: false },
  wall_time_limit: { unit: 's', default: 10, min: 0, minInclusive: false, max: 20, integer: false },
  memory_limit: { unit: 'KB', default: 128_000, min: 2_048, minInclusive: true, max: 512_000, integer: true },
  stack_limit: { unit: 'KB', default: 64_000, min: 0, minInclusive: false, max: 128_000, integer: true },
  max_processes_and_or_threads: {
    unit: 'count',
    default: 60,
    min: 0,
    minInclusive: false,
    max: 120,
    integer: true,
  },
  max_file_size: { unit: 'KB', default: 1_024, min: 0, minInclusive: false, max: 4_096, integer: true },
  number_of_runs: { unit: 'count', default: 1, min: 0, minInclusive: false, max: 20, integer: true },
} as const satisfies Record<string, Judge0LimitRange>;

/**
 * Fixed bounds of the Judge0 adapter that no client chooses (sizes in bytes). The copies of stdin
 * and expected_output that number_of_runs makes are held to SUBMISSION_BOUNDS.testCasesTotalBytes.
 */
export const JUDGE0_BOUNDS = {
  /** Judge0's MAX_SUBMISSION_BATCH_SIZE: submissions in one POST, tokens in one GET. */
  batchSize: 20,
  /** Characters of compiler_options and of command_line_arguments, as Judge0. */
  argsLength: 512,
  callbackUrlLength: 2_048,
  /** PUTs of one callback (the first and its retries), each bounded by callbackTimeoutMs. */
  callbackTries: 3,
  callbackTimeoutMs: 5_000,
  callbackRetryDelayMs: 1_000,
  /** additional_files: the zip once base64-decoded, then what it unpacks to (the source file takes one of the native files). */
  zipBytes: 1_048_576,
  zipFiles: SUBMISSION_BOUNDS.files - 1,
  zipUnpackedBytes: SUBMISSION_BOUNDS.filesTotalBytes,
} as const;
