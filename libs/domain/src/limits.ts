/**
 * Every limit a client can set, with its default and the range the API accepts.
 * This table is the single source: the DTO validation, the worker and docs/limits.md read from it.
 */
export interface Limits {
  /** CPU time of all processes and threads of the program, in milliseconds. */
  cpuTimeMs: number;
  /** Wall-clock time from start to exit, in milliseconds. */
  wallTimeMs: number;
  /** Memory of the whole sandbox (processes, tmpfs files, page cache), in MiB; no swap. */
  memoryMb: number;
  /** Processes plus threads alive at once. */
  processes: number;
  /** Bytes kept of each of stdout and stderr; past it the program is killed. */
  outputBytes: number;
}

export type LimitName = keyof Limits;

export interface LimitRange {
  min: number;
  default: number;
  max: number;
  unit: string;
  description: string;
}

export const LIMIT_RANGES: Readonly<Record<LimitName, LimitRange>> = {
  cpuTimeMs: {
    min: 50,
    default: 2_000,
    max: 15_000,
    unit: 'ms',
    description: 'CPU time, all processes and threads',
  },
  wallTimeMs: { min: 100, default: 5_000, max: 30_000, unit: 'ms', description: 'wall-clock time' },
  memoryMb: { min: 16, default: 256, max: 1_024, unit: 'MiB', description: 'memory, no swap' },
  processes: { min: 1, default: 64, max: 256, unit: 'count', description: 'processes and threads at once' },
  outputBytes: {
    min: 1_024,
    default: 1_048_576,
    max: 8_388_608,
    unit: 'bytes',
    description: 'each of stdout and stderr',
  },
};

export const LIMIT_NAMES = Object.keys(LIMIT_RANGES) as LimitName[];

/** Limits of the compile phase; chosen by the server, never by the client. */
export const COMPILE_LIMITS: Readonly<Limits> = {
  cpuTimeMs: 10_000,
  wallTimeMs: 15_000,
  memoryMb: 512,
  processes: 64,
  outputBytes: 65_536,
};

/**
 * Ceilings of a language's compile-limit overrides (`compileLimitOverrides` in the catalog, for slow
 * compilers such as ghc, kotlinc, scalac, tsc). A spec checks every language stays within them.
 */
export const MAX_COMPILE_LIMITS: Readonly<Limits> = {
  cpuTimeMs: 30_000,
  wallTimeMs: 45_000,
  memoryMb: 1_024,
  processes: 128,
  outputBytes: 65_536,
};

/** The compile limits of one language: COMPILE_LIMITS with the language's overrides applied. */
export function compileLimits(overrides: Partial<Limits> = {}): Limits {
  return { ...COMPILE_LIMITS, ...overrides };
}

/** Fixed sizes of the sandbox that no client chooses. */
export const SANDBOX_SIZES = {
  /** tmpfs holding the sources, the build and anything the program writes; counts toward memory. */
  workDirMb: 64,
  tmpDirMb: 16,
  shmMb: 16,
  /** RLIMIT_NOFILE */
  openFiles: 256,
  /** RLIMIT_FSIZE: no single file larger than the work dir. */
  fileSizeMb: 64,
  /**
   * RLIMIT_STACK soft limit (the hard limit stays unlimited, so a program may raise it): deep
   * recursion works as on Judge0 (64000 KB); the memory limit still bounds what a stack may use.
   */
  stackMb: 64,
} as const;

/**
 * Room for gVisor's own processes when sandboxes run under runsc (SANDBOX_RUNTIME=runsc), whose
 * user-space kernel (the Sentry), file proxy (the gofer) and per-process ptrace stubs live in the
 * container's cgroup beside the program. Measured on runsc 20221219 (docs/security-modes.md): an idle
 * sandbox holds about 15 MiB and 40 host tasks, each program process adds about 6 host tasks.
 */
export const GVISOR_ALLOWANCE = {
  /** Added to the cgroup's memory limit, so the program still gets its whole `memoryMb`. */
  memoryMb: 32,
  /** The host pids limit: this many tasks for gVisor itself... */
  hostTasks: 96,
  /** ...plus this many per process the program may have (RLIMIT_NPROC inside gVisor counts those). */
  hostTasksPerProcess: 8,
} as const;

/** Bounds on what a submission may carry (the HTTP body limit is in the config). */
export const SUBMISSION_BOUNDS = {
  sourceBytes: 262_144,
  stdinBytes: 1_048_576,
  files: 32,
  fileNameLength: 128,
  filesTotalBytes: 524_288,
  args: 32,
  argLength: 4_096,
  compilerOptions: 16,
  compilerOptionLength: 128,
  /** Test cases of one judged submission. */
  testCases: 64,
  /** stdin plus expected output of all test cases, decoded (each stdin also within stdinBytes). */
  testCasesTotalBytes: 2_097_152,
  /** Files a submission may ask back (`outputFiles`), each a plain name in the work dir. */
  outputFiles: 8,
  /** Largest output file returned; a larger one comes back with a problem instead. */
  outputFileBytes: 1_048_576,
  /** All output files returned together; files past it come back with a problem. */
  outputFilesTotalBytes: 2_097_152,
  /** Largest test report read (JUnit XML or node:test's JSON); a larger one is an error verdict. */
  testReportBytes: 1_048_576,
  /** Tests listed in a result (counts and score cover all of them), and weights a submission may give. */
  testEntries: 1_000,
  /** Bytes kept of each test's failure message. */
  testMessageBytes: 2_048,
  /** Largest weight of one test. */
  testWeight: 1_000,
  /** Smallest per-test timeout (the largest is the run's wall time limit). */
  testTimeoutMinMs: 100,
} as const;

export const DEFAULT_LIMITS: Readonly<Limits> = Object.fromEntries(
  LIMIT_NAMES.map((name) => [name, LIMIT_RANGES[name].default]),
) as unknown as Limits;

/**
 * Resolves the limits of one run: the client's values over the language's defaults over the table's.
 * A language may raise a default and a maximum (e.g. the JVM needs more memory); nothing else may.
 */
export function resolveLimits(
  requested: Partial<Limits> | undefined,
  overrides: Partial<Limits> = {},
): Limits {
  const out = { ...DEFAULT_LIMITS, ...overrides };
  for (const name of LIMIT_NAMES) {
    const value = requested?.[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** The maximum a client may ask for one limit in one language. */
export function maxLimit(name: LimitName, overrides: Partial<Limits> = {}): number {
  return Math.max(LIMIT_RANGES[name].max, overrides[name] ?? 0);
}

/** The longest any run may take, used to reap containers left by a crashed worker. */
export function longestRunMs(): number {
  return MAX_COMPILE_LIMITS.wallTimeMs + LIMIT_RANGES.wallTimeMs.max;
}

/**
 * Bounds of the judging features of a submission or problem (groups, scores, messages). A checker's
 * or interactor's source has the bounds of a submission's (sourceBytes, files, filesTotalBytes).
 */
export const JUDGE_BOUNDS = {
  groups: 64,
  groupNameLength: 64,
  /** Points of one group (any non-negative number up to this). */
  groupPoints: 1_000_000,
  /** Languages with a time multiplier or extra memory. */
  languageAdjustments: 64,
  /** Largest time multiplier (the smallest is 1). */
  timeMultiplier: 10,
  /** Largest extra memory for one language, MiB (the result never exceeds the memory maximum). */
  extraMemoryMb: 1_024,
  /** A checker's or interactor's message kept per test case. */
  checkerMessageBytes: 1_024,
  /** Each direction of an interactive transcript kept per test case. */
  transcriptBytes: 65_536,
  /** A compiled checker or interactor (its work dir as a tar); a larger one is a judge failure. */
  programArtifactBytes: 33_554_432,
} as const;

/**
 * Limits of a checker's run per test case; chosen by the server. Output past `outputBytes` (a
 * flooding checker) kills it: a judge failure.
 */
export const CHECKER_LIMITS: Readonly<Limits> = {
  cpuTimeMs: 5_000,
  wallTimeMs: 10_000,
  memoryMb: 256,
  processes: 16,
  outputBytes: 65_536,
};

/**
 * Limits of an interactor's run per test case. Its stdout is the program's input, so the output
 * cap bounds what it may send; its wall time is at least the program's plus INTERACTOR_WALL_GRACE_MS,
 * so a deadlock ends at the program's wall limit first.
 */
export const INTERACTOR_LIMITS: Readonly<Limits> = {
  cpuTimeMs: 5_000,
  wallTimeMs: 10_000,
  memoryMb: 256,
  processes: 16,
  outputBytes: 8_388_608,
};
export const INTERACTOR_WALL_GRACE_MS = 2_000;

/** Limits of reading a compiled judge program back from its sandbox (a tar of its work dir on stdout). */
export const SUPERVISOR_PACK_LIMITS: Readonly<Limits> = {
  cpuTimeMs: 5_000,
  wallTimeMs: 10_000,
  memoryMb: 256,
  processes: 8,
  outputBytes: JUDGE_BOUNDS.programArtifactBytes,
};
