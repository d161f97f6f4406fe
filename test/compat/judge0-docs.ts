/**
 * Facts taken from Judge0 CE's documentation (v1.13.1), written down once for the contract tests
 * rather than imported from the adapter they check.
 */

/** The fields of a submission Judge0 returns when `fields` is not given, sorted. */
export const DEFAULT_FIELDS_SORTED = [
  'compile_output',
  'memory',
  'message',
  'status',
  'stderr',
  'stdout',
  'time',
  'token',
];
