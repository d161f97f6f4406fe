import { ArgumentsHost, Catch, HttpException, HttpStatus, UnauthorizedException } from '@nestjs/common';
import { AllExceptionsFilter } from '../../common/all-exceptions.filter';
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

/**
 * Scoped to the Judge0 controllers: errors in Judge0's shapes, so its clients parse them; the
 * native API keeps its own 400 format. Unexpected errors still go through the global 500 handling
 * (logged with an errorId).
 */
@Catch()
export class Judge0ExceptionFilter extends AllExceptionsFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<{
      status(code: number): { json(b: unknown): void; end(): void };
      setHeader(n: string, v: string): void;
    }>();
    // Judge0 answers a missing or wrong X-Auth-Token with an empty 401.
    if (exception instanceof UnauthorizedException) {
      response.status(HttpStatus.UNAUTHORIZED).end();
      return;
    }
    if (exception instanceof Judge0Exception) {
      const body = exception.getResponse();
      if (body === '') response.status(exception.getStatus()).end();
      else response.status(exception.getStatus()).json(body);
      return;
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      response.status(exception.getStatus()).json({ error: errorText(exception) });
      return;
    }
    if (exception instanceof RetryLaterException) {
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
      const error = exception instanceof LanguageNotReadyException ? errorText(exception) : 'queue is full';
      response.status(exception.getStatus()).json({ error });
      return;
    }
    super.catch(exception, host);
  }
}

function errorText(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const { message } = body as { message?: unknown };
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return exception.message;
}
