import { posix } from 'node:path';
import {
  expandCommand,
  GRADER_FILES,
  SUBMISSION_BOUNDS,
  TEST_FRAMEWORKS,
  type OutputFile,
  type SubmissionResult,
  type UnitTestSpec,
} from '@judgebox/domain';
import type { PhaseOutcome, SandboxSpec } from '../sandbox/sandbox-driver';
import type { ResolvedSubmission } from '../submissions/resolved-submission';
import { gradeUnitTests } from './grade-unit-tests';
import { graderFile } from './graders/grader-files';
import { newRunSeal, sealedStdin, type RunSeal } from './graders/sealed-report';
import { readSandboxFiles, type ReadResult, type SandboxExec } from './sandbox-files';

/** A submission's output files and unit tests: how its sandbox spec changes, and how its result does. */
export interface TeachingPlan {
  spec: SandboxSpec;
  complete(result: SubmissionResult, runs: readonly PhaseOutcome[]): SubmissionResult;
}

/** Null for a submission that neither asks for files nor is graded by unit tests. */
export function planTeaching(
  job: ResolvedSubmission,
  base: SandboxSpec,
  invalid: (message: string) => Error,
): TeachingPlan | null {
  const { request } = job;
  const outputNames = request.outputFiles ?? [];
  const tests = request.unitTests ?? null;
  if (outputNames.length === 0 && !tests) return null;
  // A fresh key and report path per run, given to the grader on stdin only (graders/sealed-report.ts).
  const seal = newRunSeal();
  let spec = base;
  if (tests) spec = unitTestSpec(job, tests, base, seal, invalid);
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
        const [dir, name] = [posix.dirname(seal.reportPath), posix.basename(seal.reportPath)];
        const read = await readSandboxFiles(exec, dir, [name], { fileBytes: max, totalBytes: max });
        report = read.get(name) ?? null;
      }
    },
  };
  return {
    spec,
    complete: (result, runs) => {
      const out: SubmissionResult = { ...result };
      if (outputNames.length > 0) out.outputFiles = outputNames.map((n) => outputFile(n, files.get(n)));
      if (tests) Object.assign(out, gradeUnitTests(result, tests, runs[0] ?? null, report, seal.key));
      return out;
    },
  };
}

function outputFile(name: string, read: ReadResult | undefined): OutputFile {
  if (!read) return { name, content: null, bytes: null, problem: 'the program did not run' };
  if (read.problem !== null) return { name, content: null, bytes: read.bytes, problem: read.problem };
  return { name, content: read.content.toString('base64'), bytes: read.content.length, problem: null };
}

/**
 * The framework's compile and run in place of the language's, over judgebox's grader and the
 * student's and the teacher's files; the run's stdin starts with the seal line for the grader.
 */
function unitTestSpec(
  { request, lang, compileLimits }: ResolvedSubmission,
  tests: UnitTestSpec,
  base: SandboxSpec,
  seal: RunSeal,
  invalid: (message: string) => Error,
): SandboxSpec {
  const framework = TEST_FRAMEWORKS[tests.framework];
  const commands = framework.languages[lang.id];
  if (!commands) throw invalid(`${framework.name} does not run ${lang.id}`);
  const given = [...request.files, ...tests.files].map((f) => f.name);
  if (new Set(given).size !== given.length) throw invalid('test files must not share names with files');
  const reserved = given.find((n) => GRADER_FILES.includes(n));
  if (reserved) throw invalid(`${reserved} is the name of judgebox's grader`);
  const grader = graderFile(tests.framework);
  // The grader first: GoogleTest's must be linked first (its seal is read before other constructors).
  const names = [grader.name, ...given];
  const expand = (cmd: readonly string[]): string[] =>
    expandCommand(cmd, request.entry, names, lang.sourceExtension, request.compilerOptions);
  const ext = lang.sourceExtension;
  const testNames = tests.files.map((f) =>
    commands.runExtension && f.name.endsWith(ext)
      ? f.name.slice(0, -ext.length) + commands.runExtension
      : f.name,
  );
  const run = expand(commands.run).flatMap((part) => (part === '{tests}' ? testNames : [part]));
  const timeout =
    tests.perTestTimeoutMs !== null ? (framework.perTestTimeout?.(tests.perTestTimeoutMs) ?? []) : [];
  const compile = commands.compile ?? lang.compile;
  return {
    ...base,
    files: [
      grader,
      ...base.files,
      ...tests.files.map((f) => ({ name: f.name, content: Buffer.from(f.content, f.encoding ?? 'utf8') })),
    ],
    compile: compile ? { cmd: expand(compile), stdin: null, limits: compileLimits } : null,
    runs: [
      {
        ...base.runs[0],
        cmd: [...run, ...timeout],
        stdin: sealedStdin(seal, base.runs[0].stdin),
      },
    ],
  };
}
