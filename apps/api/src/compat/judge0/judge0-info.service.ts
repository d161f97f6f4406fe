import { Injectable } from '@nestjs/common';
import { AppConfig } from '@judgebox/config';
import { JUDGE0_BOUNDS, JUDGE0_LIMITS, languageVersion } from '@judgebox/domain';
import { SUBMISSIONS_QUEUE } from '@judgebox/queue';
import { LanguageAvailability } from '../../queue/language-availability';
import { MetaRepository } from '../../queue/meta.repository';
import { SubmissionQueue } from '../../queue/submission-queue.repository';
import { JUDGE0_LANGUAGES, judge0Language, type Judge0Language } from './judge0-languages';

/** Judge0 CE's catalog, configuration and worker answers, from this server's own facts. */
@Injectable()
export class Judge0InfoService {
  constructor(
    private readonly meta: MetaRepository,
    private readonly config: AppConfig,
    private readonly queue: SubmissionQueue,
    private readonly availability: LanguageAvailability,
  ) {}

  /**
   * The languages a submission runs in now, as Judge0 lists its installed ones: one whose image
   * is still being built is left out (it is in /languages/all). With no worker up, all of them.
   */
  async languages(): Promise<{ id: number; name: string }[]> {
    const [versions, ready] = await Promise.all([this.versions(), this.availability.readyImages()]);
    return JUDGE0_LANGUAGES.filter((l) => ready?.has(l.spec.image) ?? true).map((l) => ({
      id: l.id,
      name: displayName(l, versions),
    }));
  }

  async allLanguages(): Promise<{ id: number; name: string; is_archived: boolean }[]> {
    const versions = await this.versions();
    return JUDGE0_LANGUAGES.map((l) => ({ id: l.id, name: displayName(l, versions), is_archived: false }));
  }

  /** One language's details; null when the id names none. */
  async language(id: number): Promise<object | null> {
    const lang = judge0Language(id);
    if (!lang) return null;
    const { spec } = lang;
    return {
      id: lang.id,
      name: displayName(lang, await this.versions()),
      is_archived: false,
      source_file: spec.sourceFile,
      compile_cmd: spec.compile ? spec.compile.join(' ') : null,
      run_cmd: spec.run.join(' '),
    };
  }

  /** Judge0's configuration keys with this server's effective values. */
  configInfo(): object {
    return {
      maintenance_mode: false,
      enable_wait_result: this.config.WAIT_TIMEOUT_MS > 0,
      enable_compiler_options: true,
      allowed_languages_for_compile_options: JUDGE0_LANGUAGES.filter(
        (l) => (l.spec.compilerOptions ?? []).length > 0,
      ).map((l) => l.spec.name),
      enable_command_line_arguments: true,
      enable_submission_delete: this.config.JUDGE0_ENABLE_DELETE,
      enable_callbacks: true,
      callbacks_max_tries: JUDGE0_BOUNDS.callbackTries,
      callbacks_timeout: JUDGE0_BOUNDS.callbackTimeoutMs / 1000,
      enable_additional_files: true,
      max_queue_size: this.config.MAX_QUEUED,
      ...limitKeys(),
      redirect_stderr_to_stdout: false,
      max_extract_size: JUDGE0_BOUNDS.zipUnpackedBytes / 1024,
      enable_batched_submissions: true,
      max_submission_batch_size: JUDGE0_BOUNDS.batchSize,
      submission_cache_duration: 0,
      use_docs_as_homepage: false,
      allow_enable_network: false,
      enable_network: false,
    };
  }

  /** One entry for the single queue, counted as Judge0 does (its workers are the judgebox workers). */
  async workers(): Promise<object[]> {
    const [counts, workers] = await Promise.all([
      this.queue.count('waiting', 'prioritized', 'delayed', 'active', 'failed'),
      this.meta.liveWorkers(),
    ]);
    const available = workers.reduce((sum, w) => sum + w.concurrency, 0);
    const working = workers.reduce((sum, w) => sum + w.active, 0);
    return [
      {
        queue: SUBMISSIONS_QUEUE,
        size: counts.waiting + counts.prioritized + counts.delayed,
        available,
        idle: Math.max(0, available - working),
        working,
        paused: 0,
        failed: counts.failed,
      },
    ];
  }

  private versions(): Promise<Record<string, string>> {
    return this.meta.languageVersions().catch(() => ({}));
  }
}

/** Judge0's limit keys (default, then maximum), in its order. */
function limitKeys(): Record<string, number | boolean> {
  const L = JUDGE0_LIMITS;
  return {
    cpu_time_limit: L.cpu_time_limit.default,
    max_cpu_time_limit: L.cpu_time_limit.max,
    cpu_extra_time: L.cpu_extra_time.default,
    max_cpu_extra_time: L.cpu_extra_time.max,
    wall_time_limit: L.wall_time_limit.default,
    max_wall_time_limit: L.wall_time_limit.max,
    memory_limit: L.memory_limit.default,
    max_memory_limit: L.memory_limit.max,
    stack_limit: L.stack_limit.default,
    max_stack_limit: L.stack_limit.max,
    max_processes_and_or_threads: L.max_processes_and_or_threads.default,
    max_max_processes_and_or_threads: L.max_processes_and_or_threads.max,
    enable_per_process_and_thread_time_limit: false,
    allow_enable_per_process_and_thread_time_limit: true,
    enable_per_process_and_thread_memory_limit: false,
    allow_enable_per_process_and_thread_memory_limit: true,
    max_file_size: L.max_file_size.default,
    max_max_file_size: L.max_file_size.max,
    number_of_runs: L.number_of_runs.default,
    max_number_of_runs: L.number_of_runs.max,
  };
}

/** "Python 3 (3.12.3)" once a worker has reported the image's version, as Judge0 names carry versions. */
function displayName(lang: Judge0Language, versions: Record<string, string>): string {
  const version = languageVersion(lang.spec, versions);
  return version ? `${lang.spec.name} (${version})` : lang.spec.name;
}
