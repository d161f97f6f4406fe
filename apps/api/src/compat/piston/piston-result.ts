import { Verdict, type PhaseResult, type SubmissionResult } from '@judgebox/domain';

/** Piston's stage statuses (from isolate, plus its own OL and EL); null when the stage ended normally. */
export type PistonStatus = 'RE' | 'SG' | 'TO' | 'OL' | 'EL' | 'XX';

/** One stage of a Piston result. Times in ms, memory in bytes. */
export interface PistonStage {
  stdout: string;
  stderr: string;
  output: string;
  code: number | null;
  signal: string | null;
  message: string | null;
  status: PistonStatus | null;
  cpu_time: number | null;
  wall_time: number | null;
  memory: number | null;
}

/** The stages that actually happened; `run` is absent when the compile failed. */
export interface PistonStages {
  language: string;
  version: string;
  compile?: PistonStage;
  run?: PistonStage;
}

export interface PistonResponse extends PistonStages {
  run: PistonStage;
}

interface Outcome {
  status: PistonStatus | null;
  message: string | null;
  signal: string | null;
}

/**
 * How a stage ended, in Piston's terms, from the native facts. Precedence as the native verdict:
 * memory, then time, then output, then signal or exit code. Piston reports every kill it makes
 * (time, output) as SIGKILL.
 */
function outcome(phase: PhaseResult): Outcome {
  if (phase.oomKilled)
    return { status: 'SG', message: 'Memory limit exceeded', signal: phase.signal ?? 'SIGKILL' };
  switch (phase.killedBy) {
    case 'wall_time':
      return { status: 'TO', message: 'Time limit exceeded (wall clock)', signal: 'SIGKILL' };
    case 'cpu_time':
      return { status: 'TO', message: 'Time limit exceeded', signal: 'SIGKILL' };
    case 'output':
      return phase.stdoutTruncated
        ? { status: 'OL', message: 'stdout length exceeded', signal: 'SIGKILL' }
        : { status: 'EL', message: 'stderr length exceeded', signal: 'SIGKILL' };
    case null:
      break;
  }
  if (phase.signal)
    return { status: 'SG', message: `Caught fatal signal ${phase.signal}`, signal: phase.signal };
  if (phase.exitCode !== 0)
    return { status: 'RE', message: `Exited with error status ${String(phase.exitCode)}`, signal: null };
  return { status: null, message: null, signal: null };
}

/** Output as Piston gives it: text, invalid UTF-8 replaced (the native result may carry base64). */
function text(value: string, encoding: PhaseResult['encoding']): string {
  return encoding === 'base64' ? Buffer.from(value, 'base64').toString('utf8') : value;
}

export function toPistonStage(phase: PhaseResult): PistonStage {
  const stdout = text(phase.stdout, phase.encoding);
  const stderr = text(phase.stderr, phase.encoding);
  const { status, message, signal } = outcome(phase);
  return {
    stdout,
    stderr,
    // The native result keeps the streams apart, so their interleaving is lost: stdout, then stderr.
    output: stdout + stderr,
    code: signal ? null : phase.exitCode,
    signal,
    message,
    status,
    cpu_time: phase.cpuTimeMs,
    wall_time: phase.wallTimeMs,
    memory: phase.peakMemoryBytes,
  };
}

/** A stage the sandbox could not run (Piston's XX, isolate's internal error). */
function internalErrorStage(message: string | null): PistonStage {
  return {
    stdout: '',
    stderr: '',
    output: '',
    code: null,
    signal: null,
    message: message ?? 'internal error',
    status: 'XX',
    cpu_time: null,
    wall_time: null,
    memory: null,
  };
}

/** The stages of a native result; an infrastructure failure becomes an XX run stage. */
export function toPistonStages(result: SubmissionResult, language: string, version: string): PistonStages {
  const out: PistonStages = { language, version };
  if (result.compile) out.compile = toPistonStage(result.compile);
  if (result.run) out.run = toPistonStage(result.run);
  else if (result.verdict === Verdict.InternalError) out.run = internalErrorStage(result.message);
  return out;
}

/** The REST answer: as Piston, `run` repeats the compile stage when the program never ran. */
export function toPistonResponse(stages: PistonStages): PistonResponse {
  const run = stages.run ?? stages.compile ?? internalErrorStage('the program did not run');
  return { ...stages, run };
}
