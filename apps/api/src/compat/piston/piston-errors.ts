import { Catch } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  AllExceptionsFilter,
  errorSentence,
  retryAfter,
  type ErrorMapper,
} from '../../common/all-exceptions.filter';

/** Piston's shape, `{"message": "..."}`; native validation errors are joined into one message. */
export const PISTON_ERRORS: ErrorMapper = {
  known: (exception) => ({
    status: exception.getStatus(),
    body: { message: errorSentence(exception) },
    headers: retryAfter(exception),
  }),
  internal: (errorId) => ({ message: `internal error ${errorId}` }),
};

/** Errors of the Piston routes in Piston's shape; the native routes keep theirs. */
@Catch()
export class PistonExceptionFilter extends AllExceptionsFilter {
  constructor(adapterHost: HttpAdapterHost) {
    super(adapterHost, PISTON_ERRORS);
  }
}
