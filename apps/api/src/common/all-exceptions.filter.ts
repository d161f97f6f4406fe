import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { RetryLaterException } from './retry-later.exception';

/**
 * Answers every error as JSON. Client errors keep their own body; anything else becomes a 500
 * whose details stay in the log, found again by the `errorId` the client receives.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const response: unknown = host.switchToHttp().getResponse();
    if (exception instanceof HttpException) {
      if (exception instanceof RetryLaterException) {
        httpAdapter.setHeader(response, 'Retry-After', String(exception.retryAfterSeconds));
      }
      httpAdapter.reply(response, httpBody(exception), exception.getStatus());
      return;
    }
    const errorId = randomUUID();
    this.logger.error({ errorId, err: exception }, `unhandled error ${errorId}`);
    const body = { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: 'Internal Server Error', errorId };
    httpAdapter.reply(response, body, HttpStatus.INTERNAL_SERVER_ERROR);
  }
}

function httpBody(exception: HttpException): object {
  const body = exception.getResponse();
  if (typeof body === 'object') return body;
  return { statusCode: exception.getStatus(), message: body };
}
