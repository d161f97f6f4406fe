import { BadRequestException, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';

/** One refused field: `field` is a path such as `limits.cpuTimeMs` or `files[1].name`. */
export interface FieldError {
  field: string;
  message: string;
}

/** The 400 every validation failure answers with; `message` repeats each error as one sentence. */
export function fieldErrorsException(errors: FieldError[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: errors.map((e) => `${e.field} ${e.message}`),
    errors,
  });
}

/** Flattens class-validator's tree into field paths, array items as `[i]`. */
export function toFieldErrors(
  errors: readonly ValidationError[],
  parent = '',
  parentIsArray = false,
): FieldError[] {
  return errors.flatMap((error) => {
    const field = joinPath(parent, error.property, parentIsArray);
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) =>
      constraint === 'whitelistValidation'
        ? { field, message: 'is not an allowed field' }
        : itemError(field, message),
    );
    return [...own, ...toFieldErrors(error.children ?? [], field, Array.isArray(error.value))];
  });
}

/** A rule on a whole array points at one item by starting its message with `[i] `. */
function itemError(field: string, message: string): FieldError {
  const item = /^\[(\d+)\] (.*)$/s.exec(message);
  return item ? { field: `${field}[${item[1]}]`, message: item[2] } : { field, message };
}

function joinPath(parent: string, property: string | undefined, parentIsArray: boolean): string {
  if (property === undefined || property === '') return parent || 'body';
  if (parentIsArray) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

/**
 * How native bodies are validated, wherever they come from (the global pipe, the compatibility
 * adapters): unknown fields are refused, not silently dropped; the first failing rule per field.
 */
export const NATIVE_VALIDATION = {
  whitelist: true,
  forbidNonWhitelisted: true,
  stopAtFirstError: true,
  // Values stay in the errors only to tell array items from fields; they are never sent back.
  validationError: { target: false, value: true },
} as const;

/** The global pipe. */
export function apiValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...NATIVE_VALIDATION,
    transform: true,
    exceptionFactory: (errors) => fieldErrorsException(toFieldErrors(errors)),
  });
}
