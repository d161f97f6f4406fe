import { VersioningType } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage } from 'node:http';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { type AppConfig } from '@judgebox/config';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { useJsonBodies, type LenientPath } from './common/body-parsing';
import { apiValidationPipe } from './common/validation-errors';
import { servePlayground } from './playground';
import { ApiMetrics } from './metrics/api-metrics';
import { PACKAGE_TYPES, PROBLEM_FILE_TYPE } from './problems/problems.controller';
import { requestContextMiddleware, requestIdMiddleware } from './tenants/request-context';

/** Options to create the app with; the JSON parser is installed by `configureApp` instead. */
export const API_APP_OPTIONS = { bodyParser: false, bufferLogs: true } as const;

/** Response headers a browser client may read. */
const EXPOSED_HEADERS = [
  'Location',
  'Retry-After',
  'X-Request-Id',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
];

/**
 * Everything about the HTTP app besides its modules, shared by main.ts and the tests so they
 * exercise the same setup. Order matters: CORS first so error answers carry its headers too.
 */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.enableCors({ origin: corsOrigin(config.CORS_ORIGINS), exposedHeaders: EXPOSED_HEADERS });
  app.use(requestIdMiddleware);
  app.use(app.get(ApiMetrics).httpMiddleware);
  useJsonBodies(app, config.BODY_LIMIT_BYTES, compatRoutes(config.JUDGE0_PREFIX), isProblemUpload);
  app.use(requestContextMiddleware);
  app.enableVersioning({ type: VersioningType.URI });
  app.useGlobalPipes(apiValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(app.get(HttpAdapterHost)));
  setUpOpenApi(app);
  servePlayground(app);
}

/**
 * The compatibility routes (Piston's `/api/v2/*`, Judge0's submissions under `JUDGE0_PREFIX`):
 * their clients may send JSON without a JSON content type. The native API keeps its 415.
 */
export function compatRoutes(judge0Prefix: string): LenientPath {
  const judge0 = `${judge0Prefix}/submissions`.toLowerCase();
  return (path) => {
    const p = path.toLowerCase();
    return p.startsWith('/api/v2/') || p === judge0 || p.startsWith(`${judge0}/`);
  };
}

/**
 * Raw bodies of stored problems (docs/problems.md): a file (`PUT …/files/:name`, octet-stream) or
 * a Polygon package (`POST /v1/problems/polygon`, tar or gzip); streamed by their routes, never
 * parsed or buffered whole.
 */
export function isProblemUpload(req: IncomingMessage): boolean {
  const path = (req.url ?? '').split('?', 1)[0];
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (req.method === 'PUT' && /^\/v1\/problems\/[^/]+\/files\/[^/]+$/.test(path))
    return type.startsWith(PROBLEM_FILE_TYPE);
  return (
    req.method === 'POST' && path === '/v1/problems/polygon' && PACKAGE_TYPES.some((t) => type.startsWith(t))
  );
}

/** `CORS_ORIGINS` as the cors package takes it; the Piston socket applies it to `Origin` too. */
export function corsOrigin(origins: string[]): string | string[] {
  return origins.includes('*') ? '*' : origins;
}

function setUpOpenApi(app: NestExpressApplication): void {
  const info = new DocumentBuilder()
    .setTitle('judgebox')
    .setDescription(
      'Runs untrusted code in hardened one-shot containers. Every limit is listed by GET /v1/limits.',
    )
    .setVersion('1')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, info), {
    jsonDocumentUrl: 'docs-json',
  });
}
