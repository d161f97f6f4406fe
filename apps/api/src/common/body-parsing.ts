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
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * JSON bodies only, at most `limitBytes`. Parser failures are turned into HttpExceptions here
 * because Nest would answer an oversized body with a 500.
 */
export function useJsonBodies(app: NestExpressApplication, limitBytes: number): void {
  app.use(requireJson);
  app.useBodyParser('json', { limit: limitBytes, verify: refuseDeepJson });
  app.use((err: unknown, _req: IncomingMessage, _res: ServerResponse, next: Next) =>
    next(parserError(err, limitBytes)),
  );
}

function requireJson(req: IncomingMessage, _res: ServerResponse, next: Next): void {
  const hasBody =
    req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (!BODY_METHODS.has(req.method ?? '') || !hasBody || JSON_TYPE.test(req.headers['content-type'] ?? '')) {
    next();
    return;
  }
  next(new UnsupportedMediaTypeException('request body must be application/json'));
}

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
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH)
        throw Object.assign(new Error(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`), { type: 'entity.too.deep', status: 400 });
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
