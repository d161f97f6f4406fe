import {
  BadRequestException,
  HttpException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage, ServerResponse } from 'node:http';

type Next = (err?: unknown) => void;

const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * JSON bodies only, at most `limitBytes`. Parser failures are turned into HttpExceptions here
 * because Nest would answer an oversized body with a 500.
 */
export function useJsonBodies(app: NestExpressApplication, limitBytes: number): void {
  app.use(requireJson);
  app.useBodyParser('json', { limit: limitBytes });
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

function parserError(err: unknown, limitBytes: number): unknown {
  if (err instanceof HttpException || typeof err !== 'object' || err === null) return err;
  const { type, message } = err as { type?: unknown; message?: unknown };
  switch (type) {
    case 'entity.too.large':
      return new PayloadTooLargeException(`request body exceeds ${limitBytes} bytes`);
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
