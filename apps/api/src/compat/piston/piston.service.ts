import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { satisfies, validRange } from 'semver';
import { AppConfig } from '@judgebox/config';
import type { LanguageSpec, SubmissionRequest } from '@judgebox/domain';
import { CatalogService } from '../../catalog/catalog.service';
import { LanguageAvailability } from '../../queue/language-availability';
import type { CreateSubmissionDto } from '../../submissions/create-submission.dto';
import { nativeSubmissionOr400 } from '../../submissions/native-submission';
import { SubmissionsService } from '../../submissions/submissions.service';
import { findPistonLanguage, pistonAliases, semverOf } from './piston-names';
import { checkPistonRequest, PistonRequestError, toSubmissionBody } from './piston-request';
import { toPistonStages, type PistonStages } from './piston-result';

/** One entry of GET /api/v2/runtimes. */
export interface PistonRuntime {
  language: string;
  version: string;
  aliases: string[];
}

/** A request that passed Piston's checks and the native rules, ready to run. */
export interface PreparedJob {
  runtime: PistonRuntime;
  submission: CreateSubmissionDto;
}

/**
 * Piston v2 over the native service: requests become native submissions (same validation, same
 * queue, same worker), native results become Piston's stages. No second execution path.
 */
@Injectable()
export class PistonService {
  /** The very pipe the native controller runs, so a Piston request meets the same rules. */

  constructor(
    private readonly catalog: CatalogService,
    private readonly submissions: SubmissionsService,
    private readonly config: AppConfig,
    private readonly availability: LanguageAvailability,
  ) {}

  /**
   * The catalog's languages whose version a worker has reported, that version coerced to semver
   * (e.g. Java's 17.0.21.1 is 17.0.21): Piston's version selectors are semver ranges.
   */
  async runtimes(): Promise<PistonRuntime[]> {
    const [languages, ready] = await Promise.all([this.catalog.languages(), this.availability.readyImages()]);
    // Piston lists installed runtimes only: one whose image is still being built is left out
    // (with no worker up nothing is known, and every reported version is listed, as before).
    return languages
      .filter((lang) => ready === null || lang.available)
      .flatMap((lang) => {
        const version = semverOf(lang.version);
        return version ? [{ language: lang.id, version, aliases: pistonAliases(lang) }] : [];
      });
  }

  /** Checks a request as Piston would, then as the native API would, without running it. */
  async prepare(body: unknown, appendNewline: boolean): Promise<PreparedJob> {
    const req = checkPistonRequest(body);
    const { runtime, lang } = await this.resolve(req.language, req.version);
    const native = toSubmissionBody(req, lang, appendNewline);
    return { runtime, submission: await nativeSubmissionOr400(native) };
  }

  /** Runs a prepared job through the native service and waits for its stages. */
  async run(job: PreparedJob): Promise<PistonStages> {
    const view = await this.submissions.submit(job.submission, true);
    if (!view.result)
      throw new ServiceUnavailableException(
        `no result within ${this.config.WAIT_TIMEOUT_MS} ms (submission ${view.id} is ${view.state}); try again later`,
      );
    const version = semverOf(view.result.version) ?? job.runtime.version;
    return toPistonStages(view.result, job.runtime.language, version);
  }

  /** Queues a prepared job to run interactively under `id`, its I/O on the job's live streams; the request it became. */
  async startLive(job: PreparedJob, id: string): Promise<SubmissionRequest> {
    return (await this.submissions.submitAndRead(job.submission, false, { live: { id } })).request;
  }

  /** The newest (only) runtime of `language` whose version satisfies the semver `selector`. */
  private async resolve(
    language: string,
    selector: string,
  ): Promise<{ runtime: PistonRuntime; lang: LanguageSpec }> {
    const lang = findPistonLanguage(language);
    // A known language whose image is not built yet: 503 with Retry-After rather than "unknown".
    if (lang) await this.availability.requireReady([lang.id]);
    const runtime = lang && (await this.runtimes()).find((r) => r.language === lang.id);
    if (!lang || !runtime || validRange(selector) === null || !satisfies(runtime.version, selector))
      throw new PistonRequestError(`${language}-${selector} runtime is unknown`);
    return { runtime, lang };
  }
}
