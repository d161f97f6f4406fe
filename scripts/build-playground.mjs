// Builds the playground served at / by the API (apps/playground) into dist/playground: one
// bundle with CodeMirror and @judgebox/client from node_modules, so the page needs no network.
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const app = join(root, 'apps', 'playground');
const out = join(root, 'dist', 'playground');

await rm(out, { recursive: true, force: true }); // no stale chunks
await mkdir(out, { recursive: true });
await build({
  entryPoints: [join(app, 'src', 'main.ts')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  platform: 'browser',
  tsconfig: join(app, 'tsconfig.json'),
  // Each language's highlighting is a chunk of its own, loaded when first chosen.
  splitting: true,
  outdir: out,
  entryNames: 'app',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
await copyFile(join(app, 'index.html'), join(out, 'index.html'));
await copyFile(join(app, 'style.css'), join(out, 'app.css'));
