import { ServiceUnavailableException } from '@nestjs/common';

/** 503 for a temporary refusal (e.g. a full queue); the exception filter adds `Retry-After`. */
export class RetryLaterException extends ServiceUnavailableException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
