import { ValidateBy, type ValidationOptions } from 'class-validator';
import { WEBHOOK_BOUNDS } from '@judgebox/domain';

/** Why a `callbackUrl` is refused before its host is looked up, or null. */
export function callbackUrlProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length > WEBHOOK_BOUNDS.callbackUrlLength)
    return `must be at most ${WEBHOOK_BOUNDS.callbackUrlLength} characters`;
  if (!URL.canParse(value)) return 'must be a valid URL';
  const { protocol } = new URL(value);
  return protocol === 'http:' || protocol === 'https:' ? null : 'must be an http or https URL';
}

/** The URL's shape; its host is checked when the submission is accepted (WebhooksService). */
export function IsCallbackUrl(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCallbackUrl',
      validator: {
        validate: (value) => callbackUrlProblem(value) === null,
        defaultMessage: (args) => callbackUrlProblem(args?.value) ?? '',
      },
    },
    options,
  );
}
