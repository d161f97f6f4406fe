import { ValidationPipe } from '@nestjs/common';
import {
  fieldErrorsException,
  NATIVE_VALIDATION,
  toFieldErrors,
  type FieldError,
} from '../common/validation-errors';
import { CreateSubmissionDto } from './create-submission.dto';

/** Thrown by the pipe below only, to hand the refused fields back as data. */
class Refused extends Error {
  constructor(readonly errors: FieldError[]) {
    super('the native rules refused the submission');
  }
}

/** The global pipe's own settings (apiValidationPipe), its refusals kept as data. */
const pipe = new ValidationPipe({
  ...NATIVE_VALIDATION,
  transform: true,
  exceptionFactory: (errors) => new Refused(toFieldErrors(errors)),
});

/**
 * The one way into the native API from another wire format (Judge0, Piston, the live socket):
 * the adapter maps its request to a native body, this validates it once, by exactly the rules
 * POST /v1/submissions applies, and the adapter maps refused fields back to its own shape.
 */
export async function toNativeSubmission(
  body: unknown,
): Promise<{ dto: CreateSubmissionDto } | { errors: FieldError[] }> {
  try {
    const dto = (await pipe.transform(body, {
      type: 'body',
      metatype: CreateSubmissionDto,
    })) as CreateSubmissionDto;
    return { dto };
  } catch (err) {
    if (err instanceof Refused) return { errors: err.errors };
    throw err;
  }
}

/** As toNativeSubmission, a refusal thrown as the 400 POST /v1/submissions answers (adapters reshape it). */
export async function nativeSubmissionOr400(body: unknown): Promise<CreateSubmissionDto> {
  const native = await toNativeSubmission(body);
  if ('errors' in native) throw fieldErrorsException(native.errors);
  return native.dto;
}
