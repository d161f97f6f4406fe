import {
  BadRequestException,
  HttpException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage, ServerResponse } from 'node:http';

type Next = (err?: unknown) => void;

/** Deeper bodies are refused before parsing: no request of ours nests more than a few levels. */
export const MAX_JSON_DEPTH = 32;

const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i;
/** What clients of the compatibility routes send JSON as: no type, or node-fetch's type for a string body. */
const UNTYPED = /^\s*(text\/plain\s*(;.*)?)?$/i;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Whether a request's path is one whose clients may send JSON without saying so. */
export type LenientPath = (path: string) => boolean;

/**
 * JSON bodies only, at most `limitBytes`. On paths `lenient` accepts (the Piston and Judge0
 * routes: their clients, e.g. npm's piston-client, post JSON as text/plain or untyped), a body
 * without a content type or typed text/plain is parsed as JSON too, under the same limit and depth
 * check; anything else is 415 everywhere but where `raw` accepts the request. Parser failures are turned into HttpExceptions here
 * because Nest would answer an oversized body with a 500.
 */
export function useJsonBodies(
  app: NestExpressApplication,
  limitBytes: number,
  lenient: LenientPath = () => false,
  raw: (req: IncomingMessage) => boolean = () => false,
): void {
  const isJson = (req: IncomingMessage): boolean => {
    const type = req.headers['content-type'] ?? '';
    return JSON_TYPE.test(type) || (UNTYPED.test(type) && lenient(pathOf(req)));
  };
  // Raw bodies (problem files) are left unread here for their route to stream.
  app.use(requireJson((req) => isJson(req) || raw(req)));
  app.useBodyParser('json', { limit: limitBytes, verify: refuseDeepJson, type: isJson });
  app.use((err: unknown, req: IncomingMessage, _res: ServerResponse, next: Next) =>
    next(untypedNotJson(err, req) ? notJson() : parserError(err, limitBytes)),
  );
}

const notJson = (): HttpException =>
  new UnsupportedMediaTypeException('request body must be application/json');

/** An untyped or text/plain body taken on trust that is not JSON after all: what its type said, 415. */
function untypedNotJson(err: unknown, req: IncomingMessage): boolean {
  const type = (err as { type?: unknown } | null)?.type;
  return type === 'entity.parse.failed' && !JSON_TYPE.test(req.headers['content-type'] ?? '');
}

function requireJson(isJson: (req: IncomingMessage) => boolean) {
  return (req: IncomingMessage, _res: ServerResponse, next: Next): void => {
    const hasBody =
      req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (!BODY_METHODS.has(req.method ?? '') || !hasBody || isJson(req)) {
      next();
      return;
    }
    next(notJson());
  };
}

const pathOf = (req: IncomingMessage): string => (req.url ?? '').split('?', 1)[0];

/**
 * Deeply nested JSON parses fine but overflows the stack of recursive code after it (class-transformer,
 * validators), which would answer 500. One pass over the raw bytes, outside strings.
 */
function refuseDeepJson(_req: IncomingMessage, _res: ServerResponse, buf: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH)
        throw Object.assign(new Error(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`), {
          type: 'entity.too.deep',
          status: 400,
        });
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

function parserError(err: unknown, limitBytes: number): unknown {
  if (err instanceof HttpException || typeof err !== 'object' || err === null) return err;
  const { type, message } = err as { type?: unknown; message?: unknown };
  switch (type) {
    case 'entity.too.large':
      return new PayloadTooLargeException(`request body exceeds ${limitBytes} bytes`);
    case 'entity.too.deep':
      return new BadRequestException(`malformed JSON: ${String(message)}`);
    case 'entity.parse.failed':
      return new BadRequestException(`malformed JSON: ${String(message)}`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new UnsupportedMediaTypeException(String(message));
    case 'request.aborted':
    case 'request.size.invalid':
      return new BadRequestException(String(message));
    default:
      return err;
  }
}
