import { Catch, HttpException, HttpStatus, UnauthorizedException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  AllExceptionsFilter,
  errorSentence,
  NATIVE_ERRORS,
  retryAfter,
  type ErrorMapper,
} from '../../common/all-exceptions.filter';
import { LanguageNotReadyException } from '../../queue/language-availability';
import { RetryLaterException } from '../../common/retry-later.exception';

/** An answer in Judge0's shape: `body` as is (`{error}`, or `{field: [messages]}` for 422). */
export class Judge0Exception extends HttpException {
  constructor(body: object | null, status: number) {
    super(body ?? '', status);
  }
}

/** 400 `{"error": message}`, Judge0's answer to a bad query or a refused operation. */
export const judge0BadRequest = (error: string): Judge0Exception =>
  new Judge0Exception({ error }, HttpStatus.BAD_REQUEST);

/** 422 `{field: [messages]}`, Judge0's answer to an invalid submission. */
export const judge0Invalid = (errors: Record<string, string[]>): Judge0Exception =>
  new Judge0Exception(errors, HttpStatus.UNPROCESSABLE_ENTITY);

/** Judge0's shapes; what it has none for (a 503, a 500) is answered as the native API does. */
export const JUDGE0_ERRORS: ErrorMapper = {
  known: (exception) => {
    const status = exception.getStatus();
    // Judge0 answers a missing or wrong X-Auth-Token with an empty 401.
    if (exception instanceof UnauthorizedException) return { status: HttpStatus.UNAUTHORIZED, body: null };
    if (exception instanceof Judge0Exception) {
      const body = exception.getResponse();
      return { status, body: body === '' ? null : (body as object) };
    }
    if (status < 500) return { status, body: { error: errorSentence(exception) } };
    if (exception instanceof RetryLaterException)
      return {
        status,
        body: {
          error: exception instanceof LanguageNotReadyException ? errorSentence(exception) : 'queue is full',
        },
        headers: retryAfter(exception),
      };
    return NATIVE_ERRORS.known(exception);
  },
  internal: NATIVE_ERRORS.internal,
};

/**
 * Scoped to the Judge0 controllers: errors in Judge0's shapes, so its clients parse them; the
 * native API keeps its own 400 format.
 */
@Catch()
export class Judge0ExceptionFilter extends AllExceptionsFilter {
  constructor(adapterHost: HttpAdapterHost) {
    super(adapterHost, JUDGE0_ERRORS);
  }
}
