import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import { destination } from 'pino';
import type { AppConfig } from '@judgebox/config';
import { requestIdOf } from '../tenants/request-context';

/**
 * Request logs carry method and URL only: bodies hold user code and stdin, headers may hold secrets.
 * Lines go to stdout asynchronously: a line is written at once when stdout is idle, and lines that
 * come while a write is in flight go out together in the next one, so a busy API spends one
 * syscall per batch instead of one per request (pino flushes what is left when the process exits).
 * Every line logged while a request is handled carries its `requestId` (also the `X-Request-Id`
 * answered, and carried by its jobs to the worker's lines).
 */
export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: [
      {
        level: config.LOG_LEVEL,
        genReqId: requestIdOf,
        customProps: (req: IncomingMessage) => ({ requestId: requestIdOf(req) }),
        autoLogging: { ignore: (req: IncomingMessage) => req.url?.startsWith('/health/') ?? false },
        serializers: {
          req: (req: { id: unknown; method: string; url: string }) => ({
            id: req.id,
            method: req.method,
            url: req.url,
          }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
      },
      destination({ dest: 1, sync: false }),
    ],
  };
}
