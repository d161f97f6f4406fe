import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

type Next = (err?: unknown) => void;
type Handler = (req: IncomingMessage & { path: string }, res: ServerResponse, next: Next) => void;

/** The playground's files: its page, bundle, style and chunks; no other path looks at the disk. */
const PLAYGROUND_PATH = /^\/(?:index\.html|app\.js|app\.css|chunks\/[\w.-]+\.js)?$/;

/**
 * Serves the playground (apps/playground, built into dist/playground by `npm run build`) at `/`.
 * A build missing is logged, and `/` then answers 404.
 */
export function servePlayground(app: NestExpressApplication): void {
  const dir = findBuild(__dirname);
  if (!dir) {
    new Logger('Playground').warn('dist/playground is not built (npm run build): / answers 404');
    return;
  }
  // Express as the Nest adapter has it (it is that package's dependency, not ours).
  const express = createRequire(require.resolve('@nestjs/platform-express'))('express') as {
    static: (root: string, options: object) => Handler;
  };
  const files = express.static(dir, { index: 'index.html', dotfiles: 'ignore', redirect: false });
  const onlyPlayground: Handler = (req, res, next) =>
    PLAYGROUND_PATH.test(req.path) ? files(req, res, next) : next();
  app.use(onlyPlayground);
}

/** dist/playground above `from`: from the sources and from dist/ alike. */
function findBuild(from: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'dist', 'playground');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}
