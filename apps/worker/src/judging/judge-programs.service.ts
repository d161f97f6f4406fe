import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@judgebox/config';
import {
  compileLimitsOf,
  expandCommand,
  findLanguage,
  imageName,
  JUDGE_BOUNDS,
  LIMIT_NAMES,
  SUPERVISOR_PACK_LIMITS,
  type JudgeProgram,
  type LanguageSpec,
  type Limits,
} from '@judgebox/domain';
import { WORK_DIR } from '../sandbox/container-spec';
import {
  phaseSucceeded,
  SANDBOX_DRIVER,
  type PhaseOutcome,
  type PhaseSpec,
  type SandboxDriver,
  type SandboxFile,
} from '../sandbox/sandbox-driver';
import { ArtifactCache } from './artifact-cache';
import { filesOfTar } from './artifact-tar';

/** A checker or interactor ready to run: its image, compiled files and run command. */
export interface PreparedProgram {
  image: string;
  files: SandboxFile[];
  cmd: string[];
  /** Raised for languages that need more (the JVM's memory and threads). */
  limitOverrides: Partial<Limits>;
}

/** The program could not be prepared: every case it judges is a judge failure with this message. */
export interface ProgramFailure {
  failure: string;
}

/** One run of a prepared program in a sandbox of its own (for the phase's hooks, see PhaseSpec). */
export type ProgramRun = Omit<PhaseSpec, 'cmd'> & { args: string[]; files: SandboxFile[] };

/**
 * Checkers and interactors: compiled once per worker in a sandbox of their own, the compiled work
 * dir streamed out as a tar on stdout (like any output: counted and capped, never read from the
 * sandbox's disk), kept in a bounded LRU by content hash, and run per test case, each run in a
 * fresh sandbox that holds only the program and that case's files.
 */
@Injectable()
export class JudgePrograms {
  private readonly cache: ArtifactCache;
  private readonly compiling = new Map<string, Promise<SandboxFile[] | ProgramFailure>>();

  constructor(
    @Inject(SANDBOX_DRIVER) private readonly driver: SandboxDriver,
    config: AppConfig,
  ) {
    this.cache = new ArtifactCache(config.JUDGE_PROGRAM_CACHE_MB * 1024 * 1024);
  }

  /** What is cached now (for tests and health). */
  get cached(): { entries: number; bytes: number } {
    return this.cache.size;
  }

  async prepare(program: JudgeProgram, signal: AbortSignal): Promise<PreparedProgram | ProgramFailure> {
    const lang = findLanguage(program.language);
    if (!lang) return { failure: `is in an unknown language, ${program.language}` };
    const key = contentKey(program, imageName(lang));
    let files = this.cache.get(key) ?? null;
    if (!files) {
      let pending = this.compiling.get(key);
      if (!pending) {
        pending = this.build(program, lang, signal).finally(() => this.compiling.delete(key));
        this.compiling.set(key, pending);
      }
      const built = await pending;
      if ('failure' in built) return built;
      this.cache.set(key, built);
      files = built;
    }
    const names = program.files.map((f) => f.name);
    return {
      image: imageName(lang),
      files,
      cmd: expandCommand(lang.run, program.entry, names, lang.sourceExtension),
      limitOverrides: lang.limitOverrides,
    };
  }

  /** Runs `program` once in a fresh sandbox with `run.files` beside it. */
  async run(program: PreparedProgram, run: ProgramRun, signal: AbortSignal): Promise<PhaseOutcome> {
    const { args, files, ...phase } = run;
    const outcome = await this.driver.run(
      {
        image: program.image,
        files: [...program.files, ...files],
        compile: null,
        runs: [{ ...phase, cmd: [...program.cmd, ...args] }],
      },
      signal,
    );
    const out = outcome.runs[0];
    if (!out || (out.exitCode === null && out.killedBy === null && !out.oomKilled))
      throw new Error('the sandbox of a judge program went away while it ran');
    return out;
  }

  /** Compiles in a sandbox and reads the work dir back as a tar on stdout; sources as they are when interpreted. */
  private async build(
    program: JudgeProgram,
    lang: LanguageSpec,
    signal: AbortSignal,
  ): Promise<SandboxFile[] | ProgramFailure> {
    const sources = program.files.map((f) => ({
      name: f.name,
      content: Buffer.from(f.content, f.encoding ?? 'utf8'),
    }));
    if (!lang.compile) return sources;
    const names = program.files.map((f) => f.name);
    const outcome = await this.driver.run(
      {
        image: imageName(lang),
        files: sources,
        compile: {
          cmd: expandCommand(lang.compile, program.entry, names, lang.sourceExtension),
          stdin: null,
          limits: compileLimitsOf(program, lang),
        },
        runs: [
          { cmd: ['tar', '-c', '-f', '-', '-C', WORK_DIR, '.'], stdin: null, limits: SUPERVISOR_PACK_LIMITS },
        ],
      },
      signal,
    );
    if (outcome.compile && !phaseSucceeded(outcome.compile)) {
      const said = outcome.compile.stderr.subarray(0, JUDGE_BOUNDS.checkerMessageBytes).toString('utf8');
      return { failure: `did not compile: ${said.trim() || `exit code ${outcome.compile.exitCode}`}` };
    }
    const pack = outcome.runs[0];
    if (!pack || !phaseSucceeded(pack) || pack.stdoutTruncated)
      return {
        failure: `could not be read back once compiled (larger than ${JUDGE_BOUNDS.programArtifactBytes} bytes?)`,
      };
    return filesOfTar(pack.stdout);
  }
}

/** The limits of a judge program's run in its language: the table's values, raised where the language needs more. */
export function programLimits(base: Readonly<Limits>, overrides: Partial<Limits>): Limits {
  const out = { ...base };
  for (const name of LIMIT_NAMES) out[name] = Math.max(out[name], overrides[name] ?? 0);
  return out;
}

function contentKey(program: JudgeProgram, image: string): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([program.language, image, program.entry]));
  for (const f of program.files) {
    const content = Buffer.from(f.content, f.encoding ?? 'utf8');
    h.update(`\0${f.name}\0${content.length}\0`).update(content);
  }
  return h.digest('hex');
}
