import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { RetryLaterException } from './retry-later.exception';

/** One error answer: status, JSON body (null: an empty body) and headers. */
export interface ErrorReply {
  status: number;
  body: object | null;
  headers?: Record<string, string>;
}

/** How one API (native, Judge0, Piston) shapes its error answers. */
export interface ErrorMapper {
  /** The answer to an HttpException: a client error, or a deliberate refusal such as 503. */
  known(exception: HttpException): ErrorReply;
  /** The body of a 500 for anything else; its details stay in the log, under `errorId`. */
  internal(errorId: string): object;
}

/** `Retry-After` for a temporary refusal (RetryLaterException), in every API's shape. */
export function retryAfter(exception: HttpException): Record<string, string> | undefined {
  return exception instanceof RetryLaterException
    ? { 'Retry-After': String(exception.retryAfterSeconds) }
    : undefined;
}

/** One sentence for any HttpException body (native validation errors are joined with `; `). */
export function errorSentence(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return exception.message;
}

/** The native API's shapes: the exception's own body, and a 500 carrying its `errorId`. */
export const NATIVE_ERRORS: ErrorMapper = {
  known: (exception) => ({
    status: exception.getStatus(),
    body: nativeBody(exception),
    headers: retryAfter(exception),
  }),
  internal: (errorId) => ({
    statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
    error: 'Internal Server Error',
    errorId,
  }),
};

function nativeBody(exception: HttpException): object {
  const body = exception.getResponse();
  if (typeof body === 'object') return body;
  return { statusCode: exception.getStatus(), message: body };
}

/**
 * Answers every error as JSON, in the shape of the API the route belongs to (the mapper; the
 * native one globally, the adapters' on their controllers). Anything not an HttpException becomes
 * a 500 whose details stay in the log, found again by the `errorId` the client receives.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly mapper: ErrorMapper = NATIVE_ERRORS,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const response: unknown = host.switchToHttp().getResponse();
    const reply =
      exception instanceof HttpException ? this.mapper.known(exception) : this.internal(exception);
    for (const [name, value] of Object.entries(reply.headers ?? {}))
      httpAdapter.setHeader(response, name, value);
    httpAdapter.reply(response, reply.body, reply.status);
  }

  private internal(exception: unknown): ErrorReply {
    const errorId = randomUUID();
    this.logger.error({ errorId, err: exception }, `unhandled error ${errorId}`);
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: this.mapper.internal(errorId) };
  }
}
