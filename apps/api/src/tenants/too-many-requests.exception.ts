import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * 429: a key went over one of its limits (rate, concurrency, CPU-seconds per day). `Retry-After`
 * and the `RateLimit-*` headers are set on the response before it is thrown, so every exception
 * filter (native, Judge0, Piston shapes) answers with them.
 */
export class TooManyRequestsException extends HttpException {
  constructor(message: string) {
    super(
      { statusCode: HttpStatus.TOO_MANY_REQUESTS, error: 'Too Many Requests', message },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
