import type { SourceFile } from './submission';

/**
 * Grading by the teacher's unit tests, and files a program writes that come back with the result.
 * The frameworks and the commands that run them are here; bounds are in SUBMISSION_BOUNDS.
 */
export type TestFramework = 'pytest' | 'junit5' | 'gtest' | 'node_test';

export interface FrameworkCommands {
  /**
   * Replaces the language's compile command; `{sources}` are judgebox's grader (first) and the
   * student's and the teacher's files.
   */
  compile?: string[];
  /**
   * The test run, through judgebox's grader (`graderFile`, placed in the work dir): it reads the
   * run's key and the report's path from the first line of stdin before any student code runs,
   * and writes the report signed with that key once the framework is done (docs/teaching.md).
   * `{tests}` (a whole item) are the teacher's test files, named as run (`runExtension` replaces
   * the source extension, e.g. TypeScript compiled to .js).
   */
  run: string[];
  runExtension?: string;
}

export interface TestFrameworkSpec {
  id: TestFramework;
  name: string;
  /** judgebox's grader for this framework, a file name no submission may use. */
  graderFile: string;
  /** Per language id: the commands. A framework runs only in the languages listed. */
  languages: Readonly<Record<string, FrameworkCommands>>;
  /** Extra arguments for a per-test timeout in ms; null when the framework has no such option. */
  perTestTimeout: ((ms: number) => string[]) | null;
  /** Exit codes of a run whose tests all passed, and of one where some failed; anything else is an error. */
  exitCodes: { passed: number; failed: number };
}

const JUNIT_JAR = '/usr/share/java/junit-platform-console-standalone.jar';
const JVM_TEST = ['-XX:+UseSerialGC', '-XX:MaxRAMPercentage=50', '-Xss64m', '-XX:-UsePerfData'];
const NODE_GRADER = 'jb-node-grader.mjs';
// The test files run in this one process (not `node --test`, whose child processes report through
// their stdout, which the student's code writes too). The grader (the reporter) is imported first,
// so it reads its key before any test file loads; node:test later imports the same module.
const NODE_TEST_LOADER =
  '(async () => { const u = (f) => require("url").pathToFileURL(require("path").resolve(f)); ' +
  `await import(u("${NODE_GRADER}")); ` +
  'for (const f of process.argv.slice(1)) await import(u(f)); })()';
const NODE_TEST_RUN = (runExtension?: string): FrameworkCommands => ({
  run: ['node', `--test-reporter=/work/${NODE_GRADER}`, '-e', NODE_TEST_LOADER, '{tests}'],
  runExtension,
});

export const TEST_FRAMEWORKS: Readonly<Record<TestFramework, TestFrameworkSpec>> = {
  pytest: {
    id: 'pytest',
    name: 'pytest',
    graderFile: 'jb_pytest_grader.py',
    languages: {
      'python-ml': {
        // No ini file of the work dir (`-c /dev/null`) and, unless the teacher gave one, no
        // conftest.py: a student's could add plugins or rewrite outcomes before a test runs.
        run: [
          'env',
          'MPLBACKEND=Agg',
          'MPLCONFIGDIR=/tmp/matplotlib',
          'python3',
          '-I',
          'jb_pytest_grader.py',
          '-q',
          '-p',
          'no:cacheprovider',
          '-c',
          '/dev/null',
          '--rootdir=/work',
          '{tests}',
        ],
      },
    },
    // pytest-timeout: the test fails with "Timeout" and the next one runs.
    perTestTimeout: (ms) => [`--timeout=${ms / 1000}`],
    exitCodes: { passed: 0, failed: 1 },
  },
  junit5: {
    id: 'junit5',
    name: 'JUnit 5',
    graderFile: 'JbJunitGrader.java',
    languages: {
      'java-junit': {
        compile: ['javac', '-encoding', 'UTF-8', '-cp', JUNIT_JAR, '-d', '.', '{sources}'],
        // The grader runs the classes of the teacher's files only (a student's own tests do not count).
        run: ['java', ...JVM_TEST, '-cp', `.:${JUNIT_JAR}`, 'JbJunitGrader', '{tests}'],
      },
    },
    // The grader passes `--config=` items on as JUnit configuration parameters. In a thread of
    // its own, so a test that never checks for interruption (a busy loop) still fails.
    perTestTimeout: (ms) => [
      `--config=junit.jupiter.execution.timeout.default=${ms}ms`,
      '--config=junit.jupiter.execution.timeout.thread.mode.default=SEPARATE_THREAD',
    ],
    exitCodes: { passed: 0, failed: 1 },
  },
  gtest: {
    id: 'gtest',
    name: 'GoogleTest',
    graderFile: 'jb_gtest_grader.cpp',
    languages: {
      'cpp-gtest': {
        // The grader's `main` replaces gtest_main; it is linked first, so its key is read before
        // any student constructor runs.
        compile: ['g++', '-std=gnu++17', '-O2', '-pipe', '-o', 'main', '{sources}', '-lgtest', '-pthread'],
        run: ['./main', '{tests}'],
      },
    },
    perTestTimeout: null,
    exitCodes: { passed: 0, failed: 1 },
  },
  node_test: {
    id: 'node_test',
    name: 'node:test',
    graderFile: NODE_GRADER,
    languages: { javascript: NODE_TEST_RUN(), typescript: NODE_TEST_RUN('.js') },
    perTestTimeout: null,
    exitCodes: { passed: 0, failed: 1 },
  },
};

export const TEST_FRAMEWORK_IDS = Object.keys(TEST_FRAMEWORKS) as TestFramework[];

/** File names judgebox's graders use: no submission file, the student's or the teacher's, may. */
export const GRADER_FILES: readonly string[] = Object.values(TEST_FRAMEWORKS).map((f) => f.graderFile);

/** The frameworks a language runs (for the catalog). */
export function frameworksOf(languageId: string): TestFramework[] {
  return TEST_FRAMEWORK_IDS.filter((f) => languageId in TEST_FRAMEWORKS[f].languages);
}

/** The teacher's part of a submission graded by unit tests. */
export interface UnitTestSpec {
  framework: TestFramework;
  /** The teacher's test files, placed beside the student's (names distinct from theirs). */
  files: SourceFile[];
  /** Per-test weights by test name (as the report names it); tests not named weigh 1. */
  weights: Record<string, number>;
  /** Where the framework allows it: each test's own time limit; null for none. */
  perTestTimeoutMs: number | null;
}

export type TestStatus = 'passed' | 'failed' | 'error' | 'skipped';
export const TEST_STATUSES: readonly TestStatus[] = ['passed', 'failed', 'error', 'skipped'];

export interface TestEntry {
  /** As the report names it: `module.test` (pytest), `Class.method()` (JUnit), `Suite.Name` (GoogleTest), the name path (node:test). */
  name: string;
  status: TestStatus;
  /** Failure or error message, capped at SUBMISSION_BOUNDS.testMessageBytes; null when passed. */
  message: string | null;
  timeMs: number | null;
}

export interface UnitTestResult {
  framework: TestFramework;
  /** Null when the run left no usable report (see the submission's message). */
  tests: TestEntry[] | null;
  /** More tests than SUBMISSION_BOUNDS.testEntries were reported; counts and score cover all. */
  testsTruncated: boolean;
  counts: Record<TestStatus, number> & { total: number };
  /** Passed weight over total weight of the tests not skipped, 0..1; 0 without a report. */
  score: number;
}

/** A file the program wrote that was asked for in `outputFiles`. */
export interface OutputFile {
  name: string;
  /** base64; null when the file could not be returned (see `problem`). */
  content: string | null;
  bytes: number | null;
  problem: string | null;
}

/** Counts and score of a list of tests. */
export function scoreTests(
  tests: readonly Pick<TestEntry, 'name' | 'status'>[],
  weights: Record<string, number>,
): Pick<UnitTestResult, 'counts' | 'score'> {
  const counts = { passed: 0, failed: 0, error: 0, skipped: 0, total: tests.length };
  let total = 0;
  let passed = 0;
  for (const t of tests) {
    counts[t.status]++;
    if (t.status === 'skipped') continue;
    const w = Object.hasOwn(weights, t.name) ? weights[t.name] : 1;
    total += w;
    if (t.status === 'passed') passed += w;
  }
  return { counts, score: total > 0 ? Math.round((passed / total) * 1e6) / 1e6 : 0 };
}

/** An image's libraries label (`name=version,name=version`) as an object; {} for none. */
export function parseLibraries(label: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (label ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at > 0) out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}
