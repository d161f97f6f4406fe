import { HttpStatus, Injectable } from '@nestjs/common';
import { AppConfig } from '@judgebox/config';
import { JUDGE0_BOUNDS, SubmissionState } from '@judgebox/domain';
import {
  SubmissionsService,
  type ReadSubmission,
  type SubmitOptions,
} from '../../submissions/submissions.service';
import { CallbackSender } from '../../callbacks/callback-sender';
import { callbackDelivery } from './judge0-callback-job';
import { Judge0Exception, judge0BadRequest, judge0Invalid } from './judge0-errors';
import { toJudge0Input, type Judge0Input } from './judge0-input';
import { Judge0MetaRepository } from './judge0-meta.repository';
import { LanguageAvailability } from '../../queue/language-availability';
import type { Judge0Meta } from './judge0-request';
import type { Judge0SubmissionDto } from './judge0-submission.dto';
import { DEFAULT_FIELDS, NotUtf8Error, parseFields, renderSubmission, type Judge0Field } from './judge0-view';

const MAX_BATCH = JUDGE0_BOUNDS.batchSize;

const TOKEN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const NOT_UTF8 =
  'some attributes for this submission cannot be converted to UTF-8, use base64_encoded=true query parameter';
const NOT_UTF8_BATCH =
  'some attributes for one or more submissions cannot be converted to UTF-8, use base64_encoded=true query parameter';

/** Judge0 answers an unknown token with an empty 404. */
const notFound = (): Judge0Exception => new Judge0Exception(null, HttpStatus.NOT_FOUND);

/** Submit options that queue the callback delivery with the submission, when it has a callback_url. */
function withCallback(dto: Judge0SubmissionDto, meta: Judge0Meta): SubmitOptions {
  return dto.callback_url ? { after: callbackDelivery(dto.callback_url, meta) } : {};
}

export interface Judge0Query {
  base64: boolean;
  fields: Judge0Field[];
}

/** Judge0's query flags: only the exact word "true" turns one on (Rails: `params[:x] == "true"`). */
export function parseQuery(query: Record<string, unknown>): Judge0Query & { wait: boolean } {
  const fields = parseFields(query.fields);
  if (!Array.isArray(fields)) throw judge0BadRequest(`invalid fields: [${fields.invalid.join(', ')}]`);
  return { base64: query.base64_encoded === 'true', wait: query.wait === 'true', fields };
}

/**
 * Judge0 CE's submission endpoints over the native service: a Judge0 body is checked by Judge0's
 * rules, turned into a native body, checked by the native DTO's own rules and submitted through
 * SubmissionsService; results are read back with `find` and rendered in Judge0's shape.
 */
@Injectable()
export class Judge0SubmissionsService {
  constructor(
    private readonly submissions: SubmissionsService,
    private readonly meta: Judge0MetaRepository,
    private readonly callbacks: CallbackSender,
    private readonly config: AppConfig,
    private readonly availability: LanguageAvailability,
  ) {}

  /** POST /submissions: `{token}`, or with wait the rendered result. */
  async create(body: unknown, query: Judge0Query & { wait: boolean }): Promise<Record<string, unknown>> {
    if (query.wait && this.config.WAIT_TIMEOUT_MS === 0) throw judge0BadRequest('wait not allowed');
    const { dto, native, meta } = await this.prepare(body, query.base64);
    if ('errors' in native) throw judge0Invalid(native.errors);
    const found = await this.submissions.submitAndRead(native.dto, query.wait, withCallback(dto, meta));
    await this.meta.save(found.view.id, meta);
    if (!query.wait) return { token: found.view.id };
    try {
      return render(found, meta, query);
    } catch (err) {
      if (err instanceof NotUtf8Error)
        throw new Judge0Exception({ error: NOT_UTF8, token: found.view.id }, HttpStatus.CREATED);
      throw err;
    }
  }

  /** POST /submissions/batch: one `{token}` or errors object per submission, in order. */
  async createBatch(body: unknown, base64: boolean): Promise<{ status: number; body: object[] }> {
    const items = (body as { submissions?: unknown } | null)?.submissions;
    if (!Array.isArray(items) || items.length === 0)
      throw judge0BadRequest('there should be at least one submission in a batch');
    if (items.length > MAX_BATCH)
      throw judge0BadRequest(`number of submissions in a batch should be less than or equal to ${MAX_BATCH}`);
    // Checked together (callback hosts are resolved, which may be slow), then queued in order.
    const prepared = await Promise.all(items.map((item) => this.prepare(item, base64)));
    // One language not ready refuses the whole batch (503) before any of it is queued.
    const languages = prepared.flatMap(({ native }) => ('dto' in native ? [native.dto.language] : []));
    await this.availability.requireReady(languages);
    const out: object[] = [];
    for (const { dto, native, meta } of prepared) {
      if ('errors' in native) {
        out.push(native.errors);
        continue;
      }
      const view = await this.submissions.submit(native.dto, false, withCallback(dto, meta));
      await this.meta.save(view.id, meta);
      out.push({ token: view.id });
    }
    const anyValid = out.some((o) => 'token' in o);
    return { status: anyValid ? HttpStatus.CREATED : HttpStatus.UNPROCESSABLE_ENTITY, body: out };
  }

  /** GET /submissions/{token} */
  async show(token: string, query: Judge0Query): Promise<Record<string, unknown>> {
    const found = await this.find(token);
    if (!found) throw notFound();
    try {
      return render(found, await this.meta.find(token), query);
    } catch (err) {
      if (err instanceof NotUtf8Error) throw judge0BadRequest(NOT_UTF8);
      throw err;
    }
  }

  /** GET /submissions/batch?tokens=a,b: unknown tokens answer null in their place. */
  async showBatch(
    tokensParam: unknown,
    query: Judge0Query,
  ): Promise<{ submissions: (Record<string, unknown> | null)[] }> {
    const tokens = (typeof tokensParam === 'string' ? tokensParam : '')
      .trim()
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    if (tokens.length > MAX_BATCH)
      throw judge0BadRequest(`number of submissions in a batch should be less than or equal to ${MAX_BATCH}`);
    if (tokens.length === 0) throw judge0BadRequest('there should be at least one submission in a batch');
    const metas = await this.meta.findMany(tokens);
    const submissions: (Record<string, unknown> | null)[] = [];
    for (const [i, token] of tokens.entries()) {
      const found = await this.find(token);
      try {
        submissions.push(found ? render(found, metas[i], query) : null);
      } catch (err) {
        if (err instanceof NotUtf8Error) throw judge0BadRequest(NOT_UTF8_BATCH);
        throw err;
      }
    }
    return { submissions };
  }

  /** DELETE /submissions/{token}: refused unless JUDGE0_ENABLE_DELETE; answers the deleted submission, base64 (as Judge0). */
  async delete(token: string, fields: Judge0Field[]): Promise<Record<string, unknown>> {
    if (!this.config.JUDGE0_ENABLE_DELETE) throw judge0BadRequest('delete not allowed');
    const found = await this.find(token);
    if (!found) throw notFound();
    const rendered = render(found, await this.meta.find(token), { base64: true, fields });
    if (found.view.state !== SubmissionState.Finished) {
      const status = rendered.status as { id: number; description: string } | undefined;
      const described = status ? `${status.id} (${status.description})` : found.view.state;
      throw judge0BadRequest(`submission cannot be deleted because its status is ${described}`);
    }
    await this.submissions.withdraw(token);
    await this.meta.remove(token);
    return rendered;
  }

  /** The submission and its request from one atomic read; null for a malformed or unknown token. */
  private async find(token: string): Promise<ReadSubmission | null> {
    return TOKEN.test(token) ? this.submissions.read(token) : null;
  }

  /**
   * The body of a submission's callback: Judge0 PUTs its default fields, base64-encoded, whatever
   * `base64_encoded` the submission came with. Null when the submission is unknown (deleted,
   * expired) or, which a delivery job never sees, not finished.
   */
  async renderCallback(token: string, meta: Judge0Meta): Promise<Record<string, unknown> | null> {
    const found = await this.find(token);
    if (!found || found.view.state !== SubmissionState.Finished) return null;
    return render(found, meta, { base64: true, fields: [...DEFAULT_FIELDS] });
  }

  private prepare(body: unknown, base64: boolean): Promise<Judge0Input> {
    const allowHosts = this.config.JUDGE0_CALLBACK_ALLOW_HOSTS;
    return toJudge0Input(body, base64, (url) => this.callbacks.refusal(url, allowHosts));
  }
}

function render(found: ReadSubmission, meta: Judge0Meta | null, query: Judge0Query): Record<string, unknown> {
  return renderSubmission(found.view, found.request, meta, query.fields, query.base64);
}
