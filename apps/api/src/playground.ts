import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Serves the playground (apps/playground, built into dist/playground by `npm run build`) at `/`.
 * Only that folder's files; a build missing is logged, and `/` then answers 404.
 */
export function servePlayground(app: NestExpressApplication): void {
  const dir = findBuild(__dirname);
  if (!dir) {
    new Logger('Playground').warn('dist/playground is not built (npm run build): / answers 404');
    return;
  }
  app.useStaticAssets(dir, { index: 'index.html', dotfiles: 'ignore', redirect: false });
}

/** dist/playground above `from`: from the sources and from dist/ alike. */
function findBuild(from: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'dist', 'playground');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}
