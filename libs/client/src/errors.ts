/** A field the API refused, as its 400 body names it. */
export interface FieldError {
  field: string;
  message: string;
}

/** Any answer of the API that is not a success; `body` is the API's error body as sent. */
export class JudgeboxError extends Error {
  constructor(
    message: string,
    /** HTTP status; 0 when the API could not be reached. */
    readonly status: number,
    readonly body: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400: the body was refused; `errors` names each field. */
export class JudgeboxValidationError extends JudgeboxError {
  get errors(): FieldError[] {
    const errors = (this.body as { errors?: unknown } | null)?.errors;
    return Array.isArray(errors) ? (errors as FieldError[]) : [];
  }
}

/** 404: unknown or expired submission. */
export class JudgeboxNotFoundError extends JudgeboxError {}

/** 401 or 403: a missing or refused API key. */
export class JudgeboxAuthError extends JudgeboxError {}

/** 503 (or 429): full queue, no worker, too many streams; try again after `retryAfterSeconds`. */
export class JudgeboxUnavailableError extends JudgeboxError {
  constructor(
    message: string,
    status: number,
    body: unknown,
    readonly retryAfterSeconds: number | null,
  ) {
    super(message, status, body);
  }
}

/** A live socket closed without `finished`: `code` is its close code (docs/live.md), `body` the API's error body if any. */
export class JudgeboxLiveError extends JudgeboxError {
  constructor(
    message: string,
    readonly code: number,
    body: unknown,
  ) {
    super(message, 0, body);
  }
}

/** The typed exception for an HTTP error answer. */
export function errorFromResponse(status: number, body: unknown, retryAfter: string | null): JudgeboxError {
  const message = messageOf(body) ?? `HTTP ${status}`;
  if (status === 400) return new JudgeboxValidationError(message, status, body);
  if (status === 404) return new JudgeboxNotFoundError(message, status, body);
  if (status === 401 || status === 403) return new JudgeboxAuthError(message, status, body);
  if (status === 503 || status === 429) {
    const seconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : null;
    return new JudgeboxUnavailableError(message, status, body, seconds);
  }
  return new JudgeboxError(message, status, body);
}

function messageOf(body: unknown): string | null {
  const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : body;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' && message.length > 0 ? message : null;
}
