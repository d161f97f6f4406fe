import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { RetryLaterException } from '../../common/retry-later.exception';

/**
 * Errors of the Piston routes in Piston's shape, `{"message": "..."}`; the native routes keep
 * theirs. Native validation errors (a list of field sentences) are joined into one message.
 */
@Catch()
export class PistonExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('PistonExceptions');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const response: unknown = host.switchToHttp().getResponse();
    if (exception instanceof HttpException) {
      if (exception instanceof RetryLaterException)
        httpAdapter.setHeader(response, 'Retry-After', String(exception.retryAfterSeconds));
      httpAdapter.reply(response, { message: pistonMessage(exception) }, exception.getStatus());
      return;
    }
    const errorId = randomUUID();
    this.logger.error({ errorId, err: exception }, `unhandled error ${errorId}`);
    httpAdapter.reply(response, { message: `internal error ${errorId}` }, HttpStatus.INTERNAL_SERVER_ERROR);
  }
}

/** One sentence for any HttpException body. */
export function pistonMessage(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return exception.message;
}
