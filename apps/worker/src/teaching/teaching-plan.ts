import { randomBytes } from 'node:crypto';
import {
  compileLimitsOf,
  expandCommand,
  findLanguage,
  SUBMISSION_BOUNDS,
  TEST_FRAMEWORKS,
  type LanguageSpec,
  type OutputFile,
  type SubmissionRequest,
  type SubmissionResult,
  type UnitTestSpec,
} from '@judgebox/domain';
import type { PhaseOutcome, SandboxSpec } from '../sandbox/sandbox-driver';
import { nodeTestReporter } from './node-test-report';
import { readSandboxFiles, type ReadResult, type SandboxExec } from './sandbox-files';
import { gradeUnitTests } from './grade-unit-tests';

/** A submission's output files and unit tests: how its sandbox spec changes, and how its result does. */
export interface TeachingPlan {
  spec: SandboxSpec;
  complete(result: SubmissionResult, runs: readonly PhaseOutcome[]): SubmissionResult;
}

/**
 * The shell that starts a test run: it writes the node:test reporter when given one and execs the
 * framework, so the exit status is the framework's own. The report's directory is not made here:
 * the framework makes it as it writes the report, after the tests.
 */
const START_TESTS = '[ -z "$2" ] || (umask 077 && printf %s "$2" > "$1") || exit 125; shift 2; exec "$@"';

const nonce = (): string => randomBytes(16).toString('hex');

/** Null for a submission that neither asks for files nor is graded by unit tests. */
export function planTeaching(
  request: SubmissionRequest,
  base: SandboxSpec,
  invalid: (message: string) => Error,
): TeachingPlan | null {
  const outputNames = request.outputFiles ?? [];
  const tests = request.unitTests ?? null;
  if (outputNames.length === 0 && !tests) return null;
  const lang = findLanguage(request.language);
  if (!lang) throw invalid(`unknown language ${request.language}`);
  const reportDir = `/tmp/jb-tests-${nonce()}`;
  let spec = base;
  if (tests) spec = unitTestSpec(request, tests, lang, base, reportDir, invalid);
  let files = new Map<string, ReadResult>();
  let report: ReadResult | null = null;
  spec = {
    ...spec,
    afterRuns: async (exec: SandboxExec) => {
      const { outputFileBytes: fileBytes, outputFilesTotalBytes: totalBytes } = SUBMISSION_BOUNDS;
      if (outputNames.length > 0)
        files = await readSandboxFiles(exec, '/work', outputNames, { fileBytes, totalBytes });
      if (tests) {
        const max = SUBMISSION_BOUNDS.testReportBytes;
        const name = TEST_FRAMEWORKS[tests.framework].reportFile;
        const read = await readSandboxFiles(exec, reportDir, [name], { fileBytes: max, totalBytes: max });
        report = read.get(name) ?? null;
      }
    },
  };
  return {
    spec,
    complete: (result, runs) => {
      const out: SubmissionResult = { ...result };
      if (outputNames.length > 0) out.outputFiles = outputNames.map((n) => outputFile(n, files.get(n)));
      if (tests) Object.assign(out, gradeUnitTests(result, tests, runs[0] ?? null, report));
      return out;
    },
  };
}

function outputFile(name: string, read: ReadResult | undefined): OutputFile {
  if (!read) return { name, content: null, bytes: null, problem: 'the program did not run' };
  if (read.problem !== null) return { name, content: null, bytes: read.bytes, problem: read.problem };
  return { name, content: read.content.toString('base64'), bytes: read.content.length, problem: null };
}

/** The framework's compile and run in place of the language's, over the student's and the teacher's files. */
function unitTestSpec(
  request: SubmissionRequest,
  tests: UnitTestSpec,
  lang: LanguageSpec,
  base: SandboxSpec,
  reportDir: string,
  invalid: (message: string) => Error,
): SandboxSpec {
  const framework = TEST_FRAMEWORKS[tests.framework];
  const commands = framework.languages[lang.id];
  if (!commands) throw invalid(`${framework.name} does not run ${lang.id}`);
  const names = [...request.files, ...tests.files].map((f) => f.name);
  if (new Set(names).size !== names.length) throw invalid('test files must not share names with files');
  const expand = (cmd: readonly string[]): string[] =>
    expandCommand(cmd, request.entry, names, lang.sourceExtension, request.compilerOptions);
  const ext = lang.sourceExtension;
  const testNames = tests.files.map((f) =>
    commands.runExtension && f.name.endsWith(ext)
      ? f.name.slice(0, -ext.length) + commands.runExtension
      : f.name,
  );
  const reporter = `/tmp/jb-reporter-${nonce()}.mjs`;
  const report = `${reportDir}/${framework.reportFile}`;
  const run = expand(commands.run).flatMap((part) =>
    part === '{tests}'
      ? testNames
      : [
          part
            .replaceAll('{reporter}', reporter)
            .replaceAll('{reportDir}', reportDir)
            .replaceAll('{report}', report),
        ],
  );
  const timeout =
    tests.perTestTimeoutMs !== null ? (framework.perTestTimeout?.(tests.perTestTimeoutMs) ?? []) : [];
  const source = framework.report === 'node_test_json' ? nodeTestReporter(report) : '';
  const compile = commands.compile ?? lang.compile;
  return {
    ...base,
    files: [
      ...base.files,
      ...tests.files.map((f) => ({ name: f.name, content: Buffer.from(f.content, f.encoding ?? 'utf8') })),
    ],
    compile: compile
      ? { cmd: expand(compile), stdin: null, limits: compileLimitsOf(request, lang) }
      : null,
    runs: [
      {
        ...base.runs[0],
        cmd: ['/bin/sh', '-c', START_TESTS, 'jb-tests', reporter, source, ...run, ...timeout],
      },
    ],
  };
}
