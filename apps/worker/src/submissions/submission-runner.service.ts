import { Inject, Injectable } from '@nestjs/common';
import {
  compileLimits,
  decideVerdict,
  expandCommand,
  findLanguage,
  imageName,
  signalFromExitCode,
  type PhaseResult,
  type SubmissionRequest,
  type SubmissionResult,
} from '@judgebox/domain';
import type { PhaseOutcome } from '../sandbox/exec-phase';
import { SANDBOX_DRIVER, type SandboxDriver, type SandboxSpec } from '../sandbox/sandbox-driver';
import { LanguageVersions } from '../sandbox/language-versions.service';

/** A job payload that can never succeed, whoever runs it (not retried). */
export class InvalidSubmissionError extends Error {}

/** Turns a submission into a sandbox spec and the sandbox's facts into a result. */
@Injectable()
export class SubmissionRunner {
  constructor(
    @Inject(SANDBOX_DRIVER) private readonly driver: SandboxDriver,
    private readonly versions: LanguageVersions,
  ) {}

  async run(request: SubmissionRequest, signal: AbortSignal): Promise<SubmissionResult> {
    const startedAt = new Date().toISOString();
    const spec = toSandboxSpec(request);
    const outcome = await this.driver.run(spec, signal);
    const compile = outcome.compile && toPhaseResult(outcome.compile);
    const run = outcome.run && toPhaseResult(outcome.run);
    const lang = findLanguage(request.language);
    const { verdict, message } = decideVerdict(compile, run, request.limits, compileLimits(lang?.compileLimitOverrides));
    return {
      verdict,
      message,
      compile,
      run,
      limits: request.limits,
      language: lang?.id ?? request.language,
      version: lang ? this.versions.versionOf(lang.image) : null,
      startedAt,
      finishedAt: new Date().toISOString(),
    };
  }
}

export function toSandboxSpec(request: SubmissionRequest): SandboxSpec {
  const lang = findLanguage(request.language);
  if (!lang) throw new InvalidSubmissionError(`unknown language ${request.language}`);
  const names = request.files.map((f) => f.name);
  if (!names.includes(request.entry)) throw new InvalidSubmissionError(`entry ${request.entry} is not among the files`);
  const expand = (cmd: readonly string[]): string[] => expandCommand(cmd, request.entry, names, lang.sourceExtension);
  return {
    image: imageName(lang),
    files: request.files.map((f) => ({ name: f.name, content: Buffer.from(f.content, f.encoding ?? 'utf8') })),
    compile: lang.compile ? { cmd: expand(lang.compile), stdin: null, limits: compileLimits(lang.compileLimitOverrides) } : null,
    run: {
      cmd: [...expand(lang.run), ...request.args],
      stdin: Buffer.from(request.stdin, request.stdinEncoding),
      limits: request.limits,
    },
  };
}

/** Output as text when both streams are valid UTF-8, otherwise both as base64. */
export function toPhaseResult(p: PhaseOutcome): PhaseResult {
  const utf8 = isUtf8(p.stdout) && isUtf8(p.stderr);
  const encode = (b: Buffer): string => b.toString(utf8 ? 'utf8' : 'base64');
  return {
    stdout: encode(p.stdout),
    stderr: encode(p.stderr),
    encoding: utf8 ? 'utf8' : 'base64',
    stdoutTruncated: p.stdoutTruncated,
    stderrTruncated: p.stderrTruncated,
    exitCode: p.exitCode,
    signal: p.killedBy ? 'SIGKILL' : signalFromExitCode(p.exitCode),
    cpuTimeMs: p.cpuTimeMs,
    wallTimeMs: p.wallTimeMs,
    peakMemoryBytes: p.peakMemoryBytes,
    oomKilled: p.oomKilled,
    killedBy: p.killedBy,
  };
}

function isUtf8(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}
