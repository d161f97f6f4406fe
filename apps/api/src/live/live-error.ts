import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { LiveCloseName } from '@judgebox/domain';

/** Ends a live session with the close code `close`, telling `message` (and `body`) first. */
export class LiveError extends Error {
  constructor(
    readonly close: LiveCloseName,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
  }
}

const logger = new Logger('LiveSocket');

/**
 * What a failure tells the client: the API's own answers keep their body (a 400 names each
 * field, a 503 says why); anything else is logged and told only as an internal error.
 */
export function toLiveError(err: unknown): LiveError {
  if (err instanceof LiveError) return err;
  if (err instanceof HttpException) {
    const body = err.getResponse();
    const status = err.getStatus();
    if (status === Number(HttpStatus.BAD_REQUEST))
      return new LiveError('invalidSubmission', sentence(body) ?? err.message, body);
    if (status === Number(HttpStatus.SERVICE_UNAVAILABLE))
      return new LiveError('unavailable', err.message, body);
  }
  logger.error({ err }, 'live socket failed');
  return new LiveError('internalError', 'internal error');
}

/** The sentences of a 400 body (`message` is one per refused field). */
function sentence(body: unknown): string | null {
  const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : null;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' ? message : null;
}
